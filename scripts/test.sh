#!/usr/bin/env bash
# 一条命令：安装所需环境，并运行全部测试。
source "$(dirname "$0")/bootstrap.sh"
exec .venv/bin/python -m pytest "$@"
