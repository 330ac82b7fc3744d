/**
 * Oktay et al. 2018 additive attention gate on a skip x with gating signal g:
 * q = ψᵀ·ReLU(W_xᵀx + W_gᵀg + b_g) + b_ψ, α = sigmoid(q), x̂ = α·x.
 *
 * - 'strided' (the paper's `_GridAttentionBlockND`): W_x is a conv with kernel = stride = the
 *   level's down-sampling factor and no bias, landing x on g's grid (g = the coarser decoder output
 *   or the bottleneck); α is resized back to x; then a 1×1 conv + norm transforms x̂.
 * - 'same_resolution' (MONAI, keras-unet-collection): g is the already up-sampled map; W_x, W_g
 *   are 1×1 convs followed by norm, ψ by norm and sigmoid; no resize, no output transform.
 *
 * Ids: att<l>_wx, _wg, _add, _relu, _psi, _resize, _mul, _out, _out_norm (and _wx_norm, _wg_norm, _psi_norm).
 */
import type { IrRole } from '../ir/ir.js';
import type { ActivationSpec, AttentionSpec, LevelSpec, NormSpec } from '../spec/model-spec.js';
import type { NetBuilder } from './net-builder.js';

function interChannels(att: AttentionSpec, skipChannels: number): number {
  return 'channels' in att.inter ? att.inter.channels : Math.floor(skipChannels * att.inter.fraction);
}

function gateNorm(att: AttentionSpec): NormSpec {
  return { $path: att.$path, kind: att.norm, affine: true, epsilon: 1e-3, momentum: 0.99 };
}

/** Returns the gated skip x̂ (same channels as x). */
export function expandAttentionGate(
  b: NetBuilder,
  x: number,
  g: number,
  att: AttentionSpec,
  level: LevelSpec,
  dims: number,
): number {
  const l = level.level;
  const role: IrRole = { stage: 'gate', level: l, column: 0 };
  const inter = interChannels(att, b.channels(x));
  if (inter < 1) b.report('AttentionInterTooSmall', att.$path, { level: l, inter });
  const f = Math.max(inter, 1);
  const ones = Array.from({ length: dims }, () => 1);
  const conv1 = (
    id: string,
    input: number,
    filters: number,
    useBias: boolean,
    activation: 'linear' | 'sigmoid',
  ) =>
    b.conv(
      id,
      input,
      { filters, kernel: ones, strides: ones, dilation: ones, padding: 'valid', useBias, activation },
      role,
      att.$path,
    );
  const relu: ActivationSpec = { $path: att.$path, kind: 'relu' };
  const norm = gateNorm(att);
  const sameRes = att.mode === 'same_resolution';

  let theta: number;
  if (sameRes) {
    theta = b.norm(`att${l}_wx_norm`, conv1(`att${l}_wx`, x, f, true, 'linear'), norm, role);
  } else {
    const factor = level.down?.stride ?? ones.map(() => 2);
    theta = b.conv(
      `att${l}_wx`,
      x,
      {
        filters: f,
        kernel: factor,
        strides: factor,
        dilation: ones,
        padding: 'valid',
        useBias: false,
        activation: 'linear',
      },
      role,
      att.$path,
    );
  }
  let phi = conv1(`att${l}_wg`, g, f, true, 'linear');
  if (sameRes) phi = b.norm(`att${l}_wg_norm`, phi, norm, role);
  const sum = b.merge(`att${l}_add`, 'add', [theta, phi], { kind: 'exact' }, role, att.$path);
  const act = b.activation(`att${l}_relu`, sum, relu, role);
  let alpha: number;
  if (sameRes && att.norm !== 'none') {
    const psi = b.norm(`att${l}_psi_norm`, conv1(`att${l}_psi`, act, 1, true, 'linear'), norm, role);
    alpha = b.activation(`att${l}_sigmoid`, psi, { $path: att.$path, kind: 'sigmoid' }, role);
  } else {
    alpha = conv1(`att${l}_psi`, act, 1, true, 'sigmoid');
  }
  if (!sameRes) {
    alpha = b.add({
      id: `att${l}_resize`,
      attrs: { op: 'resize_like', interpolation: 'bilinear' },
      inputs: [alpha, x],
      channels: 1,
      role,
      origin: att.$path,
    });
  }
  const gated = b.merge(`att${l}_mul`, 'multiply', [x, alpha], { kind: 'exact' }, role, att.$path);
  if (sameRes) return gated;
  const out = conv1(`att${l}_out`, gated, b.channels(x), true, 'linear');
  return b.norm(`att${l}_out_norm`, out, norm, role);
}
