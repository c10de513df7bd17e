#!/usr/bin/env bash
# Packs every workspace package (pnpm pack, as `npm publish` would ship it), installs the tarballs
# into this standalone npm project and runs train.mjs on ml-100k. Needs the packages built first
# (`npm run build` at the root). Usage: examples/library/run.sh [path to ml-100k]
# (default: $CLREC_SHARED_DIR/datasets/ml-100k, else ../shared/datasets/ml-100k beside the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${CLREC_SHARED_DIR:-$root/../shared}"
data="${1:-$shared/datasets/ml-100k}"
if [ ! -e "$data/u.data" ]; then
  echo "[library example] MovieLens-100K not found at $data (expected u.data there): pass its path as the first argument or set CLREC_SHARED_DIR to the folder holding datasets/" >&2
  exit 2
fi
packs="$here/.packs"
rm -rf "$packs" "$here/node_modules" "$here/package-lock.json"
mkdir -p "$packs"
pnpm="$root/node_modules/.bin/pnpm"
for dir in "$root"/packages/*/; do
  (cd "$dir" && "$pnpm" pack --pack-destination "$packs" >/dev/null)
done
echo "[library example] packed: $(cd "$packs" && ls | tr '\n' ' ')" >&2
cd "$here"
# --no-save: keep package.json as committed; the tarballs satisfy each other's @clrec dependencies
npm install --no-save --no-audit --no-fund --loglevel=error "$packs"/*.tgz
node train.mjs "$data"
