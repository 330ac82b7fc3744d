/**
 * The Python helpers every generated model.py carries: resampling with TensorFlow's coordinate
 * convention, tfjs' 'same' average pooling and PReLU with one slope per activation — the three
 * places where PyTorch's built-ins differ from what tfjs computes.
 */
export const PYTHON_HELPERS = `def resize(x: torch.Tensor, size: Sequence[int], mode: str) -> torch.Tensor:
    """Resizes the spatial axes of x to size the way tfjs does (align_corners=False,
    half_pixel_centers=False): output j samples input j·n/m, clamped at the last sample.

    Nearest is PyTorch's 'nearest'. For linear, PyTorch's align_corners=True samples
    j·(n'−1)/(m'−1); on the input repeated once at its far edge (n' = n + 1) resized to
    m' = m + 1 that is j·n/m with the same clamping, and the extra last sample is dropped."""
    size = [int(s) for s in size]
    if list(x.shape[2:]) == size:
        return x
    if mode == 'nearest':
        return F.interpolate(x, size=size, mode='nearest')
    dims = x.dim() - 2
    grown = F.pad(x, (0, 1) * dims, mode='replicate')
    y = F.interpolate(grown, size=[s + 1 for s in size], mode=_LINEAR[dims], align_corners=True)
    return y[(slice(None), slice(None)) + tuple(slice(0, s) for s in size)]


_LINEAR = {1: 'linear', 2: 'bilinear', 3: 'trilinear'}


def upsample(x: torch.Tensor, factors: Sequence[int], mode: str) -> torch.Tensor:
    """Up-samples by integer factors (tfjs UpSampling2D / unetc's UpSampling3D)."""
    if mode == 'nearest':
        return F.interpolate(x, scale_factor=tuple(float(f) for f in factors), mode='nearest')
    return resize(x, [n * f for n, f in zip(x.shape[2:], factors)], 'linear')


def _mean_over_window(pool: nn.Module, x: torch.Tensor, pads: Sequence[int]) -> torch.Tensor:
    """tfjs 'same' average pooling divides by the part of the window inside the image."""
    ones = torch.ones_like(x[:, :1])
    return pool(F.pad(x, pads)) / pool(F.pad(ones, pads))


class PReLUPerActivation(nn.Module):
    """PReLU with its own slope for every activation (tfjs PReLU without shared axes);
    nn.PReLU shares a slope per channel at least."""

    def __init__(self, shape: Sequence[int]) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(tuple(shape)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.where(x >= 0, x, self.weight * x)
`;
