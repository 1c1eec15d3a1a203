# Shared set-up for scripts/demo.sh and scripts/test.sh (sourced, not run).
# Creates or reuses .venv/ in the repository root and installs what is missing,
# system packages included when run as root.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '%s\n' "$*" >&2; }

# --- system packages -----------------------------------------------------------
# SHOWCASE_APT=minimal leaves out the packages only the tests need; SHOWCASE_APT=none installs none.
APT_PACKAGES=()
if [ "${SHOWCASE_APT:-all}" != "none" ]; then
  pattern='^[a-z0-9.+-]+'
  [ "${SHOWCASE_APT:-all}" = "minimal" ] && pattern='^[a-z0-9.+-]+\s*$'
  mapfile -t APT_PACKAGES < <(grep -E "$pattern" scripts/apt-packages.txt | awk '{print $1}')
fi
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "安装系统软件包：${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "提示：缺少系统软件包 ${missing[*]}，请让管理员运行：sudo apt-get install ${missing[*]}"
  fi
fi

# --- Python virtual environment -------------------------------------------------
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  say "需要 Python 3.11 或更高版本（当前：$("$PYTHON" --version 2>&1 || echo 未安装)）。"
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  say "创建虚拟环境 .venv/"
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      rm -rf .venv && "$PYTHON" -m venv .venv
    else
      say "无法创建虚拟环境，请先安装 python3-venv。"
      exit 2
    fi
  fi
fi

# Reinstall only when the dependency list changed.
stamp=".venv/.showcase-installed"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  say "安装 Python 依赖"
  .venv/bin/python -m pip install -qq --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -qq --disable-pip-version-check -e ".[test]"
  printf '%s' "$wanted" > "$stamp"
fi
