"""Runs generated PyTorch packages for tests/emit/pytorch/parity.test.ts, all specs in one process.

argv[1]: a JSON list of jobs {name, dir, full_dir, inputs}; prints one JSON object per job name:
parameter counts (generated module and its full-width twin), the output shape of every IR node as
forward computes it, the largest difference of the outputs and logits from the tfjs model's
(io.safetensors, channels-last) and writes dir/resaved.safetensors through save_weights.
"""
import importlib.util
import json
import sys

import torch

torch.set_num_threads(1)


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def to_channels_first(t):
    return t.permute(0, t.dim() - 1, *range(1, t.dim() - 1)).contiguous()


def node_shapes(net, x):
    """Every local of forward() that is a tensor, by name: the IR nodes' outputs."""
    shapes = {}
    code = type(net).forward.__code__

    def profile(frame, event, arg):
        if event == "return" and frame.f_code is code:
            for k, v in frame.f_locals.items():
                if isinstance(v, torch.Tensor):
                    shapes[k] = list(v.shape[1:])

    sys.setprofile(profile)
    try:
        outputs = net(x)
    finally:
        sys.setprofile(None)
    return shapes, outputs


def uninitialised(unet_class):
    """Builds a (30M-parameter) module without running PyTorch's initialisers: only counted."""
    conv = torch.nn.modules.conv._ConvNd
    original = conv.reset_parameters
    conv.reset_parameters = lambda self: None
    try:
        return unet_class()
    finally:
        conv.reset_parameters = original


def count(net):
    """Parameters plus float buffers (batch norm statistics), as the checker counts."""
    return sum(t.numel() for t in net.state_dict().values() if t.is_floating_point())


def run(job, i):
    model = load(f"{job['dir']}/model.py", f"model_{i}")
    weights = load(f"{job['dir']}/weights.py", f"weights_{i}")
    net = model.UNet()
    result = {"full_params": count(uninitialised(load(f"{job['full_dir']}/model.py", f"full_{i}").UNet)), "params": count(net)}
    weights.load_weights(net, f"{job['dir']}/weights.safetensors")
    net.eval()
    io = weights.read_safetensors(f"{job['dir']}/io.safetensors")
    x = to_channels_first(io["input"])
    with torch.no_grad():
        shapes, outputs = node_shapes(net, x)
        logits = net.logits(x)
        through_forward = net(x, logits=True)
    result["logits_through_forward"] = all(torch.equal(a, b) for a, b in zip(logits, through_forward))
    result["shapes"] = shapes
    result["constants"] = {
        "INPUT_SHAPE": list(model.INPUT_SHAPE),
        "OUTPUT_SHAPES": [list(s) for s in model.OUTPUT_SHAPES],
        "OUTPUT_NAMES": list(model.OUTPUT_NAMES),
        "HEAD_KINDS": list(model.HEAD_KINDS),
        "CLASSES": model.CLASSES,
    }
    result["output_diff"] = [
        float((y - to_channels_first(io[f"output/{k}"])).abs().max()) for k, y in enumerate(outputs)
    ]
    result["logits_diff"] = [
        float((y - to_channels_first(io[f"logits/{k}"])).abs().max()) for k, y in enumerate(logits)
    ]
    result["logits_scale"] = [float(y.abs().max()) for y in logits]
    weights.save_weights(net, f"{job['dir']}/resaved.safetensors")
    for module in net.modules():
        if isinstance(module, (torch.nn.Dropout, torch.nn.Dropout2d, torch.nn.Dropout3d)):
            module.p = 0.0
    net.train()
    with torch.no_grad():
        trained = net(x)
    result["train_diff"] = [
        float((y - to_channels_first(io[f"train/{k}"])).abs().max()) for k, y in enumerate(trained)
    ]
    state = net.state_dict()
    result["moving_mean_diff"] = {
        key: float((state[f"{key[len('moving_mean/'):]}.running_mean"] - io[key]).abs().max())
        for key in io
        if key.startswith("moving_mean/")
    }
    return result


def main():
    jobs = json.loads(open(sys.argv[1]).read())
    print(json.dumps({job["name"]: run(job, i) for i, job in enumerate(jobs)}))


main()
