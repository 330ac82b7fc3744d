import * as tf from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops.js';

/**
 * Conv2DBackpropFilter for wasm (stock wasm has none), composed over XNNPACK kernels; see filterGrad2d.
 */
export function conv2dBackpropFilterKernel(ops: WasmOps): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dimRoundingMode, filterShape, dataFormat } =
      attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    assertChannelsLast(dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const p = info.padInfo;
    return filterGrad2d(
      ops,
      x,
      dy,
      [info.strideHeight, info.strideWidth],
      [
        [p.top, p.bottom],
        [p.left, p.right],
      ],
      filterShape,
    );
  };
  return { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc };
}

/**
 * dW[kh,kw] (C×O) = window(kh,kw) (C×K) · dy (K×O), K = B·oh·ow: one XNNPACK matmul per filter tap,
 * where window(kh,kw) is a (strided) slice of xᵀ `[C,B,H,W]` and dy is used as-is (its packed form is
 * cached by the matmul and shared by all taps). Costs fh·fw copies of x.
 */
function tapMatMulFilterGrad(
  ops: WasmOps,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  strides: [number, number],
  pads: [[number, number], [number, number]],
  filterShape: [number, number, number, number],
): tf.TensorInfo {
  const [fh, fw, c, o] = filterShape;
  const [b, oh, ow] = dy.shape as [number, number, number, number];
  const [sh, sw] = strides;
  const k = b * oh * ow;
  const xT = ops.transpose(x, [3, 0, 1, 2]);
  const padded = pads.flat().some((v) => v > 0) ? ops.pad(xT, [[0, 0], [0, 0], pads[0], pads[1]]) : xT;
  if (padded !== xT) ops.free(xT);
  const rhs = ops.reshaped(dy, [1, k, o]);
  const taps: tf.TensorInfo[] = [];
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const window =
        sh === 1 && sw === 1
          ? ops.slice(padded, [0, 0, kh, kw], [c, b, oh, ow])
          : ops.stridedSlice(
              padded,
              [0, 0, kh, kw],
              [c, b, kh + (oh - 1) * sh + 1, kw + (ow - 1) * sw + 1],
              [1, 1, sh, sw],
            );
      taps.push(
        ops.run(
          'BatchMatMul',
          { a: ops.reshaped(window, [1, c, k]), b: rhs },
          { transposeA: false, transposeB: false },
        ),
      );
      ops.free(window);
    }
  }
  ops.free(padded);
  const dW = taps.length === 1 ? (taps[0] as tf.TensorInfo) : ops.concat(taps, 0);
  if (taps.length > 1) ops.free(...taps);
  return ops.reshaped(dW, filterShape);
}

export type FilterGradStrategy = 'auto' | 'matmul' | 'dilated';
let strategy: FilterGradStrategy = 'auto';

/** Forces one composition (the tests run every case under both). */
export function setFilterGradStrategy(next: FilterGradStrategy): void {
  strategy = next;
}

/**
 * Shapes where the per-tap matmul beats the dilated conv (CPU time per layer shape, tfjs 4.22.0, 1 thread):
 * a 1–4-channel input (the first layer: 1.4 vs 5.4 ms at 188²×1→32), or stride 1 with few output pixels
 * and ≥ 64 output channels (deep layers: 15 vs 27 ms at 22²×256→256; 24 vs 31 ms at 92²×64→64). Everywhere
 * else the dilated conv wins, by 10× for stride 2 (strided slices are slow).
 */
function preferMatMul(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  strides: [number, number],
  filterShape: [number, number, number, number],
): boolean {
  const pixels = (dy.shape[0] as number) * (dy.shape[1] as number) * (dy.shape[2] as number);
  const stride1 = strides[0] === 1 && strides[1] === 1;
  if (dilatedIndirectionBytes(x, dy, filterShape) > MAX_INDIRECTION_BYTES) return true;
  return (x.shape[3] as number) <= 4 || (stride1 && pixels <= 9000 && (dy.shape[3] as number) >= 64);
}

/**
 * XNNPACK's indirection buffer for the dilated conv: one pointer per (conv batch = C) × (output pixel =
 * filter tap) × (kernel element = dy pixel). At the 2015 net's first level (570²×64 → 568²) that is
 * 64·9·568²·4 B ≈ 740 MB — more than the heap has left mid-step — while the matmul needs ~2× x.
 */
function dilatedIndirectionBytes(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  filterShape: [number, number, number, number],
): number {
  const [fh, fw, c] = filterShape;
  const dyPixels = (dy.shape[1] as number) * (dy.shape[2] as number) * (x.shape[0] as number);
  return c * fh * fw * dyPixels * 4;
}

const MAX_INDIRECTION_BYTES = 128 * 2 ** 20;

/**
 * The 2D filter gradient, shared with the 3D kernel (which calls it once per depth tap):
 * x `[B,H,W,C]`, dy `[B,oh,ow,O]`, forward strides and explicit paddings → dW `[fh,fw,C,O]`.
 * Both compositions stay at 2–3× the forward conv's time: XNNPACK has no K-blocked GEMM for this
 * reduction-heavy shape, and repacks the "weights" (dy) on every call.
 */
export function filterGrad2d(
  ops: WasmOps,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  strides: [number, number],
  pads: [[number, number], [number, number]],
  filterShape: [number, number, number, number],
): tf.TensorInfo {
  const matmul = strategy === 'auto' ? preferMatMul(x, dy, strides, filterShape) : strategy === 'matmul';
  const grad = matmul ? tapMatMulFilterGrad : dilatedFilterGrad;
  // tfjs 3D 'same' can hand down negative paddings (kernel < stride): those rows are cropped instead.
  const cropped = ops.cropNegative(x, [pads[0][0], pads[1][0]], [pads[0][1], pads[1][1]]);
  const clamped = pads.map(([a, z]) => [Math.max(0, a), Math.max(0, z)]) as [
    [number, number],
    [number, number],
  ];
  const dW = grad(ops, cropped, dy, strides, clamped, filterShape);
  if (cropped !== x) ops.free(cropped);
  return dW;
}

/**
 * dW = Transpose(Conv2D(xᵀ, dyᵀ), [1,2,0,3]): x `[B,H,W,C]` → `[C,H,W,B]` as the conv input, dy
 * `[B,oh,ow,O]` → `[oh,ow,B,O]` as the filter, stride 1, dilation = forward stride, forward paddings as
 * explicit XNNPACK paddings; output taps beyond fh (when (H+pads−fh) % s ≠ 0) are sliced away.
 * No copies beyond two transposes, but XNNPACK runs it at about a third of its forward-conv speed.
 */
function dilatedFilterGrad(
  ops: WasmOps,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  strides: [number, number],
  pads: [[number, number], [number, number]],
  filterShape: [number, number, number, number],
): tf.TensorInfo {
  const xT = ops.transpose(x, [3, 1, 2, 0]);
  const dyT = ops.transpose(dy, [1, 2, 0, 3]);
  const full = ops.conv2d(xT, dyT, [1, 1], strides, pads);
  ops.free(xT, dyT);
  const [fh, fw, c, o] = filterShape;
  const exact =
    full.shape[1] === fh && full.shape[2] === fw ? full : ops.slice(full, [0, 0, 0, 0], [c, fh, fw, o]);
  const dW = ops.transpose(exact, [1, 2, 0, 3]);
  ops.free(full);
  if (exact !== full) ops.free(exact);
  return dW;
}

export function assertChannelsLast(dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`unetc wasm kernels support channels-last (NHWC) only, got ${dataFormat}`);
  }
}
