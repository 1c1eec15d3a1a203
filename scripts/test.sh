#!/usr/bin/env bash
# 一条命令：安装所需环境，并运行全部测试。
source "$(dirname "$0")/bootstrap.sh"

# 测试用的 Node 工具（tests/node/package.json：浏览器投稿的本地后端 decap-server），锁定文件变了才重装。
if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "安装系统软件包：nodejs npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if command -v npm >/dev/null 2>&1; then
  stamp="tests/node/node_modules/.showcase-installed"
  wanted="$(sha256sum tests/node/package-lock.json | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    say "安装测试用的 Node 工具"
    npm ci --prefix tests/node --no-audit --no-fund --loglevel=error >/dev/null
    printf '%s' "$wanted" > "$stamp"
  fi
else
  say "提示：没有 npm，浏览器投稿的测试将跳过。"
fi

# The other two site engines, each in its own environment (.venv/engines/), built against the same tree.
./scripts/install-engine.sh properdocs zensical

exec .venv/bin/python -m pytest "$@"
