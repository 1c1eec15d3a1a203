#!/usr/bin/env bash
# Installs another site engine into its own environment, .venv/engines/<name>/:
#   ./scripts/install-engine.sh properdocs   # ProperDocs + mkdocs-materialx
#   ./scripts/install-engine.sh zensical     # Zensical
# Then: showcase build --engine <name>. Reinstalls only when scripts/engines/<name>.txt changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if [ "$#" -eq 0 ]; then
  echo "用法：./scripts/install-engine.sh properdocs|zensical …" >&2
  exit 2
fi
for name in "$@"; do
  wanted_file="scripts/engines/$name.txt"
  if [ ! -f "$wanted_file" ]; then
    echo "没有这个引擎：$name（可选：$(cd scripts/engines && ls *.txt | sed 's/\.txt$//' | tr '\n' ' ')）" >&2
    exit 2
  fi
  home=".venv/engines/$name"
  stamp="$home/.showcase-installed"
  wanted="$(sha256sum "$wanted_file" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    continue
  fi
  echo "安装网站引擎 $name 到 $home/" >&2
  rm -rf "$home"
  "$PYTHON" -m venv "$home"
  "$home/bin/python" -m pip install -qq --disable-pip-version-check -r "$wanted_file"
  printf '%s' "$wanted" > "$stamp"
done
