import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnetcReplicatePadding } from '../../../src/runtime/layers/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('UnetcReplicatePadding', () => {
  it('repeats the edge rows and columns, as PyTorch F.pad(x, p, "replicate")', () => {
    const layer = new UnetcReplicatePadding({
      padding: [
        [0, 1],
        [1, 2],
      ],
    });
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 3, 5, 1]);
    // F.pad(torch.tensor([[1., 2.], [3., 4.]])[None, None], (1, 2, 0, 1), "replicate")
    expect(Array.from(y.dataSync())).toEqual([1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 3, 3, 4, 4, 4]);
  });

  it('pads 3D maps per axis and keeps its config', () => {
    const layer = new UnetcReplicatePadding({
      padding: [
        [1, 0],
        [0, 0],
        [0, 1],
      ],
    });
    const y = layer.apply(tf.ones([2, 2, 3, 4, 5])) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 3, 5, 5]);
    expect(layer.computeOutputShape([null, 2, 3, 4, 5])).toEqual([null, 3, 3, 5, 5]);
    expect(layer.getConfig()['padding']).toEqual([
      [1, 0],
      [0, 0],
      [0, 1],
    ]);
  });
});
