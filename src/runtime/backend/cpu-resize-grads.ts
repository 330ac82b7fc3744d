import * as tf from '@tensorflow/tfjs';

/**
 * Exact adjoints of tfjs-backend-cpu's ResizeNearestNeighbor / ResizeBilinear forwards, registered for 'cpu'
 * because the stock grads are wrong in 4.22: nearest reads dy at the image's batch offset (wrong for
 * batch > 1), bilinear returns shape [B, W, H, C] (throws or scrambles when H ≠ W).
 * Both walk dy once and scatter into dx with the forward's own index arithmetic.
 */
interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

interface ResizeAttrs {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** Source/target size ratio as the forward computes it: (in−1)/(out−1) with alignCorners, else in/out. */
function sizeRatio(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
}

function nearestIndex(i: number, ratio: number, inSize: number, attrs: ResizeAttrs): number {
  const frac = attrs.halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
  const index = Math.min(inSize - 1, attrs.alignCorners ? Math.round(frac) : Math.floor(frac));
  return attrs.halfPixelCenters ? Math.max(0, index) : index;
}

/** [floor, ceil, fraction] of the bilinear source coordinate for output index i. */
function bilinearTaps(
  i: number,
  ratio: number,
  inSize: number,
  halfPixelCenters: boolean,
): [number, number, number] {
  const frac = halfPixelCenters ? ratio * (i + 0.5) - 0.5 : ratio * i;
  const low = Math.max(0, Math.floor(frac));
  return [low, Math.min(inSize - 1, Math.ceil(frac)), frac - low];
}

type Scatter = (
  dx: Float32Array,
  dy: Float32Array,
  shapes: { x: number[]; y: number[] },
  attrs: ResizeAttrs,
) => void;

function resizeGradKernel(kernelName: string, scatter: Scatter): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { images, dy } = inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
    const cpu = backend as unknown as CpuBackend;
    const dx = new Float32Array(images.shape.reduce((a, b) => a * b, 1));
    scatter(
      dx,
      cpu.data.get(dy.dataId as object).values,
      { x: images.shape, y: dy.shape },
      attrs as unknown as ResizeAttrs,
    );
    return cpu.makeTensorInfo(images.shape, 'float32', dx);
  };
  return { kernelName, backendName: 'cpu', kernelFunc };
}

const scatterNearest: Scatter = (dx, dy, { x, y }, attrs) => {
  const [batch, inH, inW, depth] = x as [number, number, number, number];
  const [, outH, outW] = y as [number, number, number];
  const rowRatio = sizeRatio(inH, outH, attrs.alignCorners);
  const colRatio = sizeRatio(inW, outW, attrs.alignCorners);
  let offset = 0;
  for (let b = 0; b < batch; b++)
    for (let r = 0; r < outH; r++) {
      const row = (b * inH + nearestIndex(r, rowRatio, inH, attrs)) * inW;
      for (let c = 0; c < outW; c++) {
        const base = (row + nearestIndex(c, colRatio, inW, attrs)) * depth;
        for (let d = 0; d < depth; d++) dx[base + d] = (dx[base + d] as number) + (dy[offset++] as number);
      }
    }
};

const scatterBilinear: Scatter = (dx, dy, { x, y }, attrs) => {
  const [batch, inH, inW, depth] = x as [number, number, number, number];
  const [, outH, outW] = y as [number, number, number];
  const rowRatio = sizeRatio(inH, outH, attrs.alignCorners);
  const colRatio = sizeRatio(inW, outW, attrs.alignCorners);
  const add = (index: number, value: number): void => {
    dx[index] = (dx[index] as number) + value;
  };
  let offset = 0;
  for (let b = 0; b < batch; b++)
    for (let r = 0; r < outH; r++) {
      const [top, bottom, rf] = bilinearTaps(r, rowRatio, inH, attrs.halfPixelCenters);
      for (let c = 0; c < outW; c++) {
        const [left, right, cf] = bilinearTaps(c, colRatio, inW, attrs.halfPixelCenters);
        const at = (row: number, col: number): number => ((b * inH + row) * inW + col) * depth;
        const [tl, tr, bl, br] = [at(top, left), at(top, right), at(bottom, left), at(bottom, right)];
        for (let d = 0; d < depth; d++) {
          const g = dy[offset++] as number;
          add(tl + d, g * (1 - cf) * (1 - rf));
          add(tr + d, g * cf * (1 - rf));
          add(bl + d, g * (1 - cf) * rf);
          add(br + d, g * cf * rf);
        }
      }
    }
};

export const cpuResizeNearestNeighborGrad = resizeGradKernel(tf.ResizeNearestNeighborGrad, scatterNearest);
export const cpuResizeBilinearGrad = resizeGradKernel(tf.ResizeBilinearGrad, scatterBilinear);
