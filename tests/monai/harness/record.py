#!/usr/bin/python3
"""
Parity harness: runs MONAI 1.3.2's U-Net family (vendored, unmodified, under monai_src/) over a grid
of constructor arguments and records, per configuration, the trainable parameter count
(`sum(p.numel() for p in model.parameters() if p.requires_grad)`), the output shape, and the output
shape of named checkpoints (encoder levels, up-sampled maps, decoder levels), or the error MONAI
raises for the input size. The results are the committed golden data tests/monai/golden/*.json that
tests/monai/parity.test.ts compares the checker with; the tests never run Python.

    /usr/bin/python3 tests/monai/harness/record.py     # rewrites tests/monai/golden/*.json

Checkpoint names are shared with the test: enc<k> = encoder output at level k (k = 0 full
resolution), up<k> = the up-sampled map arriving at level k, dec<k> = decoder output at level k,
out = the network output, x<i>_<j> = U-Net++ node X(i, j), ds<j> = deep-supervision head on level
j, and id:<layer> = the output of one MONAI layer whose counterpart is the unetc layer of that id
(a strided first conv, a shortcut projection, a transposed conv, an attention gate's parts).
Shapes are PyTorch's, channels first, without the batch axis.
"""
from __future__ import annotations

import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "monai_src"))

import torch  # noqa: E402

from monai.networks.nets.attentionunet import AttentionUnet  # noqa: E402
from monai.networks.nets.basic_unet import BasicUNet  # noqa: E402
from monai.networks.nets.basic_unetplusplus import BasicUNetPlusPlus  # noqa: E402
from monai.networks.nets.dynunet import DynUNet  # noqa: E402
from monai.networks.nets.unet import UNet  # noqa: E402

from grid import attention_grid, basic_grid, basicpp_grid, dynunet_grid, unet_grid  # noqa: E402

GOLDEN = os.path.join(HERE, "..", "golden")


def unet_checkpoints(kw: dict) -> dict[str, str]:
    """Module path → checkpoint for monai.networks.nets.UNet (nested Sequential(down, SkipConnection, up))."""
    levels = len(kw["channels"])
    residual = kw.get("num_res_units", 0) > 0
    points = {}
    prefix = "model"
    for i in range(levels - 1):
        points[f"{prefix}.0"] = f"enc{i + 1}"
        points[f"{prefix}.2"] = f"up{i}"
        # Single layers: the strided first conv, its shortcut projection, the transposed conv.
        points[f"{prefix}.0.conv.unit0.conv" if residual else f"{prefix}.0.conv"] = f"id:enc{i + 1}_conv1"
        if residual:
            points[f"{prefix}.0.residual"] = f"id:enc{i + 1}_proj"
        points[f"{prefix}.2.0.conv" if residual else f"{prefix}.2.conv"] = f"id:dec{i}_up"
        sub = f"{prefix}.1.submodule"
        if i == levels - 2:
            points[sub] = f"enc{levels}"
        prefix = sub
    return points


def attention_checkpoints(kw: dict) -> dict[str, str]:
    levels = len(kw["channels"])
    points = {"model.0": "enc0", "model.2": "out"}
    prefix = "model.1"
    for k in range(levels - 1):
        points[f"{prefix}.upconv"] = f"up{k}"
        points[f"{prefix}.merge"] = f"dec{k}"
        points[f"{prefix}.attention.W_g"] = f"id:att{k}_wg_norm"
        points[f"{prefix}.attention.W_x"] = f"id:att{k}_wx_norm"
        points[f"{prefix}.attention.psi"] = f"id:att{k}_sigmoid"
        points[f"{prefix}.attention"] = f"id:att{k}_mul"
        if k == levels - 2:
            points[f"{prefix}.submodule"] = f"enc{k + 1}"
        else:
            points[f"{prefix}.submodule.0"] = f"enc{k + 1}"
        prefix = f"{prefix}.submodule.1"
    return points


def basic_checkpoints(kw: dict) -> dict[str, str]:
    points = {"conv_0": "enc0", "final_conv": "out"}
    for k in range(1, 5):
        points[f"down_{k}"] = f"enc{k}"
        points[f"upcat_{k}"] = f"dec{k - 1}"
        points[f"upcat_{k}.upsample"] = f"up{k - 1}"
    return points


def basicpp_checkpoints(kw: dict) -> dict[str, str]:
    points = {"conv_0_0": "enc0"}
    for i in range(1, 5):
        points[f"conv_{i}_0"] = f"enc{i}"
    for j in range(1, 5):
        for i in range(0, 5 - j):
            points[f"upcat_{i}_{j}"] = f"x{i}_{j}"
    return points


def dynunet_checkpoints(kw: dict) -> dict[str, str]:
    n = len(kw["strides"])
    points = {"input_block": "enc0", "bottleneck": f"enc{n - 1}", "output_block": "out"}
    for i in range(n - 2):
        points[f"downsamples.{i}"] = f"enc{i + 1}"
    for j in range(n - 1):
        points[f"upsamples.{j}"] = f"dec{n - 2 - j}"
        points[f"upsamples.{j}.transp_conv"] = f"id:dec{n - 2 - j}_up"
    if kw.get("res_block"):
        points["input_block.conv3"] = "id:enc0_proj"
        points["input_block.norm3"] = "id:enc0_proj_norm"
        for i in range(n - 2):
            points[f"downsamples.{i}.conv3"] = f"id:enc{i + 1}_proj"
        points["bottleneck.conv3"] = "id:bottleneck_proj"
    for j in range(kw.get("deep_supr_num", 1) if kw.get("deep_supervision") else 0):
        points[f"deep_supervision_heads.{j}"] = f"ds{j + 1}"
    return points


CLASSES = {
    "UNet": (UNet, unet_checkpoints, unet_grid),
    "AttentionUnet": (AttentionUnet, attention_checkpoints, attention_grid),
    "BasicUNet": (BasicUNet, basic_checkpoints, basic_grid),
    "DynUNet": (DynUNet, dynunet_checkpoints, dynunet_grid),
    "BasicUNetPlusPlus": (BasicUNetPlusPlus, basicpp_checkpoints, basicpp_grid),
}


def to_python(value):
    """Constructor arguments as JSON: tuples become lists."""
    if isinstance(value, (list, tuple)):
        return [to_python(v) for v in value]
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    return value


def record(cls_name: str, kw: dict, size: list[int], note: str) -> dict:
    cls, checkpoints, _ = CLASSES[cls_name]
    torch.manual_seed(0)
    entry = {"class": cls_name, "note": note, "kwargs": to_python(kw), "input": size}
    try:
        model = cls(**kw)
    except ValueError as error:
        return {**entry, "ok": False, "error": str(error).splitlines()[0][:200], "stage": "construct"}
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    buffers = sum(b.numel() for b in model.buffers())
    points = checkpoints(kw)
    shapes: dict[str, list[int]] = {}
    modules = dict(model.named_modules())
    hooks = []
    for path, name in list(points.items()):
        module = modules.get(path)
        if module is None and not name.startswith("id:"):
            raise KeyError(f"{cls_name}: no module {path}")
        if module is None or isinstance(module, torch.nn.Identity):  # a shortcut without projection
            del points[path]
            continue

        def hook(_m, _i, out, name=name, path=path):
            shapes[name] = list(out.shape[1:])

        hooks.append(module.register_forward_hook(hook))
    # Training mode computes DynUNet's deep-supervision heads; batch 2 keeps batch norm defined.
    model.train(bool(kw.get("deep_supervision")))
    x = torch.zeros([2, kw["in_channels"], *size])
    entry = {**entry, "trainableParams": trainable, "buffers": buffers}
    try:
        y = model(x)
        # Parameters no output depends on (BasicUNetPlusPlus computes final_conv_0_1…0_3 without
        # deep supervision and drops them): no gradient reaches them, and unetc has no counterpart.
        (sum(o.float().sum() for o in y) if isinstance(y, list) else y.float().sum()).backward()
        dead = sum(p.numel() for p in model.parameters() if p.requires_grad and p.grad is None)
        entry["ok"] = True
        # A list of heads (BasicUNetPlusPlus) or stacked heads (DynUNet): [heads, *main output].
        entry["output"] = [len(y), *y[-1].shape[1:]] if isinstance(y, list) else list(y.shape[1:])
        entry["checkpoints"] = {name: shapes[name] for name in points.values() if name in shapes}
        entry["unusedParams"] = dead
    except (RuntimeError, ValueError) as error:
        entry["ok"] = False
        entry["error"] = str(error).splitlines()[0][:200]
        entry["stage"] = "forward"
    for h in hooks:
        h.remove()
    return entry


def main() -> None:
    os.makedirs(GOLDEN, exist_ok=True)
    total = 0
    for cls_name, (_, _, grid) in CLASSES.items():
        records = [record(cls_name, kw, size, note) for note, kw, size in grid()]
        path = os.path.join(GOLDEN, f"{cls_name.lower()}.json")
        header = {
            "monai": "1.3.2",
            "torch": torch.__version__,
            "recordedBy": "tests/monai/harness/record.py",
            "records": records,
        }
        with open(path + ".tmp", "w") as f:
            json.dump(header, f, indent=1)
            f.write("\n")
        os.replace(path + ".tmp", path)
        total += len(records)
        print(f"{path}: {len(records)} records ({sum(r['ok'] for r in records)} run)")
    print(f"{total} records")


if __name__ == "__main__":
    main()
