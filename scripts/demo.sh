#!/usr/bin/env bash
# 一条命令：安装所需环境，并用自带的示例内容检查（以后还会生成网站和成果汇编）。
source "$(dirname "$0")/bootstrap.sh"
.venv/bin/showcase check "$@"
