#!/usr/bin/env bash
# 一条命令：安装所需环境，检查自带的示例内容，生成成果展示网站（site/）和全校成果汇编（build/成果汇编-全校.pdf）。
source "$(dirname "$0")/bootstrap.sh"
.venv/bin/showcase build "$@"
.venv/bin/showcase compile --format pdf
