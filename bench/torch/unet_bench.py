"""PyTorch CPU twin of bench/tfjs/unet-nets.ts, for the speed comparison in bench/suites/train-step.ts.

Run with Debian's interpreter (python3-torch is a Debian package, not a project dependency):
    /usr/bin/python3 bench/torch/unet_bench.py '{"net":"unet188","threads":2,"steps":3,"forwards":3}'
Prints one JSON line {threads, torch, forwardMs[], stepMs[], outShape}; exits 3 when torch is missing.
"""
import json
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:
    print(json.dumps({"error": "torch not installed"}))
    sys.exit(3)

NETS = {
    "unet2015": {"input": 572, "base": 64, "poolings": 4, "classes": 2},
    "unet188": {"input": 188, "base": 32, "poolings": 3, "classes": 2},
}


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3), nn.ReLU(inplace=True), nn.Conv2d(cout, cout, 3), nn.ReLU(inplace=True))


def crop_to(skip, x):
    excess = skip.shape[-1] - x.shape[-1]
    lo = excess // 2
    return skip[..., lo : lo + x.shape[-2], lo : lo + x.shape[-1]]


class UNet(nn.Module):
    def __init__(self, base, poolings, classes):
        super().__init__()
        self.down = nn.ModuleList()
        cin = 1
        for level in range(poolings):
            self.down.append(double_conv(cin, base * 2**level))
            cin = base * 2**level
        self.bottom = double_conv(cin, base * 2**poolings)
        self.ups = nn.ModuleList()
        self.up_convs = nn.ModuleList()
        for level in reversed(range(poolings)):
            filters = base * 2**level
            self.ups.append(nn.ConvTranspose2d(filters * 2, filters, 2, stride=2))
            self.up_convs.append(double_conv(filters * 2, filters))
        self.head = nn.Conv2d(base, classes, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = self.pool(x)
        x = self.bottom(x)
        for up, block in zip(self.ups, self.up_convs):
            x = up(x)
            x = block(torch.cat([crop_to(skips.pop(), x), x], dim=1))
        return self.head(x)


def timed(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    args = json.loads(sys.argv[1])
    net = NETS[args["net"]]
    torch.set_num_threads(args["threads"])
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    model = UNet(net["base"], net["poolings"], net["classes"])
    x = torch.randn(1, 1, net["input"], net["input"])
    with torch.no_grad():
        out_shape = list(model(x).shape)
    y = torch.randint(0, net["classes"], (1, out_shape[2], out_shape[3]))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.99)
    loss_fn = nn.CrossEntropyLoss()

    def forward():
        with torch.no_grad():
            model(x)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    forward_ms = timed(forward, 1) and timed(forward, args["forwards"]) if args["forwards"] > 0 else []
    step_ms = timed(step, 1) and timed(step, args["steps"]) if args["steps"] > 0 else []
    print(json.dumps({"threads": torch.get_num_threads(), "torch": torch.__version__, "forwardMs": forward_ms, "stepMs": step_ms, "outShape": out_shape[1:]}))


if __name__ == "__main__":
    main()
