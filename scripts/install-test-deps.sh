#!/usr/bin/env bash
# The Python packages the tests compare unetc against (PyTorch for the PyTorch target and its
# trainer, onnx's checker, nibabel for NIfTI, SciPy/NumPy/Pillow for the data pipeline, protobuf for
# TensorBoard files): Debian's, installed only if /usr/bin/python3 lacks one (as root, or via sudo).
# unetc itself needs Python only to run the PyTorch target.
set -euo pipefail
PY=/usr/bin/python3
modules='import torch, scipy, numpy, PIL, onnx, nibabel, google.protobuf'
if ! "$PY" -c "$modules" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    python3-torch python3-scipy python3-numpy python3-pil python3-onnx python3-nibabel python3-protobuf
fi
"$PY" -c "$modules; print('test dependencies: torch', torch.__version__, '· onnx', onnx.__version__, '· nibabel', nibabel.__version__)"
