#!/usr/bin/env bash
# 一条命令：安装所需环境，检查自带的示例内容并生成成果展示网站（site/）。
source "$(dirname "$0")/bootstrap.sh"
.venv/bin/showcase build "$@"
