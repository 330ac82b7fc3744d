import * as tf from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops.js';

/**
 * Slice and SplitV for wasm with the slice's rank reduced first. The stock Slice has fast paths for
 * contiguous slices and ranks 2–4 only, and falls back to a per-element index computation for rank 5,
 * which made SplitV (the gradient of every skip-connection concat) the slowest kernel of a 3D U-Net step.
 * Neighbouring axes merge when the inner one is taken whole: shape [B,D,H,W,C] sliced on C only is a
 * [B·D·H·W, C] slice, handled by the 2D loop.
 */
export function collapseSlice(
  shape: number[],
  begin: number[],
  size: number[],
): { shape: number[]; begin: number[]; size: number[] } {
  const out = { shape: [shape[0] as number], begin: [begin[0] as number], size: [size[0] as number] };
  for (let axis = 1; axis < shape.length; axis++) {
    const n = shape[axis] as number;
    const last = out.shape.length - 1;
    if (begin[axis] === 0 && size[axis] === n) {
      out.shape[last] = (out.shape[last] as number) * n;
      out.begin[last] = (out.begin[last] as number) * n;
      out.size[last] = (out.size[last] as number) * n;
    } else {
      out.shape.push(n);
      out.begin.push(begin[axis] as number);
      out.size.push(size[axis] as number);
    }
  }
  return out;
}

/** Slice through the stock kernel on the collapsed view; same result, fewer axes. */
export function collapsedSlice(
  ops: WasmOps,
  x: tf.TensorInfo,
  begin: number[],
  size: number[],
): tf.TensorInfo {
  const [b, s] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, begin, size);
  if (x.shape.length <= 1) return ops.run('Slice', { x }, { begin: b, size: s });
  const view = collapseSlice(x.shape, b, s);
  const out = ops.run('Slice', { x: ops.reshaped(x, view.shape) }, { begin: view.begin, size: view.size });
  return ops.reshaped(out, s);
}

export function sliceKernel(ops: WasmOps): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { begin, size } = attrs as unknown as tf.SliceAttrs;
    return collapsedSlice(ops, x, begin as number[], size as number[]);
  };
  return { kernelName: tf.Slice, backendName: 'wasm', kernelFunc };
}

export function splitVKernel(ops: WasmOps): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { numOrSizeSplits, axis } = attrs as unknown as tf.SplitVAttrs;
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, $axis);
    const begin = x.shape.map(() => 0);
    return sizes.map((n) => {
      const size = [...x.shape];
      size[$axis] = n;
      const part = collapsedSlice(ops, x, [...begin], size);
      begin[$axis] = (begin[$axis] as number) + n;
      return part;
    });
  };
  return { kernelName: tf.SplitV, backendName: 'wasm', kernelFunc };
}
