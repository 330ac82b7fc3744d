import { downSampling, norms, upSampling } from '../../vocabulary/index.js';
import type { Dims, DownSpec, NormSpec, Padding, UpSpec } from '../model-spec.js';
import { describedCall } from './described-call.js';
import { perAxis } from './axes.js';
import { normalizeActivation, normalizeNorm } from './block.js';
import type { Located, NormalizeContext } from './context.js';
import { get, mergeCallLayers } from './merge.js';

/**
 * `maxpool(2)` (the paper) | `avgpool(2)` | `conv(kernel: 3, stride: 2)`, layered network-wide then
 * per level. A pool's stride defaults to its window; a strided conv pads `same` and is followed by
 * the level's norm and activation unless `norm_act: false`.
 */
export function normalizeDown(ctx: NormalizeContext, dims: Dims, layers: readonly Located[]): DownSpec {
  const merged = mergeCallLayers(layers);
  const call = describedCall(ctx, merged, downSampling);
  const { kind } = call;
  const fallback = (key: string) => call.defaultOf(key) as number;
  const kernel = perAxis(ctx, get(merged, 'kernel'), dims, fallback('kernel'));
  const strideLoc = get(merged, 'stride');
  const followsKernel = downSampling.kinds[kind].follows?.['stride'] === 'kernel';
  const stride =
    strideLoc.value === undefined && followsKernel
      ? [...kernel]
      : perAxis(ctx, strideLoc, dims, fallback('stride'));
  return {
    kind,
    $path: merged.pointer,
    kernel,
    stride,
    padding: call.takes('padding') ? call.word<Padding>('padding') : 'valid',
    normAct: call.takes('norm_act') && call.flag('norm_act'),
  };
}

/**
 * `transpose(kernel: 2, stride: 2)` (the paper's 2×2 up-convolution) | `nearest(2)` | `bilinear(2)`
 * (resize, then a conv with `kernel`, default 2). Channels halve by default, as in the paper.
 */
/**
 * `norm: true` = the decoder block's norm (batch norm when it has none), `norm: batch` | `instance(…)`
 * = a norm of its own (MONAI's AttentionUnet: batch norm on the up-conv, instance norm in the block).
 */
function upNorm(ctx: NormalizeContext, loc: Located, decoderNorm: NormSpec | null): NormSpec | null {
  if (loc.value === undefined || loc.value === false) return null;
  if (loc.value === true) {
    if (decoderNorm && decoderNorm.kind !== 'none') return decoderNorm;
    const batch = norms.kinds.batch.defaults;
    return {
      $path: loc.pointer,
      kind: 'batch',
      affine: batch['affine'] as boolean,
      epsilon: batch['epsilon'] as number,
      momentum: batch['momentum'] as number,
    };
  }
  const norm = normalizeNorm(ctx, loc);
  return norm.kind === 'none' ? null : norm;
}

export function normalizeUp(
  ctx: NormalizeContext,
  dims: Dims,
  layers: readonly Located[],
  decoderNorm: NormSpec | null = null,
): UpSpec {
  const merged = mergeCallLayers(layers);
  const call = describedCall(ctx, merged, upSampling);
  const { kind } = call;
  // Every field is read for every kind (a transpose records `conv: after`), as the plan has them all.
  const fallback = (key: string) => call.defaultOf(key) as number;
  const filtersValue = get(merged, 'filters').value;
  const words = upSampling.parameters['filters']!.words!;
  const filters =
    typeof filtersValue === 'string' && words.includes(filtersValue)
      ? (filtersValue as 'halve' | 'same')
      : typeof filtersValue === 'number'
        ? filtersValue
        : (call.defaultOf('filters') as 'halve');
  return {
    kind,
    $path: merged.pointer,
    kernel: perAxis(ctx, get(merged, 'kernel'), dims, fallback('kernel')),
    stride: perAxis(ctx, get(merged, 'stride'), dims, fallback('stride')),
    padding: call.word<Padding>('padding'),
    outputPadding: perAxis(ctx, get(merged, 'output_padding'), dims, fallback('output_padding')),
    filters,
    activation: normalizeActivation(ctx, get(merged, 'activation'), call.defaultOf('activation') as 'none'),
    norm: upNorm(ctx, get(merged, 'norm'), decoderNorm),
    bias: call.flag('bias'),
    conv: call.word<UpSpec['conv']>('conv'),
  };
}
