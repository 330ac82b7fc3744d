import * as tf from '@tensorflow/tfjs';

/**
 * The benchmark U-Nets, built directly with tfjs-layers (to be replaced by compiled models):
 * valid 3×3 convs + ReLU, 2×2 max pooling, 2×2 stride-2 transposed-conv up-sampling, centre crop + concat,
 * 1×1 softmax head. Mirrors bench/torch/unet_bench.py layer for layer.
 */
export interface BenchNet {
  name: string;
  input: number;
  base: number;
  poolings: number;
  classes: number;
}

export const BENCH_NETS: Record<string, BenchNet> = {
  /** Ronneberger et al. 2015: 572×572×1 → 388×388×2, 64 base filters, 4 poolings. */
  unet2015: { name: 'unet2015', input: 572, base: 64, poolings: 4, classes: 2 },
  /** 188×188×1 → 100×100×2, base 32, 3 poolings (the reference notes' benchmark). */
  unet188: { name: 'unet188', input: 188, base: 32, poolings: 3, classes: 2 },
};

function conv(
  x: tf.SymbolicTensor,
  filters: number,
  kernel: number,
  activation: 'relu' | 'softmax',
): tf.SymbolicTensor {
  return tf.layers
    .conv2d({ filters, kernelSize: kernel, padding: 'valid', activation })
    .apply(x) as tf.SymbolicTensor;
}

function size(x: tf.SymbolicTensor): number {
  return x.shape[1] as number;
}

export function buildUnet(net: BenchNet): tf.LayersModel {
  const input = tf.input({ shape: [net.input, net.input, 1] });
  const skips: tf.SymbolicTensor[] = [];
  let x = input;
  for (let level = 0; level < net.poolings; level++) {
    const filters = net.base * 2 ** level;
    x = conv(conv(x, filters, 3, 'relu'), filters, 3, 'relu');
    skips.push(x);
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  }
  const bottom = net.base * 2 ** net.poolings;
  x = conv(conv(x, bottom, 3, 'relu'), bottom, 3, 'relu');
  for (let level = net.poolings - 1; level >= 0; level--) {
    const filters = net.base * 2 ** level;
    x = tf.layers.conv2dTranspose({ filters, kernelSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
    const skip = skips[level] as tf.SymbolicTensor;
    const excess = size(skip) - size(x);
    const crop = tf.layers
      .cropping2D({
        cropping: [
          [Math.floor(excess / 2), Math.ceil(excess / 2)],
          [Math.floor(excess / 2), Math.ceil(excess / 2)],
        ],
      })
      .apply(skip) as tf.SymbolicTensor;
    x = tf.layers.concatenate().apply([crop, x]) as tf.SymbolicTensor;
    x = conv(conv(x, filters, 3, 'relu'), filters, 3, 'relu');
  }
  const output = conv(x, net.classes, 1, 'softmax');
  return tf.model({ inputs: input, outputs: output });
}
