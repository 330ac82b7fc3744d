"""Load and save the weights of model.UNet in safetensors format (what unetc reads and writes).

    from weights import load_weights, save_weights
    load_weights(model, "weights.safetensors")    # every parameter and buffer must be there
    save_weights(model, "trained.safetensors")    # then: unetc compile <spec> --weights trained.safetensors

Uses the safetensors package when installed, else the numpy reader/writer below (same format).
A DistributedDataParallel wrapper is unwrapped (its .module is saved / loaded).
"""
import json
import os
import struct
from typing import Dict, Optional

import numpy as np
import torch

try:
    from safetensors.torch import load_file as _load_file, save_file as _save_file
except ImportError:  # pragma: no cover - depends on the machine
    _load_file = None
    _save_file = None

_NUMPY_DTYPES = {
    "F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
    "U8": "u1", "BOOL": "?",
}


def read_safetensors(path: str) -> Dict[str, torch.Tensor]:
    """All tensors of a safetensors file by name (numpy fallback of safetensors.torch.load_file)."""
    if _load_file is not None:
        return _load_file(path)
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length].decode("utf-8"))
    body = memoryview(data)[8 + length :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _NUMPY_DTYPES:
            raise ValueError(f"{path}: tensor {name!r} has dtype {info['dtype']}, which this reader does not know")
        begin, end = info["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=np.dtype(_NUMPY_DTYPES[info["dtype"]]))
        tensors[name] = torch.from_numpy(array.reshape(info["shape"]).astype(array.dtype.newbyteorder("="), copy=True))
    return tensors


def write_safetensors(tensors: Dict[str, torch.Tensor], path: str, metadata: Optional[Dict[str, str]] = None) -> None:
    """Writes float32 tensors to path atomically (numpy fallback of safetensors.torch.save_file)."""
    arrays = {name: t.detach().to("cpu", torch.float32).contiguous().numpy() for name, t in tensors.items()}
    tmp = f"{path}.tmp{os.getpid()}"
    if _save_file is not None:
        _save_file({n: torch.from_numpy(a) for n, a in arrays.items()}, tmp, metadata=metadata)
    else:
        header: Dict[str, object] = {"__metadata__": dict(metadata or {})}
        offset = 0
        for name in sorted(arrays):
            nbytes = arrays[name].nbytes
            header[name] = {"dtype": "F32", "shape": list(arrays[name].shape), "data_offsets": [offset, offset + nbytes]}
            offset += nbytes
        text = json.dumps(header, separators=(",", ":")).encode("utf-8")
        text += b" " * (-len(text) % 8)
        with open(tmp, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for name in sorted(arrays):
                f.write(arrays[name].astype("<f4", copy=False).tobytes())
    os.replace(tmp, path)


def _unwrapped(model: torch.nn.Module) -> torch.nn.Module:
    return getattr(model, "module", model)


def _float_state(model: torch.nn.Module) -> Dict[str, torch.Tensor]:
    """The state dict without integer buffers (batch norm's num_batches_tracked)."""
    return {k: v for k, v in _unwrapped(model).state_dict().items() if v.is_floating_point()}


def load_weights(model: torch.nn.Module, path: str) -> None:
    """Loads every float parameter and buffer of model from path; raises ValueError naming what does not fit."""
    tensors = read_safetensors(path)
    expected = _float_state(model)
    missing = [k for k in expected if k not in tensors]
    extra = [k for k in tensors if k not in expected and not k.endswith("num_batches_tracked")]
    wrong = [k for k in expected if k in tensors and tuple(tensors[k].shape) != tuple(expected[k].shape)]
    if missing or extra or wrong:
        raise ValueError(
            f"{path} does not fit this model: missing {missing[:3]}, unexpected {extra[:3]}, wrong shape {wrong[:3]}"
        )
    with torch.no_grad():
        for name, value in expected.items():
            value.copy_(tensors[name].to(value.dtype))


def save_weights(model: torch.nn.Module, path: str) -> None:
    """Saves model's float parameters and buffers (float32) to path, atomically."""
    write_safetensors(_float_state(model), path, {"format": "pt", "writer": "unetc weights.py"})
