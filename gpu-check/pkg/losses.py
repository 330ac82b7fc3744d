"""The spec's losses on logits, as src/runtime/train/losses computes them (channels first here).

logits [B, K, *S]; labels [B, *S] int64 (-1 = ignored pixel); weights [B, *S] float32 (the
weight map, ones without one). Every loss is a mean over the non-ignored pixels of the batch.
"""
import torch
import torch.nn.functional as F

SMOOTH = 1e-5


def _valid(labels):
    return (labels >= 0).to(torch.float32)


def _one_hot(labels, k):
    """[B, K, *S]; an ignored pixel (-1) is an all-zero row."""
    oh = F.one_hot(labels.clamp(min=0), k).to(torch.float32) * _valid(labels).unsqueeze(-1)
    return oh.movedim(-1, 1)


def _binary_targets(labels, k):
    return _one_hot(labels, k) if k > 1 else (labels >= 1).to(torch.float32).unsqueeze(1)


# Under DDP: the mean over ranks of each rank's denominator Σw, so that (gradients being
# averaged over ranks) Σ_r ∇num_r / Σ_r den_r is exactly the one-process batch's gradient.
denominator_mean = None


def _safe_ratio(num, den):
    d = den.sum()
    if denominator_mean is not None:
        d = denominator_mean(d.detach())
    return num.sum() / d.clamp(min=1e-12)


def weighted_ce(logits, labels, weights):
    """E = −Σ w·log p_ℓ / Σ w (the paper's Eq. 1, normalised by Σw; log-softmax keeps it finite)."""
    log_p = F.log_softmax(logits.float(), dim=1)
    ll = (_one_hot(labels, logits.shape[1]) * log_p).sum(1)
    w = weights * _valid(labels)
    return -_safe_ratio(w * ll, w)


def bce(logits, labels, weights):
    z = logits.float()
    y = _binary_targets(labels, z.shape[1])
    per_pixel = (F.softplus(z) - y * z).mean(1)
    w = weights * _valid(labels)
    return _safe_ratio(w * per_pixel, w)


def soft_dice(head):
    def loss(logits, labels, weights):
        z = logits.float()
        k = z.shape[1]
        probs = torch.softmax(z, 1) if head == 'softmax' else torch.sigmoid(z)
        g = _one_hot(labels, k) if head == 'softmax' else _binary_targets(labels, k)
        mask = _valid(labels).unsqueeze(1)
        p, gm = probs * mask, g * mask
        axes = [0] + list(range(2, z.ndim))
        inter = (p * gm).sum(axes)
        total = p.sum(axes) + gm.sum(axes)
        return 1 - ((2 * inter + SMOOTH) / (total + SMOOTH)).mean()
    return loss


def focal(head, gamma):
    def loss(logits, labels, weights):
        z = logits.float()
        k = z.shape[1]
        if head == 'softmax':
            log_pt = (_one_hot(labels, k) * F.log_softmax(z, 1)).sum(1, keepdim=True)
        else:
            y = _binary_targets(labels, k)
            log_pt = -(y * F.softplus(-z) + (1 - y) * F.softplus(z))
        mod = torch.ones_like(log_pt) if gamma == 0 else torch.relu(1 - log_pt.exp()) ** gamma
        per_pixel = (-(mod * log_pt)).mean(1)
        mask = _valid(labels)
        return _safe_ratio(mask * per_pixel, mask)
    return loss


def make_loss(spec, head):
    """The loss a spec names for a head: 'bce' on softmax is the K-class CE, 'ce' on sigmoid the BCE."""
    kind = spec['kind']
    unweighted = lambda f: (lambda z, y, w: f(z, y, torch.ones_like(w)))  # noqa: E731
    if kind == 'weighted_ce':
        return weighted_ce if head == 'softmax' else bce
    if kind in ('ce', 'bce'):
        return unweighted(weighted_ce if head == 'softmax' else bce)
    if kind == 'dice':
        return soft_dice(head)
    if kind == 'ce_dice':
        ce, dice = unweighted(weighted_ce if head == 'softmax' else bce), soft_dice(head)
        return lambda z, y, w: ce(z, y, w) + spec['diceWeight'] * dice(z, y, w)
    if kind == 'focal':
        return focal(head, spec['gamma'])
    raise ValueError(f'unknown loss {kind}')


def nearest_indices(src, dst, device):
    return torch.clamp(((torch.arange(dst, device=device) + 0.5) * src / dst).floor().long(), max=src - 1)


def resize_nearest(x, size, first_axis):
    """Nearest resampling of spatial axes (from 'first_axis') with half-pixel centres, by gathers."""
    for a, to in enumerate(size):
        axis = first_axis + a
        if x.shape[axis] != to:
            x = x.index_select(axis, nearest_indices(x.shape[axis], to, x.device))
    return x


def deep_supervision_loss(losses, heads, resolution):
    """Σ_i weight_i · L_i(head_i, target at head_i's resolution) ('native': target resampled to
    the head; 'upsampled': the head's logits resampled to the target)."""
    def total(logits, labels, weights):
        terms = []
        for z, loss, head in zip(logits, losses, heads):
            if tuple(z.shape[2:]) == tuple(labels.shape[1:]):
                term = loss(z, labels, weights)
            elif resolution == 'upsampled':
                term = loss(resize_nearest(z, labels.shape[1:], 2), labels, weights)
            else:
                size = z.shape[2:]
                term = loss(z, resize_nearest(labels, size, 1), resize_nearest(weights, size, 1))
            terms.append(term * head['lossWeight'])
        return sum(terms)
    return total
