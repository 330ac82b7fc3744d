#!/usr/bin/env bash
# The NIfTI example end to end: synthetic data (if missing) → check → train → predict the held-out
# volumes back onto their own grids (NIfTI with each input's header) → evaluate against labelsTs.
#   bash examples/nifti3d/run.sh quick    # about a minute: a few training steps
#   bash examples/nifti3d/run.sh full     # the training plan in blobs.unet (4 × 25 steps)
# Environment: UNETC_NIFTI3D_DATA (data folder; default examples/nifti3d/data), UNETC_NIFTI3D_OUT
# (run folder; default runs/nifti3d[-quick]), UNETC_NIFTI3D_STEPS (quick mode's steps; default 20).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-quick}"
unetc() { node "$root/bin/unetc.js" "$@"; }

data="${UNETC_NIFTI3D_DATA:-$here/data}"
case "$mode" in
  quick) out="${UNETC_NIFTI3D_OUT:-$root/runs/nifti3d-quick}"; train_args=(--steps "${UNETC_NIFTI3D_STEPS:-20}") ;;
  full) out="${UNETC_NIFTI3D_OUT:-$root/runs/nifti3d}"; train_args=() ;;
  *) echo "usage: run.sh quick|full" >&2; exit 2 ;;
esac

if [ ! -d "$data/imagesTr" ]; then
  node --import tsx "$here/make-data.ts" "$data"
fi
spec="$here/blobs.unet"
if [ "$data" != "$here/data" ]; then
  # The spec's paths are relative to it: use a copy next to the data.
  sed -e "s#\"data/#\"$data/#g" "$spec" > "$data/blobs.unet"
  spec="$data/blobs.unet"
fi

unetc check "$spec"
unetc train "$spec" --out "$out" --force "${train_args[@]}"
unetc predict "$out" --weights "$out" "$data"/imagesTs/*.nii.gz --out "$out/predictions" --probabilities
unetc eval --pred "$out/predictions" --truth "$data/labelsTs/*.nii.gz" --classes background=0,blob=1 --volumes 3d \
  --format json --output "$out/eval.json"
unetc eval --pred "$out/predictions" --truth "$data/labelsTs/*.nii.gz" --classes background=0,blob=1 --volumes 3d
echo
echo "Predictions: $out/predictions/   Metrics: $out/eval.json   TensorBoard: tensorboard --logdir $out/tb"
