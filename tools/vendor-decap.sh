#!/usr/bin/env bash
# Replace vendor/decap-cms/ with the dist files of another Decap CMS release: tools/vendor-decap.sh 3.16.3
set -euo pipefail
version="${1:?usage: tools/vendor-decap.sh VERSION}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --no-audit --no-fund --loglevel=error "decap-cms@$version" "decap-cms-backend-gitea"
dist="$work/node_modules/decap-cms/dist"
target="$root/vendor/decap-cms"
find "$target" -type f ! -name README.md -delete
cp "$dist"/decap-cms.js "$dist"/[0-9]*.decap-cms.js "$dist"/*.wasm "$dist"/decap-cms.js.LICENSE.txt "$target"/
cp "$work/node_modules/decap-cms-backend-gitea/LICENSE" "$target/LICENSE"
# Left out: the WebP encoder (two chunks and their WebAssembly), loaded only for the media
# library's image transformations, which the generated configuration never turns on; its
# chunks also carry the path of the machine they were built on.
for chunk in $(grep -l "file:///" "$target"/*.decap-cms.js); do
  for wasm in $(grep -o '"[0-9a-f]*\.wasm"' "$chunk" | tr -d '"'); do rm -f "$target/$wasm"; done
  rm "$chunk"
done
if grep -rl "file:///" "$target" >/dev/null; then echo "vendor/decap-cms: a file still names a build path" >&2; exit 1; fi
sed -i "1s/.*/# Decap CMS $version (vendored)/; s/decap-cms@[0-9.]*/decap-cms@$version/" "$target/README.md"
echo "vendor/decap-cms: Decap CMS $version"
