#!/usr/bin/env python3
"""SciPy references for the unetc data benchmarks, run side by side with the TypeScript code.

  elastic_ref.py elastic SIZE REPS
      The paper's elastic deformation with SciPy: 3x3 control grid, N(0, 10 px) vectors, dense
      field by cubic spline interpolation of the grid (map_coordinates order=3, mode='mirror',
      control points at the tile corners/centre as in unetc), then warping of an image (cubic),
      a mask (nearest) and a weight map (linear), all with mirrored borders.
  elastic_ref.py weightmap LABEL_RAW H W REPS OUT_RAW
      The U-Net weight map w = w_c + w0*exp(-(d1+d2)^2/(2 sigma^2)) (w0=10, sigma=5, class
      balancing as unetc documents it) of a uint8 class-index label (raw bytes, H*W) with
      scipy.ndimage: the common "one full-image distance_transform_edt per cell" implementation,
      and the same bounding-box-restricted algorithm unetc uses. Writes the standard result as
      float32 to OUT_RAW so the caller can compare values.

Prints one JSON object per case: {"case", "impl", "ms" (mean wall), "min_ms", "cpu_ms" (mean CPU), "reps"}.
Single-threaded (scipy.ndimage does not parallelise), matching the per-core comparison.
"""
import json
import sys
import time

import numpy as np
from scipy import ndimage


def timed(fn, reps):
    """Mean and min wall ms, and mean CPU ms (robust when other processes share the cores)."""
    fn()  # warm-up
    times = []
    c0 = time.process_time()
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - c0) * 1000 / reps
    return float(np.mean(times)), float(min(times)), cpu


def elastic(size, reps):
    rng = np.random.default_rng(0)
    image = rng.random((size, size), dtype=np.float32)
    mask = (rng.random((size, size)) < 0.5).astype(np.float32)
    weight = rng.random((size, size), dtype=np.float32)

    # Grid coordinates of every pixel: control points at 0, (N-1)/2, N-1.
    g = (np.arange(size, dtype=np.float64) * 2 / (size - 1))
    gy, gx = np.meshgrid(g, g, indexing='ij')
    base = np.mgrid[0:size, 0:size].astype(np.float64)

    def run():
        vectors = rng.normal(0, 10, size=(2, 3, 3))
        field = [ndimage.map_coordinates(vectors[k], [gy, gx], order=3, mode='mirror') for k in range(2)]
        coords = [base[0] + field[0], base[1] + field[1]]
        ndimage.map_coordinates(image, coords, order=3, mode='mirror')
        ndimage.map_coordinates(mask, coords, order=0, mode='mirror')
        ndimage.map_coordinates(weight, coords, order=1, mode='mirror')

    mean, best, cpu = timed(run, reps)
    print(json.dumps({'case': f'elastic {size}² image+mask+weight', 'impl': 'scipy map_coordinates', 'ms': mean, 'min_ms': best, 'cpu_ms': cpu, 'reps': reps}))


def class_balance(label):
    counts = np.bincount(label.ravel())
    present = np.count_nonzero(counts)
    weights = np.where(counts > 0, label.size / (present * np.maximum(counts, 1)), 1.0)
    return weights[label].astype(np.float64)


def weightmap_standard(label, w0=10.0, sigma=5.0):
    cells, count = ndimage.label(label == 1)
    w = class_balance(label)
    if count < 2:
        return w
    dists = np.stack([ndimage.distance_transform_edt(cells != k) for k in range(1, count + 1)], axis=-1)
    dists.sort(axis=-1)
    d1, d2 = dists[..., 0], dists[..., 1]
    border = w0 * np.exp(-((d1 + d2) ** 2) / (2 * sigma ** 2))
    return w + border * (cells == 0)


def weightmap_boxes(label, w0=10.0, sigma=5.0, tol=1e-6):
    cells, count = ndimage.label(label == 1)
    w = class_balance(label)
    if count < 2:
        return w
    radius = int(np.ceil(sigma * np.sqrt(2 * np.log(w0 / tol))))
    d1 = np.full(label.shape, np.inf)
    d2 = np.full(label.shape, np.inf)
    h, wd = label.shape
    for k, sl in enumerate(ndimage.find_objects(cells), start=1):
        y0, y1 = max(0, sl[0].start - radius), min(h, sl[0].stop + radius)
        x0, x1 = max(0, sl[1].start - radius), min(wd, sl[1].stop + radius)
        d = ndimage.distance_transform_edt(cells[y0:y1, x0:x1] != k)
        a, b = d1[y0:y1, x0:x1], d2[y0:y1, x0:x1]
        nearer = d < a
        b[:] = np.where(nearer, a, np.minimum(b, d))
        a[:] = np.where(nearer, d, a)
    border = w0 * np.exp(-((d1 + d2) ** 2) / (2 * sigma ** 2))
    return w + border * (cells == 0)


def weightmap(path, h, w, reps, out):
    label = np.fromfile(path, dtype=np.uint8).reshape(h, w).astype(np.int64)
    slow_reps = max(1, reps // 10)
    mean, best, cpu = timed(lambda: weightmap_standard(label), slow_reps)
    print(json.dumps({'case': f'weight map {h}×{w} ISBI label', 'impl': 'scipy (EDT per cell, full image)', 'ms': mean, 'min_ms': best, 'cpu_ms': cpu, 'reps': slow_reps}))
    mean, best, cpu = timed(lambda: weightmap_boxes(label), reps)
    print(json.dumps({'case': f'weight map {h}×{w} ISBI label', 'impl': 'scipy (EDT per cell, bounding box + radius)', 'ms': mean, 'min_ms': best, 'cpu_ms': cpu, 'reps': reps}))
    weightmap_standard(label).astype(np.float32).tofile(out)


if __name__ == '__main__':
    if sys.argv[1] == 'elastic':
        elastic(int(sys.argv[2]), int(sys.argv[3]))
    else:
        weightmap(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
