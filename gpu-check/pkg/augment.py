"""Training tiles and their augmentation, as src/runtime/data/augment and tiles compute them:
one coordinate map per tile (tile position, flips, rotations, scaling, shift and the paper's
elastic field) and ONE resampling of image (Keys cubic), labels (nearest) and weights (linear)."""
import numpy as np


# ----------------------------------------------------------------------------- geometry


def border_index(i, n, mode):
    """Integer indices mapped into [0, n) as the border extends the image (-1: 'zero', reads 0)."""
    i = np.asarray(i, dtype=np.int64)
    inside = (i >= 0) & (i < n)
    if mode == 'zero':
        return np.where(inside, i, -1)
    if mode == 'edge' or n == 1:
        return np.clip(i, 0, n - 1)
    period = 2 * (n - 1)
    m = np.mod(i, period)
    return np.where(m < n, m, period - m)


def catmull_rom_weights(n, g):
    """[n, g]: Catmull-Rom weights of each output coordinate on g control points at 0 … n-1,
    taps beyond the ends mirrored onto real points (src/runtime/data/augment/elastic-field.ts)."""
    w = np.zeros((n, g))
    if g == 1:
        w[:, 0] = 1
        return w

    def mirror(i):
        period = 2 * (g - 1)
        m = i % period
        return period - m if m >= g else m

    for x in range(n):
        u = 0.0 if n == 1 else x * (g - 1) / (n - 1)
        i = min(int(np.floor(u)), g - 2)
        t = u - i
        t2, t3 = t * t, t * t * t
        taps = [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2]
        for k in range(4):
            w[x, mirror(i - 1 + k)] += taps[k]
    return w


def dense_displacement(grid, vectors, shape):
    """Per-pixel displacement (one [*shape] array per axis) from control vectors (each prod(grid))."""
    weights = [catmull_rom_weights(n, g) for n, g in zip(shape, grid)]
    out = []
    for vec in vectors:
        p = np.asarray(vec, dtype=np.float64).reshape(grid)
        if len(shape) == 2:
            field = weights[0] @ p @ weights[1].T
        else:
            field = np.einsum('zk,yi,xj,kij->zyx', weights[0], weights[1], weights[2], p)
        out.append(field.astype(np.float32))
    return out


def coordinate_map(matrix, source_center, elastic, out_shape):
    """source(p) = sourceCenter + M·(p − outCenter) + d(p), one float32 array per axis."""
    dims = len(out_shape)
    m = np.asarray(matrix, dtype=np.float64).reshape(dims, dims)
    pos = np.indices(out_shape, dtype=np.float64)
    offsets = [pos[a] - (out_shape[a] - 1) / 2 for a in range(dims)]
    disp = None if elastic is None else dense_displacement(elastic['grid'], elastic['vectors'], out_shape)
    coords = []
    for a in range(dims):
        s = source_center[a] + sum(m[a, b] * offsets[b] for b in range(dims))
        if disp is not None:
            s = s + disp[a]
        coords.append(s.astype(np.float32))
    return coords


def _cubic_weights(t):
    t2, t3 = t * t, t * t * t
    return [(-t3 + 2 * t2 - t) * 0.5, (3 * t3 - 5 * t2 + 2) * 0.5, (-3 * t3 + 4 * t2 + t) * 0.5, (t3 - t2) * 0.5]


def resample(src, coords, interpolation, border='mirror'):
    """Sample src [*S, C] at per-pixel coordinates (one array per axis, all of the output shape):
    Keys cubic (a = −0.5) for images, linear for weight maps, nearest for labels; out-of-image
    taps follow 'border' (src/runtime/data/augment/resample.ts)."""
    dims = len(coords)
    size = src.shape[:dims]
    flat = [np.asarray(c, dtype=np.float64).ravel() for c in coords]
    if interpolation == 'nearest':
        idx = [border_index(np.floor(c + 0.5).astype(np.int64), n, border) for c, n in zip(flat, size)]
        ok = np.logical_and.reduce([i >= 0 for i in idx])
        vals = src[tuple(np.maximum(i, 0) for i in idx)] * ok[:, None]
        return vals.reshape(*coords[0].shape, src.shape[-1]).astype(np.float32)
    lo, taps = (1, 4) if interpolation == 'cubic' else (0, 2)
    bases = [np.floor(c) for c in flat]
    weights = []
    indices = []
    for c, b, n in zip(flat, bases, size):
        t = c - b
        weights.append(_cubic_weights(t) if taps == 4 else [1 - t, t])
        indices.append([border_index(b.astype(np.int64) - lo + k, n, border) for k in range(taps)])
    acc = np.zeros((flat[0].size, src.shape[-1]))
    for combo in np.ndindex(*([taps] * dims)):
        idx = [indices[a][k] for a, k in enumerate(combo)]
        wt = np.prod([weights[a][k] for a, k in enumerate(combo)], axis=0)
        ok = np.logical_and.reduce([i >= 0 for i in idx])
        acc += (wt * ok)[:, None] * src[tuple(np.maximum(i, 0) for i in idx)]
    return acc.reshape(*coords[0].shape, src.shape[-1]).astype(np.float32)


# ----------------------------------------------------------------------------- augmentation


def _rotation(dims, radians):
    m = np.eye(dims)
    a, b = dims - 2, dims - 1
    q = radians / (np.pi / 2)
    if abs(q - round(q)) < 1e-12:
        k = round(q) % 4
        cos, sin = [1, 0, -1, 0][k], [0, 1, 0, -1][k]
    else:
        cos, sin = np.cos(radians), np.sin(radians)
    m[a, a], m[a, b], m[b, a], m[b, b] = cos, -sin, sin, cos
    return m


def draw_augment_plan(spec, rng, dims):
    """Everything random about one sample (src/runtime/data/augment/augment.ts): every value is
    drawn whether its option fires or not, so options never shift each other's draws."""
    plan = {'matrix': np.eye(dims), 'shift': [0.0] * dims, 'elastic': None, 'interpolation': 'cubic',
            'intensity': None, 'identity': True}
    if spec is None:
        return plan
    opt = lambda name: spec.get(name)  # noqa: E731
    m = np.eye(dims)
    identity = True
    flip = opt('flip')
    for a in range(dims):
        on = rng.random() < (flip['p'] if flip else 0)
        if on and a in flip['axes']:
            f = np.eye(dims)
            f[a, a] = -1
            m, identity = m @ f, False
    rot90 = opt('rotate90')
    on = rng.random() < (rot90['p'] if rot90 else 0)
    quarter = 1 + int(rng.integers(3))
    if rot90 and on:
        m, identity = m @ _rotation(dims, quarter * np.pi / 2), False
    rotate = opt('rotate')
    on = rng.random() < (rotate['p'] if rotate else 0)
    degrees = rng.uniform(rotate['range']['min'], rotate['range']['max']) if rotate else rng.uniform(0, 0)
    if rotate and on and degrees != 0:
        m, identity = m @ _rotation(dims, degrees * np.pi / 180), False
    scale = opt('scale')
    on = rng.random() < (scale['p'] if scale else 0)
    factor = rng.uniform(scale['range']['min'], scale['range']['max']) if scale else rng.uniform(1, 1)
    if scale and on and factor != 1 and factor > 0:
        m, identity = m @ (np.eye(dims) / factor), False
    shift_spec = opt('shift')
    on = rng.random() < (shift_spec['p'] if shift_spec else 0)
    shift = [0.0] * dims
    for a in range(dims):
        v = rng.uniform(shift_spec['range']['min'], shift_spec['range']['max']) if shift_spec else rng.uniform(0, 0)
        if shift_spec and on:
            shift[a] = v
    if any(s != 0 for s in shift):
        identity = False
    elastic_spec = opt('elastic')
    on = rng.random() < (elastic_spec['p'] if elastic_spec else 0)
    elastic_rng = np.random.default_rng(rng.integers(2 ** 63))
    elastic = None
    if elastic_spec and on and elastic_spec['sigma'] > 0:
        grid = elastic_spec['grid'] if len(elastic_spec['grid']) == dims else [elastic_spec['grid'][0]] * dims
        count = int(np.prod(grid))
        elastic = {'grid': list(grid), 'vectors': [elastic_rng.normal(0, elastic_spec['sigma'], count) for _ in grid]}
        identity = False
    plan.update(matrix=m, shift=shift, elastic=elastic, identity=identity,
                interpolation='linear' if elastic_spec and elastic_spec['interpolation'] == 'bilinear' else 'cubic')
    intensity = {}
    for name, key in (('brightness', 'range'), ('contrast', 'range'), ('gamma', 'range'), ('noise', 'std')):
        o = opt(name)
        on = rng.random() < (o['p'] if o else 0)
        value = rng.uniform(o[key]['min'], o[key]['max']) if o else rng.uniform(0, 0)
        intensity[name] = value if o and on else None
    plan['intensity'] = intensity
    return plan


def apply_intensity(image, intensity, rng):
    """Gamma (on the image's own range), contrast (about the mean), brightness, noise; in place."""
    d = image.astype(np.float64)
    if intensity.get('gamma') is not None:
        lo, hi = d.min(), d.max()
        if hi > lo:
            d = lo + (hi - lo) * ((d - lo) / (hi - lo)) ** intensity['gamma']
    if intensity.get('contrast') is not None:
        mean = d.mean()
        d = mean + (d - mean) * intensity['contrast']
    if intensity.get('brightness') is not None:
        d = d + intensity['brightness']
    if intensity.get('noise') is not None and intensity['noise'] > 0:
        d = d + rng.normal(0, intensity['noise'], d.shape)
    image[...] = d.astype(np.float32)


def sample_train_tile(example, input_size, label_crop, augment, rng, border='mirror'):
    """One training tile (src/runtime/data/tiles/train-tiles.ts): the output region placed uniformly
    inside the image, context mirrored beyond its border, augmentation in one resampling; labels
    nearest, weights linear, both on the label-cropped part of the same coordinate map."""
    image, label, weight = example['image'], example['label'], example['weight']
    dims = len(input_size)
    size = image.shape[:dims]
    output = [s - c[0] - c[1] for s, c in zip(input_size, label_crop)]
    origin = []
    for s, o in zip(size, output):
        slack = s - o
        origin.append(int(rng.integers(slack + 1)) if slack >= 0 else slack // 2)
    centre = [o - c[0] + (n - 1) / 2 for o, c, n in zip(origin, label_crop, input_size)]
    plan = draw_augment_plan(augment, rng, dims)
    return render_tile(example, plan, centre, input_size, label_crop, rng, border)


def render_tile(example, plan, centre, input_size, label_crop, rng=None, border='mirror'):
    """The tile of a drawn plan around 'centre' (source coordinates of the input tile's centre)."""
    dims = len(input_size)
    output = [s - c[0] - c[1] for s, c in zip(input_size, label_crop)]
    source_center = [c + s for c, s in zip(centre, plan['shift'])]
    coords = coordinate_map(plan['matrix'], source_center, plan['elastic'], input_size)
    copy = plan['identity']
    img = resample(example['image'], coords, 'nearest' if copy else plan['interpolation'], border)
    if plan['intensity'] is not None and any(v is not None for v in plan['intensity'].values()):
        apply_intensity(img, plan['intensity'], rng if rng is not None else np.random.default_rng(0))
    inner = tuple(slice(c[0], c[0] + o) for c, o in zip(label_crop, output))
    inner_coords = [c[inner] for c in coords]

    def sample(arr, how):
        if arr is None:
            return None
        return resample(arr[..., None], inner_coords, 'nearest' if copy else how, border)[..., 0]

    return {'image': img, 'label': sample(example['label'], 'nearest'), 'weight': sample(example['weight'], 'linear')}
