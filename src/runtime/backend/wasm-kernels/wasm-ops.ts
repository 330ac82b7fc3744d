import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { collapsedSlice } from './slice.js';

type TensorInfo = tf.TensorInfo;
type Pads = Array<[number, number]>;

/**
 * The stock wasm kernels the compositions are built from, captured once at registration time, so that
 * replacing (say) MaxPool3D does not make a composition call itself.
 *
 * Every call returns a TensorInfo owned by the caller: release intermediates with `free`, exactly once per
 * returned value (Reshape shares the data id and bumps its refcount, so freeing it once is still right).
 */
export class WasmOps {
  private readonly stock = new Map<string, tf.KernelFunc>();

  constructor(readonly backend: BackendWasm) {}

  /** Captures the current wasm kernel for `name`; call before any replacement is registered. */
  capture(name: string): void {
    const config = tf.getKernel(name, 'wasm');
    if (config === undefined) throw new Error(`wasm kernel ${name} is not registered`);
    this.stock.set(name, config.kernelFunc);
  }

  run(name: string, inputs: Record<string, TensorInfo>, attrs: tf.NamedAttrMap = {}): TensorInfo {
    const kernelFunc = this.stock.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
    if (kernelFunc === undefined) throw new Error(`wasm kernel ${name} is not registered`);
    const out = kernelFunc({ inputs, attrs, backend: this.backend });
    // Every kernel used here has a single output.
    return Array.isArray(out) ? (out[0] as TensorInfo) : out;
  }

  free(...infos: TensorInfo[]): void {
    for (const info of infos) this.backend.disposeData(info.dataId);
  }

  /** Same data, new shape, no copy: the result replaces `x` (free one of them, not both). */
  reshaped(x: TensorInfo, shape: number[]): TensorInfo {
    return { dataId: x.dataId, shape, dtype: x.dtype };
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return collapsedSlice(this, x, begin, size);
  }

  stridedSlice(x: TensorInfo, begin: number[], end: number[], strides: number[]): TensorInfo {
    return this.run(
      'StridedSlice',
      { x },
      { begin, end, strides, beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 },
    );
  }

  pad(x: TensorInfo, paddings: Pads, constantValue = 0): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue });
  }

  concat(list: TensorInfo[], axis: number): TensorInfo {
    return this.run('Concat', list as unknown as Record<string, TensorInfo>, { axis });
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  add(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run('Add', { a, b });
  }

  /** NHWC Conv2D on XNNPACK with explicit, possibly asymmetric padding `[[t,b],[l,r]]`. */
  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pads: [[number, number], [number, number]],
  ): TensorInfo {
    const pad = [[0, 0], pads[0], pads[1], [0, 0]];
    return this.run('Conv2D', { x, filter }, {
      strides,
      dilations,
      pad,
      dataFormat: 'NHWC',
      dimRoundingMode: undefined,
    } as unknown as tf.NamedAttrMap);
  }

  /**
   * Cuts or zero-pads the spatial axes of a channels-last tensor (at their end) to `extent`; returns x
   * itself when it already fits. The result replaces x (free x only when a new tensor came back).
   */
  fitTo(x: TensorInfo, extent: number[]): TensorInfo {
    const spatial = x.shape.slice(1, -1);
    if (spatial.every((n, i) => n === extent[i])) return x;
    const [batch, channels] = [x.shape[0] as number, x.shape[x.shape.length - 1] as number];
    const kept = spatial.map((n, i) => Math.min(n, extent[i] as number));
    const cut = kept.every((n, i) => n === spatial[i])
      ? x
      : this.slice(
          x,
          x.shape.map(() => 0),
          [batch, ...kept, channels],
        );
    if (kept.every((n, i) => n === extent[i])) return cut;
    const grown = this.pad(cut, [
      [0, 0],
      ...kept.map((n, i): [number, number] => [0, (extent[i] as number) - n]),
      [0, 0],
    ]);
    if (cut !== x) this.free(cut);
    return grown;
  }

  /** Slices away `−pad` rows/columns of a channels-last tensor where a padding is negative; else returns x. */
  cropNegative(x: TensorInfo, before: number[], after: number[]): TensorInfo {
    if (before.every((p) => p >= 0) && after.every((p) => p >= 0)) return x;
    const begin = [0, ...before.map((p) => Math.max(0, -p)), 0];
    const size = x.shape.map((n, axis) => {
      if (axis === 0 || axis === x.shape.length - 1) return n;
      return n - Math.max(0, -(before[axis - 1] as number)) - Math.max(0, -(after[axis - 1] as number));
    });
    return this.slice(x, begin, size);
  }

  /**
   * Inserts t−1 zeros between neighbours along each spatial axis of a channels-last tensor
   * `[B, s1..sn, C]` → `[B, (s1−1)·t1+1, …, C]`, by Reshape/PadV2/Reshape/Slice (no scatter).
   * XNNPACK pads at most 6 dimensions, so up to two axes go in one pass and a third needs its own.
   */
  zeroInsert(x: TensorInfo, strides: number[]): TensorInfo {
    if (strides.every((s) => s === 1)) return this.run('Identity', { x });
    if (strides.length <= 2) return this.zeroInsertTogether(x, strides);
    let current = this.run('Identity', { x });
    strides.forEach((t, i) => {
      if (t === 1) return;
      const next = this.zeroInsertTogether(
        current,
        strides.map((_, j) => (j === i ? t : 1)).slice(i, i + 1),
        i,
      );
      this.free(current);
      current = next;
    });
    return current;
  }

  /** zeroInsert on the spatial axes first..first+strides.length−1, folding the others into neighbours. */
  private zeroInsertTogether(x: TensorInfo, strides: number[], first = 0): TensorInfo {
    const dims = x.shape;
    const lead = dims.slice(0, first + 1).reduce((a, b) => a * b, 1);
    const spatial = dims.slice(first + 1, first + 1 + strides.length);
    const tail = dims.slice(first + 1 + strides.length).reduce((a, b) => a * b, 1);
    // [lead, s1, 1, s2, 1, tail] padded to [lead, s1, t1, s2, t2, tail], then flattened pairwise.
    const split = [lead, ...spatial.flatMap((n) => [n, 1]), tail];
    const pads: Pads = [
      [0, 0],
      ...strides.flatMap((t): Pads => [
        [0, 0],
        [0, t - 1],
      ]),
      [0, 0],
    ];
    const padded = this.pad(this.reshaped(x, split), pads);
    const spread = this.reshaped(padded, [lead, ...spatial.map((n, i) => n * (strides[i] as number)), tail]);
    const kept = spatial.map((n, i) => (n - 1) * (strides[i] as number) + 1);
    const trimmed = this.slice(
      spread,
      spread.shape.map(() => 0),
      [lead, ...kept, tail],
    );
    this.free(spread);
    const shape = [...dims];
    kept.forEach((n, i) => (shape[first + 1 + i] = n));
    return this.reshaped(trimmed, shape);
  }
}
