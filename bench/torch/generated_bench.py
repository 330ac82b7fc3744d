"""Times the PyTorch package `unetc compile --target pytorch` generates, exactly as unet_bench.py times
its hand-written U-Net (same input, loss, optimizer and thread settings), for bench/suites/pytorch-target.ts.

    /usr/bin/python3 bench/torch/generated_bench.py '{"dir":"out/unet188-pytorch","threads":1,"steps":5,"forwards":5}'
Prints one JSON line {threads, torch, forwardMs[], stepMs[], outShape}; exits 3 when torch is missing.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unet_bench import timed  # noqa: E402  (exits 3 without torch)

import torch  # noqa: E402
from torch import nn  # noqa: E402


def main():
    args = json.loads(sys.argv[1])
    sys.path.insert(0, args["dir"])
    from model import INPUT_SHAPE, UNet

    torch.set_num_threads(args["threads"])
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    model = UNet()
    x = torch.randn(1, *INPUT_SHAPE)
    with torch.no_grad():
        out_shape = list(model.logits(x)[0].shape)
    y = torch.randint(0, out_shape[1], (1, *out_shape[2:]))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.99)
    loss_fn = nn.CrossEntropyLoss()

    def forward():
        with torch.no_grad():
            model(x)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model.logits(x)[0], y)
        loss.backward()
        optimizer.step()

    forward_ms = timed(forward, 1) and timed(forward, args["forwards"]) if args["forwards"] > 0 else []
    step_ms = timed(step, 1) and timed(step, args["steps"]) if args["steps"] > 0 else []
    print(json.dumps({"threads": torch.get_num_threads(), "torch": torch.__version__, "forwardMs": forward_ms, "stepMs": step_ms, "outShape": out_shape[1:]}))


if __name__ == "__main__":
    main()
