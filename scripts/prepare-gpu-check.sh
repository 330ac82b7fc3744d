#!/usr/bin/env bash
# Prepares gpu-check/ for scripts/gpu-check.sh (run here, where Node and unetc are): the ISBI
# example's network compiled with --target pytorch into gpu-check/pkg/, four ISBI slices with
# their labels in gpu-check/data/, and gpu-check/sources.json pairing them (0-2 train, 3
# validation). The package's initial weights are left out to keep the folder small (≈ 1 MB):
# train.py then starts from PyTorch's default initialisation under the spec's seed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/gpu-check"
rm -rf "$dest/pkg" "$dest/data"
mkdir -p "$dest/data/image" "$dest/data/label"
# From the sources (tsx), so the package is what the code compiles now, built or not.
(cd "$root" && node --import tsx --input-type=module \
  -e 'const { main } = await import("./src/cli/main.ts"); process.exitCode = await main(process.argv.slice(1));' \
  -- compile "$root/examples/isbi2012/isbi.unet" --target pytorch -o "$dest/pkg")
rm -f "$dest/pkg/weights.safetensors" "$dest/pkg/.unetc-output.json"
for i in 0 1 2 16; do
  cp "$root/examples/isbi2012/data/image/$i.png" "$dest/data/image/$i.png"
  cp "$root/examples/isbi2012/data/label/$i.png" "$dest/data/label/$i.png"
done
cat > "$dest/sources.json" <<'JSON'
{
 "train": [
  {"id": "0", "image": "data/image/0.png", "mask": "data/label/0.png", "page": 0},
  {"id": "1", "image": "data/image/1.png", "mask": "data/label/1.png", "page": 0},
  {"id": "2", "image": "data/image/2.png", "mask": "data/label/2.png", "page": 0}
 ],
 "validation": [
  {"id": "16", "image": "data/image/16.png", "mask": "data/label/16.png", "page": 0}
 ]
}
JSON
du -sh "$dest"
echo "prepared $dest; on the GPU machine run: bash scripts/gpu-check.sh"
