"""The spec's data pipeline, as unetc's TypeScript runtime runs it (src/runtime/data).

Images are [*spatial, C] float32 after normalisation; labels are [*spatial] class indices as
float32 (-1 = ignored pixel); weight maps are [*spatial] float32. Everything random about one
training tile is drawn from a numpy Generator seeded by (seed, epoch, slot), so a tile depends
only on its draw number: the same on any worker, any rank and after a resume.
"""
import glob
import json
import os
import re
from collections import OrderedDict

import numpy as np
from scipy import ndimage

from augment import sample_train_tile

IGNORE_CLASS = -1
# Decoded samples a data worker keeps (a data set larger than memory is re-read, never held whole).
CACHE_BYTES = 512 * 2 ** 20


class DataError(Exception):
    """Bad input data: the message names the file and what to do."""


# ----------------------------------------------------------------------------- reading


def _open(path):
    from PIL import Image

    try:
        return Image.open(path)
    except OSError as error:
        raise DataError(f'{path}: cannot read ({error}); check the path in the spec\'s data section')


def _page_count(path):
    return getattr(_open(path), 'n_frames', 1)


def _page_array(img, palette):
    """One page as float32 [H, W, C]: palette images as indices for masks, as colours for images."""
    mode = img.mode
    if mode == 'P' and palette == 'index':
        arr = np.array(img)
    elif mode in ('I;16', 'I;16B', 'I;16L', 'I', 'F', 'L', 'LA', 'RGB', 'RGBA'):
        arr = np.array(img)
    else:
        arr = np.array(img.convert('RGB'))
    arr = arr.astype(np.float32)
    return arr[..., None] if arr.ndim == 2 else arr


def read_image(path, page=None, dims=2, palette='rgb'):
    """A PNG/TIFF as stored: [H, W, C] for one page (page 0 unless given), [D, H, W, C] for a 3D volume."""
    img = _open(path)
    count = getattr(img, 'n_frames', 1)
    if dims == 3:
        pages = []
        for k in range(count):
            img.seek(k)
            pages.append(_page_array(img, palette))
        if len({p.shape for p in pages}) != 1:
            raise DataError(f'{path}: pages differ in size; a 3D stack needs equal pages')
        return np.stack(pages)
    if (page or 0) >= count:
        raise DataError(f'{path}: has {count} pages, page {page} asked for')
    img.seek(page or 0)
    return _page_array(img, palette)


def normalize(image, norm):
    """The spec's 'normalize' (see src/runtime/data/normalize.ts)."""
    x = image.astype(np.float64)
    kind = norm['kind']
    if kind == 'range':
        scale = 0.0 if norm['max'] == norm['min'] else 1.0 / (norm['max'] - norm['min'])
        x = (x - norm['min']) * scale
    elif kind == 'mean_std':
        x = (x - norm['mean']) * (0.0 if norm['std'] == 0 else 1.0 / norm['std'])
    elif kind == 'per_image':
        mean = x.mean()
        std = np.sqrt(((x - mean) ** 2).mean())
        x = (x - mean) * (1.0 / std if std > 0 else 0.0)
    return x.astype(np.float32)


def map_mask(mask, class_map, ignore_value, path):
    """Mask values → class indices as data.classes says; the ignore value → -1; others are errors."""
    if mask.shape[-1] > 1:
        colour = mask.shape[-1] - 1 if mask.shape[-1] in (2, 4) else mask.shape[-1]
        if any(not np.array_equal(mask[..., 0], mask[..., k]) for k in range(1, colour)):
            raise DataError(f'{path}: colour mask; save masks as single-channel gray or palette-index PNG/TIFF')
    gray = mask[..., 0]
    out = np.full(gray.shape, np.nan, dtype=np.float32)
    if class_map:
        for entry in class_map:
            out[gray == entry['value']] = entry['classIndex']
    else:
        ok = (gray >= 0) & (gray == np.floor(gray))
        out[ok] = gray[ok]
    if ignore_value is not None:
        out[gray == ignore_value] = IGNORE_CLASS
    bad = np.isnan(out)
    if bad.any():
        values, counts = np.unique(gray[bad], return_counts=True)
        found = ', '.join(f'{v:g} ({n} px)' for v, n in sorted(zip(values, counts), key=lambda t: -t[1])[:5])
        allowed = ', '.join(str(e['value']) for e in class_map) if class_map else 'non-negative integers'
        raise DataError(f'{path}: unexpected mask values {found}; the spec\'s class map allows {allowed}')
    return out


# ----------------------------------------------------------------------------- weight map


def weight_map(label, w0, sigma, class_balance, foreground, tolerance=1e-6):
    """The paper's w(x) = w_c(x) + w0·exp(-(d1 + d2)² / 2σ²), as src/runtime/data/weight-map does it:
    w_c = N / (K·n_c) (or 1), cells = face-connected components of the foreground classes, the
    border term on labelled non-cell pixels only, cells farther than R = σ·√(2 ln(w0/tol)) ignored."""
    labels = label.astype(np.int64)
    valid = labels >= 0
    w = np.ones(labels.shape, dtype=np.float64)
    if class_balance:
        counts = np.bincount(labels[valid].ravel()) if valid.any() else np.zeros(1)
        present = np.count_nonzero(counts)
        per_class = np.where(counts > 0, valid.sum() / (present * np.maximum(counts, 1)), 1.0)
        w[valid] = per_class.astype(np.float32)[labels[valid]]
    w[~valid] = 0
    cells_mask = np.isin(labels, [c for c in foreground if c >= 0]) & valid
    cells, count = ndimage.label(cells_mask)
    if count < 2 or w0 == 0:
        return w.astype(np.float32)
    radius = sigma * np.sqrt(2 * np.log(max(w0 / tolerance, 1)))
    r = int(np.ceil(radius))
    open_ = (cells == 0) & valid
    q1 = np.full(labels.shape, np.inf)
    q2 = np.full(labels.shape, np.inf)
    for c, box in enumerate(ndimage.find_objects(cells), start=1):
        grown = tuple(slice(max(0, s.start - r), min(n, s.stop + r)) for s, n in zip(box, labels.shape))
        s2 = ndimage.distance_transform_edt(cells[grown] != c) ** 2
        s2 = np.where((s2 > r * r) | ~open_[grown], np.inf, s2)
        a, b = q1[grown], q2[grown]
        nearer = s2 < a
        b_new = np.where(nearer, a, np.minimum(b, s2))
        q1[grown] = np.where(nearer, s2, a)
        q2[grown] = b_new
    hit = open_ & np.isfinite(q2)
    s = np.sqrt(q1[hit]) + np.sqrt(q2[hit])
    w[hit] += w0 * np.exp(-s * s / (2 * sigma * sigma))
    return w.astype(np.float32)


# ----------------------------------------------------------------------------- sources


_MASK_AFFIXES = [re.compile(r'[_-](mask|masks|label|labels|seg|gt|annotation)$', re.I),
                 re.compile(r'^(mask|label|seg|gt)[_-]', re.I)]


def _stem(path):
    s = os.path.splitext(os.path.basename(path))[0]
    for affix in _MASK_AFFIXES:
        s = affix.sub('', s)
    return s.lower()


def _glob(patterns, root):
    paths = []
    for p in patterns:
        full = p if os.path.isabs(p) else os.path.join(root, p)
        if os.path.isdir(full):
            full = os.path.join(full, '*')
        found = sorted(f for f in glob.glob(full) if f.lower().endswith(('.png', '.tif', '.tiff')))
        if not found:
            raise DataError(f'{p}: no PNG/TIFF files match (relative to {root}); check the data section or --data-root')
        paths.extend(found)
    return paths


def _pair(images, masks):
    if masks is None:
        return [{'image': i, 'mask': None, 'page': None} for i in images]
    if len(images) == 1 and len(masks) == 1:
        return [{'image': images[0], 'mask': masks[0], 'page': None}]
    by_stem = {_stem(m): m for m in masks}
    pairs = []
    for i in images:
        if _stem(i) not in by_stem:
            raise DataError(f'no mask for {i}; masks pair with images by file name (stem)')
        pairs.append({'image': i, 'mask': by_stem[_stem(i)], 'page': None})
    return pairs


def _pages_of(pairs, dims):
    """2D nets see every page of a multi-page TIFF as its own sample."""
    if dims == 3:
        return pairs
    out = []
    for p in pairs:
        n = _page_count(p['image']) if p['image'].lower().endswith(('.tif', '.tiff')) else 1
        out.extend(dict(p, page=k) for k in range(n)) if n > 1 else out.append(p)
    return out


def list_sources(data, root, seed, dims=2, sources_file=None):
    """Training and validation pairs: from a sources.json (what 'unetc train' resolved, paths relative
    to that file) if given, else by globbing the spec's patterns under 'root' (a validation
    fraction is then split with numpy's generator, not unetc's)."""
    if sources_file:
        with open(sources_file) as f:
            listed = json.load(f)
        base = os.path.dirname(os.path.abspath(sources_file))
        fix = lambda p: dict(p, image=os.path.join(base, p['image']),  # noqa: E731
                             mask=None if p.get('mask') is None else os.path.join(base, p['mask']))
        return [fix(p) for p in listed['train']], [fix(p) for p in listed['validation']]
    images = _glob(data['images'], root)
    masks = _glob(data['masks'], root) if data['masks'] else None
    pairs = _pages_of(_pair(images, masks), dims)
    v = data['validation']
    if 'images' in v:
        val = _pages_of(_pair(_glob(v['images'], root), _glob(v['masks'], root) if v['masks'] else None), dims)
        key = lambda p: (os.path.abspath(p['image']), p.get('page'))  # noqa: E731
        held = {key(p) for p in val}
        return [p for p in pairs if key(p) not in held], val
    count = round(v['fraction'] * len(pairs))
    if v['fraction'] > 0 and len(pairs) >= 2:
        count = min(max(count, 1), len(pairs) - 1)
    chosen = set(np.random.default_rng([seed, 7]).permutation(len(pairs))[:count].tolist())
    return [p for i, p in enumerate(pairs) if i not in chosen], [p for i, p in enumerate(pairs) if i in chosen]


def load_sample(pair, data, dims):
    """Decode, normalise, map classes and compute the weight map of one pair."""
    raw = read_image(pair['image'], pair.get('page'), dims)
    image = normalize(raw, data['normalize'])
    if pair.get('mask') is None:
        return {'image': image, 'label': None, 'weight': None}
    raw_mask = read_image(pair['mask'], pair.get('page'), dims, palette='index')
    if raw_mask.shape[:dims] != raw.shape[:dims]:
        raise DataError(f'size mismatch: image {pair["image"]} is {raw.shape[:dims]} but mask {pair["mask"]} is {raw_mask.shape[:dims]}')
    label = map_mask(raw_mask, data['classMap'], data['ignoreValue'], pair['mask'])
    wm = data.get('weightMap')
    weight = None if wm is None else weight_map(label, wm['w0'], wm['sigma'], wm['classBalance'], wm['foreground'])
    return {'image': image, 'label': label, 'weight': weight}


# ----------------------------------------------------------------------------- datasets

try:
    import torch
    from torch.utils.data import Dataset
except ImportError:  # the pure-numpy parts above stay usable without torch
    torch = None
    Dataset = object


def _to_item(tile):
    image = np.moveaxis(tile['image'], -1, 0)  # channels first, as the model takes it
    weight = tile['weight'] if tile['weight'] is not None else np.ones_like(tile['label'])
    return (torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32)),
            torch.from_numpy(tile['label'].astype(np.int64)),
            torch.from_numpy(np.ascontiguousarray(weight, dtype=np.float32)))


class TrainTiles(Dataset):
    """Item k = training draw 'first + k': epoch = draw // n, the epoch's seeded order picks the
    sample, and (seed, epoch, slot) seeds its augmentation. Map-style, so a DistributedSampler
    (shuffle off) hands each rank its share of every global batch and workers need no state."""

    def __init__(self, pairs, plan, seed, first, count, input_size, label_crop, augment=True):
        self.pairs, self.plan, self.seed = pairs, plan, seed
        self.first, self.count = first, count
        self.input_size, self.label_crop = input_size, label_crop
        self.augment = plan['augment'] if augment else None
        self.dims = len(input_size)
        self._cache = OrderedDict()  # decoded samples, least recently used first, CACHE_BYTES at most

    def __len__(self):
        return self.count

    def _sample(self, index):
        if index in self._cache:
            self._cache.move_to_end(index)
            return self._cache[index]
        sample = load_sample(self.pairs[index], self.plan['data'], self.dims)
        self._cache[index] = sample
        size = lambda s: sum(a.nbytes for a in s.values() if a is not None)  # noqa: E731
        while len(self._cache) > 1 and sum(size(s) for s in self._cache.values()) > CACHE_BYTES:
            self._cache.popitem(last=False)
        return sample

    def __getitem__(self, k):
        draw = self.first + k
        n = len(self.pairs)
        epoch, slot = divmod(draw, n)
        index = int(np.random.default_rng([self.seed, 1, epoch]).permutation(n)[slot])
        rng = np.random.default_rng([self.seed, 2, epoch, slot])
        tile = sample_train_tile(self._sample(index), self.input_size, self.label_crop, self.augment, rng,
                                 self.plan['data']['border'])
        return _to_item(tile)


class ValidationTiles(Dataset):
    """The fixed validation set: 'per_image' un-augmented tiles per image, placed by (seed, image, k)."""

    def __init__(self, pairs, plan, seed, per_image, input_size, label_crop):
        dims = len(input_size)
        self.items = []
        for i, pair in enumerate(pairs):
            sample = load_sample(pair, plan['data'], dims)
            if sample['label'] is None:
                continue
            for k in range(per_image):
                rng = np.random.default_rng([seed, 3, i, k])
                tile = sample_train_tile(sample, input_size, label_crop, None, rng, plan['data']['border'])
                self.items.append(_to_item(tile))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, k):
        return self.items[k]
