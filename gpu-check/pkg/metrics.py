"""Validation scores as src/runtime/train/validation.ts and src/runtime/eval report them."""
import numpy as np
from scipy import ndimage

DIRECTION = {'val_loss': 'min', 'pixel_error': 'min', 'rand_error': 'min', 'info_error': 'min', 'vi': 'min',
             'dice': 'max', 'iou': 'max'}


def _segmentation(truth_obj, pred_obj):
    """Foreground-restricted Rand error, information error and VI (ISBI 2012)."""
    keep = truth_obj > 0
    if not keep.any():
        return None
    t, s = truth_obj[keep].astype(np.int64), pred_obj[keep].astype(np.int64)
    n = t.size
    singles = s == 0
    pairs = np.stack([t[~singles], s[~singles]], 1)
    joint = np.unique(pairs, axis=0, return_counts=True)[1] if pairs.size else np.zeros(0)
    t_sizes = np.bincount(t)[1:]
    t_sizes = t_sizes[t_sizes > 0]
    s_sizes = np.bincount(s[~singles])[1:] if (~singles).any() else np.zeros(0)
    s_sizes = s_sizes[s_sizes > 0]
    k = singles.sum()
    p_ij2 = (joint.astype(np.float64) ** 2).sum() + k
    t2 = (t_sizes.astype(np.float64) ** 2).sum()
    s2 = (s_sizes.astype(np.float64) ** 2).sum() + k
    rand = 1 - 2 * p_ij2 / (t2 + s2) if t2 + s2 > 0 else 0.0

    def plogp(counts):
        p = counts.astype(np.float64) / n
        p = p[p > 0]
        return float((p * np.log2(p)).sum())

    ones = np.ones(k)
    h_s = -(plogp(s_sizes) + plogp(ones))
    h_t = -plogp(t_sizes)
    i = plogp(np.concatenate([joint, ones])) + h_s + h_t
    info = 1 - (2 * i / (h_s + h_t) if h_s + h_t > 0 else 1.0)
    return rand, info, h_s + h_t - 2 * i


def scores(truths, preds, classes, foreground):
    """Pooled pixel error, mean Dice/IoU over classes, per-tile means of the segmentation scores."""
    confusion = np.zeros((classes, classes), dtype=np.int64)
    seg = []
    fg = np.asarray(foreground)
    for truth, pred in zip(truths, preds):
        valid = (truth >= 0) & (truth < classes)
        confusion += np.bincount(truth[valid].astype(np.int64) * classes + pred[valid].astype(np.int64),
                                 minlength=classes * classes).reshape(classes, classes)
        tm = np.isin(truth, fg) & valid
        pm = np.isin(pred, fg)
        s = _segmentation(ndimage.label(tm)[0] * valid, ndimage.label(pm)[0])
        if s is not None:
            seg.append(s)
    total = confusion.sum()
    tp = np.diag(confusion).astype(np.float64)
    fp = confusion.sum(0) - tp
    fn = confusion.sum(1) - tp
    present = (tp + fp + fn) > 0
    dice = (2 * tp / np.maximum(2 * tp + fp + fn, 1))[present]
    iou = (tp / np.maximum(tp + fp + fn, 1))[present]
    mean = lambda xs: float(np.mean(xs)) if len(xs) else None  # noqa: E731
    return {
        'pixel_error': float(1 - tp.sum() / total) if total else None,
        'dice': mean(dice),
        'iou': mean(iou),
        'rand_error': mean([s[0] for s in seg]),
        'info_error': mean([s[1] for s in seg]),
        'vi': mean([s[2] for s in seg]),
    }
