import * as tf from '@tensorflow/tfjs';

/**
 * Tiny U-Nets covering what U-Net families dispatch in training: valid/same convs, strides 1 and 2,
 * kernels 1/2/3, max pooling (after linear/BN layers too, so windows with max ≤ 0 occur),
 * Conv2DTranspose / Conv3DTranspose and UpSampling2D (nearest and bilinear), cropping, concatenation,
 * batch norm, sigmoid/softmax heads. Seeded initialisers make every build identical on every backend.
 */
let seed = 100;

function conv2d(
  x: tf.SymbolicTensor,
  filters: number,
  kernel: number,
  padding: 'valid' | 'same',
  activation = 'relu',
  strides = 1,
): tf.SymbolicTensor {
  return tf.layers
    .conv2d({
      filters,
      kernelSize: kernel,
      padding,
      activation: activation as 'relu',
      strides,
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
      biasInitializer: tf.initializers.randomNormal({ seed: seed++, stddev: 0.1 }),
    })
    .apply(x) as tf.SymbolicTensor;
}

/** 2015-style: valid convs, crop + concat skip, Conv2DTranspose up, softmax over 2 classes. 20×20 → 6×6. */
export function validUnet2d(): tf.LayersModel {
  seed = 100;
  const input = tf.input({ shape: [20, 20, 1] });
  const c1 = conv2d(conv2d(input, 4, 3, 'valid'), 4, 3, 'valid'); // 16
  const p1 = tf.layers.maxPooling2d({ poolSize: 2 }).apply(c1) as tf.SymbolicTensor; // 8
  const c2 = conv2d(conv2d(p1, 6, 3, 'valid', 'linear'), 6, 1, 'valid', 'linear'); // 6, linear: max ≤ 0 windows
  const p2 = tf.layers.maxPooling2d({ poolSize: 2 }).apply(c2) as tf.SymbolicTensor; // 3
  const b = conv2d(p2, 8, 2, 'same');
  const u2 = tf.layers
    .conv2dTranspose({
      filters: 6,
      kernelSize: 2,
      strides: 2,
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
    })
    .apply(b) as tf.SymbolicTensor; // 6
  const m2 = tf.layers.concatenate().apply([c2, u2]) as tf.SymbolicTensor;
  const d2 = conv2d(m2, 6, 3, 'same');
  const u1 = tf.layers
    .conv2dTranspose({
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'valid',
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
    })
    .apply(d2) as tf.SymbolicTensor; // 13
  const crop = tf.layers
    .cropping2D({
      cropping: [
        [1, 2],
        [1, 2],
      ],
    })
    .apply(c1) as tf.SymbolicTensor; // 16 → 13
  const m1 = tf.layers.concatenate().apply([crop, u1]) as tf.SymbolicTensor;
  const d1 = conv2d(conv2d(m1, 4, 3, 'valid', 'relu', 2), 4, 3, 'valid'); // 6 → 4
  const out = conv2d(d1, 2, 1, 'valid', 'softmax');
  return tf.model({ inputs: input, outputs: out });
}

/** Same padding, batch norm before pooling, UpSampling2D (nearest and bilinear), sigmoid. 12×10 in/out. */
export function sameUnet2d(): tf.LayersModel {
  seed = 200;
  const input = tf.input({ shape: [12, 10, 2] });
  const c1 = tf.layers.batchNormalization().apply(conv2d(input, 4, 3, 'same', 'linear')) as tf.SymbolicTensor;
  const p1 = tf.layers.maxPooling2d({ poolSize: 2 }).apply(c1) as tf.SymbolicTensor; // 6×5
  const c2 = conv2d(p1, 6, 3, 'same');
  const p2 = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(c2) as tf.SymbolicTensor; // 3×3
  const b = conv2d(p2, 8, 3, 'same');
  const u2 = tf.layers
    .upSampling2d({ size: [2, 2], interpolation: 'bilinear' })
    .apply(b) as tf.SymbolicTensor; // 6×6
  const u2c = tf.layers
    .cropping2D({
      cropping: [
        [0, 0],
        [0, 1],
      ],
    })
    .apply(u2) as tf.SymbolicTensor; // 6×5
  const d2 = conv2d(tf.layers.concatenate().apply([c2, u2c]) as tf.SymbolicTensor, 6, 3, 'same');
  const u1 = tf.layers.upSampling2d({ size: [2, 2] }).apply(d2) as tf.SymbolicTensor; // 12×10
  const d1 = conv2d(tf.layers.concatenate().apply([c1, u1]) as tf.SymbolicTensor, 4, 3, 'same');
  const out = conv2d(d1, 1, 1, 'same', 'sigmoid');
  return tf.model({ inputs: input, outputs: out });
}

function conv3d(
  x: tf.SymbolicTensor,
  filters: number,
  kernel: number,
  padding: 'valid' | 'same',
  activation = 'relu',
): tf.SymbolicTensor {
  return tf.layers
    .conv3d({
      filters,
      kernelSize: kernel,
      padding,
      activation: activation as 'relu',
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
      biasInitializer: tf.initializers.randomNormal({ seed: seed++, stddev: 0.1 }),
    })
    .apply(x) as tf.SymbolicTensor;
}

/** 3D: same convs, MaxPooling3D after a linear conv, Conv3DTranspose, concat, sigmoid. 6×8×8 in/out. */
export function sameUnet3d(): tf.LayersModel {
  seed = 300;
  const input = tf.input({ shape: [6, 8, 8, 1] });
  const c1 = conv3d(input, 3, 3, 'same', 'linear');
  const p1 = tf.layers.maxPooling3d({ poolSize: 2 }).apply(c1) as tf.SymbolicTensor; // 3×4×4
  const b = conv3d(p1, 4, 3, 'same');
  const u1 = tf.layers
    .conv3dTranspose({
      filters: 3,
      kernelSize: 2,
      strides: 2,
      padding: 'same',
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
    })
    .apply(b) as tf.SymbolicTensor;
  const d1 = conv3d(tf.layers.concatenate().apply([c1, u1]) as tf.SymbolicTensor, 3, 3, 'same');
  const out = conv3d(d1, 1, 1, 'same', 'sigmoid');
  return tf.model({ inputs: input, outputs: out });
}

/** 3D valid: valid convs, strided Conv3D, Conv3DTranspose with kernel 3 stride 2, softmax. 9×9×9 → 1×5×5. */
export function validUnet3d(): tf.LayersModel {
  seed = 400;
  const input = tf.input({ shape: [9, 9, 9, 2] });
  const c1 = conv3d(input, 3, 3, 'valid'); // 7
  const down = tf.layers
    .conv3d({
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'valid',
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
    })
    .apply(c1) as tf.SymbolicTensor; // 3
  const up = tf.layers
    .conv3dTranspose({
      filters: 3,
      kernelSize: 3,
      strides: 2,
      padding: 'valid',
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
    })
    .apply(down) as tf.SymbolicTensor; // 7
  const d1 = conv3d(tf.layers.concatenate().apply([c1, up]) as tf.SymbolicTensor, 3, 3, 'valid'); // 5
  const out = tf.layers
    .conv3d({
      filters: 2,
      kernelSize: [5, 1, 1],
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
    })
    .apply(d1) as tf.SymbolicTensor; // 1×5×5
  return tf.model({ inputs: input, outputs: out });
}

export const TINY_UNETS = { validUnet2d, sameUnet2d, sameUnet3d, validUnet3d } as const;
export type TinyUnetName = keyof typeof TINY_UNETS;

/** Inputs and targets for a model, seeded; targets are one-hot for softmax heads, 0/1 for sigmoid. */
export function batchFor(model: tf.LayersModel, batch: number): { x: tf.Tensor; y: tf.Tensor } {
  const inShape = model.inputs[0]?.shape.slice(1) as number[];
  const outShape = model.outputs[0]?.shape.slice(1) as number[];
  const x = tf.randomNormal([batch, ...inShape], 0, 1, 'float32', 31);
  const classes = outShape[outShape.length - 1] as number;
  const labels = tf.randomUniform([batch, ...outShape.slice(0, -1)], 0, classes, 'int32', 32);
  const y =
    classes === 1
      ? labels.expandDims(-1).toFloat()
      : tf.oneHot(labels.flatten(), classes).reshape([batch, ...outShape]);
  labels.dispose();
  return { x, y };
}
