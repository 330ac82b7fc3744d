/**
 * Output lengths of the sliding-window layers along one spatial axis, exactly as TensorFlow and
 * tfjs-layers compute them (`conv_utils.convOutputLength`, `deconvLength`). Pure integer maths;
 * the checker and the runtime's assertions share these functions.
 */
import type { Padding } from '../spec/model-spec.js';

/** Extent of a dilated kernel: k_eff = (k − 1)·d + 1. */
export function effectiveKernel(kernel: number, dilation = 1): number {
  return (kernel - 1) * dilation + 1;
}

/**
 * Conv output length: valid ⇒ ⌊(n − k_eff) / s⌋ + 1, same ⇒ ⌈n / s⌉, with k_eff = (k − 1)·d + 1.
 * A valid window larger than the input gives a length ≤ 0 (the map vanished).
 */
export function convOutputLength(
  input: number,
  kernel: number,
  stride = 1,
  dilation = 1,
  padding: Padding = 'valid',
): number {
  if (padding === 'same') return Math.ceil(input / stride);
  return Math.floor((input - effectiveKernel(kernel, dilation)) / stride) + 1;
}

/** Pooling output length: the conv formula with dilation 1 (valid ⇒ ⌊(n − p) / s⌋ + 1, same ⇒ ⌈n / s⌉). */
export function poolOutputLength(
  input: number,
  pool: number,
  stride = pool,
  padding: Padding = 'valid',
): number {
  return convOutputLength(input, pool, stride, 1, padding);
}

/**
 * Rows a strided window drops at the far end (floor rounding): valid ⇒ (n − k_eff) mod s,
 * same ⇒ (s − n mod s) mod s padded rows (TensorFlow pads unevenly when n is not a multiple of s).
 * 0 means the windows tile the input exactly.
 */
export function stridedRemainder(
  input: number,
  kernel: number,
  stride: number,
  dilation = 1,
  padding: Padding = 'valid',
): number {
  if (stride <= 1) return 0;
  if (padding === 'same') return (stride - (input % stride)) % stride;
  const span = input - effectiveKernel(kernel, dilation);
  return span < 0 ? 0 : span % stride;
}

/**
 * Transposed-conv output length (Keras `deconv_length`): valid ⇒ n·s + max(k − s, 0),
 * same ⇒ n·s; plus `outputPadding` extra rows on the far side (PyTorch `output_padding`).
 */
export function convTransposeOutputLength(
  input: number,
  kernel: number,
  stride: number,
  padding: Padding = 'valid',
  outputPadding = 0,
): number {
  const base = padding === 'same' ? input * stride : input * stride + Math.max(kernel - stride, 0);
  return base + outputPadding;
}

/** Nearest / bilinear up-sampling by an integer factor: n·f. */
export function upsampleOutputLength(input: number, factor: number): number {
  return input * factor;
}

/**
 * TensorFlow 'same' padding along one axis: total = max((⌈n / s⌉ − 1)·s + k_eff − n, 0),
 * split as [⌊total / 2⌋, total − ⌊total / 2⌋] (the extra row goes after).
 */
export function sameConvPadding(input: number, kernel: number, stride = 1, dilation = 1): [number, number] {
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + effectiveKernel(kernel, dilation) - input, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
