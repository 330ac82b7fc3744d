#!/usr/bin/env bash
# The ISBI 2012 example end to end: check → train → overlap-tile predict (with test-time
# augmentation) on the held-out slices 16–19 → ISBI metrics → HTML report.
#   bash examples/isbi2012/run.sh quick   # a few minutes: the README's first command (npm run example)
#   bash examples/isbi2012/run.sh full    # the whole training plan in isbi.unet (about an hour on 2 cores)
#   bash examples/isbi2012/run.sh quick pytorch   # the same, trained by the PyTorch package (train.py)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-quick}"
target="${2:-tfjs}"
unetc() { node "$root/bin/unetc.js" "$@"; }

case "$mode" in
  quick) out="$root/runs/isbi2012-quick"; train_args=(--epochs 1 --steps 120); tta=none ;;
  full) out="$root/runs/isbi2012"; train_args=(); tta=d4 ;;
  *) echo "usage: run.sh quick|full [tfjs|pytorch]" >&2; exit 2 ;;
esac
case "$target" in
  tfjs) ;;
  pytorch) out="$out-pytorch"; train_args+=(--target pytorch) ;;
  *) echo "usage: run.sh quick|full [tfjs|pytorch]" >&2; exit 2 ;;
esac

unetc check "$here/isbi.unet"
unetc train "$here/isbi.unet" --out "$out" --force "${train_args[@]}"
unetc predict "$out" --weights "$out" "$here"/data/image/1[6-9].png --out "$out/predictions" --tta "$tta" --probabilities
unetc eval --pred "$out/predictions" --truth "$here/data/label/1[6-9].png" \
  --classes membrane=0,cell=255 --format json --output "$out/eval.json"
unetc eval --pred "$out/predictions" --truth "$here/data/label/1[6-9].png" --classes membrane=0,cell=255
echo
echo "Report: $out/report.html"
echo "Predictions: $out/predictions/   Metrics: $out/eval.json"
