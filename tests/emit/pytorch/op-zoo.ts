/**
 * One 2D graph with every op variant the spec library does not reach, at odd sizes where tfjs'
 * conventions differ from PyTorch's defaults: uneven 'same' padding (even kernel, stride 2,
 * pooling), dilation, transposed convs whose tfjs window needs PyTorch's padding, output padding
 * or a crop, k < s, non-integer nearest / bilinear resizes, asymmetric pad and crop, PReLU with one
 * slope and with one per activation, non-affine group and batch norm, every activation as its own
 * node, both dropouts, and heads of every kind (an activation-layer head, fused heads, an
 * average of fused heads).
 */
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import type { ConvTransposeAttrs, PoolAttrs } from '../../../src/compiler/ir/ir.js';
import { IrBuilder } from '../fixtures/ir-builder.js';

function convT(
  b: IrBuilder,
  id: string,
  x: string,
  k: number,
  s: number,
  padding: 'valid' | 'same',
  op: number,
  out: number,
) {
  const shape = b.shape(x);
  const c = shape[shape.length - 1] ?? 1;
  const attrs: ConvTransposeAttrs = {
    op: 'conv_transpose',
    filters: 4,
    kernel: [k, k],
    strides: [s, s],
    padding,
    outputPadding: [op, op],
    useBias: true,
    activation: 'linear',
  };
  return b.add(id, attrs, [x], [out, out, 4], k * k * c * 4 + 4);
}

function pool(
  b: IrBuilder,
  id: string,
  x: string,
  op: PoolAttrs['op'],
  k: number,
  s: number,
  padding: 'valid' | 'same',
  out: number,
) {
  const c = b.shape(x)[2] ?? 1;
  return b.add(id, { op, pool: [k, k], strides: [s, s], padding }, [x], [out, out, c]);
}

export function opZoo2d(): CheckedModel {
  const b = new IrBuilder(2);
  const x = b.input([9, 9, 2]);
  const a = b.conv('zoo_even', x, 4, 2, 'same', { activation: 'linear' });
  const d = b.conv('zoo_dilated', x, 4, 3, 'same', { dilation: 2, activation: 'tanh' });
  const s2 = b.conv('zoo_stride2', a, 4, 3, 'same', { stride: 2, activation: 'elu' });
  const mp = pool(b, 'zoo_max_same', d, 'max_pool', 2, 2, 'same', 5);
  const ap = pool(b, 'zoo_avg_same', a, 'avg_pool', 2, 2, 'same', 5);
  const p3 = pool(b, 'zoo_max_k3s2', a, 'max_pool', 3, 2, 'valid', 4);
  const m = b.merge('zoo_sum3', 'add', [s2, mp, ap]);
  const t1 = convT(b, 'zoo_tconv_same_k3', m, 3, 2, 'same', 0, 10);
  const t2 = convT(b, 'zoo_tconv_valid_op1', m, 3, 2, 'valid', 1, 12);
  const t3 = convT(b, 'zoo_tconv_same_k4', m, 4, 2, 'same', 0, 10);
  const t4 = convT(b, 'zoo_tconv_k1s2', m, 1, 2, 'valid', 0, 10);
  const t = b.merge('zoo_tconv_mean', 'average', [t1, t3, t4]);
  const tc = b.add(
    'zoo_crop_t2',
    {
      op: 'crop',
      cropping: [
        [1, 2],
        [2, 1],
      ],
    },
    [t2],
    [9, 9, 4],
  );
  const tcc = b.add(
    'zoo_crop_t',
    {
      op: 'crop',
      cropping: [
        [1, 0],
        [0, 1],
      ],
    },
    [t],
    [9, 9, 4],
  );
  const r1 = b.resizeLike('zoo_resize_nearest', m, x, 'nearest');
  const r2 = b.resizeLike('zoo_resize_bilinear', m, x, 'bilinear');
  const u3 = b.upsample('zoo_up3_nearest', p3, 3, 'nearest');
  const u3c = b.add(
    'zoo_crop_u3',
    {
      op: 'crop',
      cropping: [
        [1, 2],
        [3, 0],
      ],
    },
    [u3],
    [9, 9, 4],
  );
  const u2 = b.upsample('zoo_up2_bilinear', p3, 2, 'bilinear');
  const u2p = b.add(
    'zoo_pad_u2',
    {
      op: 'pad',
      padding: [
        [1, 0],
        [0, 1],
      ],
    },
    [u2],
    [9, 9, 4],
  );
  let y = b.merge('zoo_concat', 'concat', [a, d, tc, tcc, r1, r2, u3c, u2p]);
  y = b.norm('zoo_group_plain', y, 'group', false, 4);
  y = b.norm('zoo_batch_plain', y, 'batch', false);
  y = b.act('zoo_prelu_each', y, 'prelu', undefined, 9 * 9 * 32);
  y = b.act('zoo_prelu_one', y, 'prelu', undefined, 1);
  y = b.act('zoo_elu', y, 'elu');
  y = b.act('zoo_leaky', y, 'leaky_relu', 0.2);
  const g = b.act('zoo_gelu', y, 'gelu');
  const sm = b.act('zoo_softmax', g, 'softmax');
  const sg = b.act('zoo_sigmoid', g, 'sigmoid');
  const th = b.act('zoo_tanh', g, 'tanh');
  y = b.merge('zoo_gate', 'multiply', [g, sm, sg]);
  y = b.merge('zoo_residual', 'add', [y, b.act('zoo_linear', th, 'linear')]);
  y = b.dropout('zoo_dropout', y, 0.3);
  y = b.dropout('zoo_dropout_spatial', y, 0.3, true);
  const h1 = b.conv('zoo_head_conv', y, 3, 1, 'valid', { activation: 'linear' });
  const main = b.act('zoo_head', h1, 'softmax');
  const h2 = b.conv('zoo_head_a', y, 1, 1, 'valid', { activation: 'sigmoid' });
  const h3 = b.conv('zoo_head_b', g, 1, 1, 'valid', { activation: 'sigmoid' });
  const avg = b.merge('zoo_head_mean', 'average', [h2, h3]);
  return b.checked([main, avg, h2], 'he_normal', 'op_zoo_2d');
}
