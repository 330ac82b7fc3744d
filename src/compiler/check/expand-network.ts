/**
 * Topology expansion: NetworkSpec → NetGraph (size-independent), dispatching on the skip kind.
 * Wiring problems that do not depend on the input size are reported here.
 *
 * Layer ids (they become tfjs layer names, so trained weights carry over by name):
 *   input; enc<i>_… (encoder block of level i), bottleneck_…, down<i>_pool | down<i>_conv[_norm|_act]
 *   (level i → i + 1); dec<i>_up[_conv|_norm|_act], dec<i>_crop, dec<i>_concat | dec<i>_add, dec<i>_…
 *   (plain decoder); att<i>_… (attention gate); x<i>_<j>_… (U-Net++ node X(i, j)); fs<i>_from_{e,d}<k>_…,
 *   fs<i>_concat (UNet 3+); head, head_x<i>_<j>[_up], head_average (outputs).
 *   Inside a block: _conv<k>, _norm<k>, _act<k>, _drop<k> | _drop, _proj, _res_crop, _add (k from 1).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { NetGraph } from '../ir/net-graph.js';
import { assertNever } from '../../common/assert-never.js';
import type { NetworkSpec, SkipKind } from '../spec/model-spec.js';
import { wholeNetworkSkips } from '../vocabulary/index.js';
import { expandEncoder } from './expand-encoder.js';
import { expandFullScaleDecoder } from './expand-full-scale.js';
import { expandNestedDecoder } from './expand-nested.js';
import { expandPlainDecoder } from './expand-decoder.js';
import { checkHeadChannels } from './head.js';
import { NetBuilder, type Locate } from './net-builder.js';
import { checkPrune, expandOutputs, nodeName } from './supervision.js';

/** The skip kind that decides the decoder's wiring; reports levels that mix a whole-network kind with others. */
function topologyKind(b: NetBuilder, net: NetworkSpec): SkipKind {
  const kinds = net.levels.slice(0, net.depth).map((l) => l.skip?.kind ?? 'none');
  const whole = kinds.find((k) => wholeNetworkSkips.includes(k));
  if (!whole) return kinds[0] ?? 'none';
  net.levels.slice(0, net.depth).forEach((l, i) => {
    const k = kinds[i] ?? 'none';
    if (k !== whole)
      b.report('MixedSkipKinds', l.skip?.$path ?? l.$path, { kind: whole, level: i, other: k });
  });
  return whole;
}

/** Every up-sampling must undo its level's down-sampling, or no decoder map lands on its skip's grid. */
function checkStrides(b: NetBuilder, net: NetworkSpec, kind: SkipKind): void {
  if (kind === 'full_scale') return;
  for (let i = 0; i < net.depth; i++) {
    const level = net.levels[i];
    if (!level?.up || !level.down || level.skip?.kind === 'none') continue;
    const up = level.up.stride;
    const down = level.down.stride;
    if (up.some((s, a) => s !== down[a])) {
      b.report('UpStrideMismatch', level.up.$path, { level: i, up: up.join('×'), down: down.join('×') });
      b.sizesUnreliable = true;
    }
  }
}

export interface ExpandedNetwork {
  readonly graph: NetGraph;
  readonly kind: SkipKind;
  /** "X<i>_<j>" → NetGraph node of X(i, j). */
  readonly grid: ReadonlyMap<string, number>;
  /** A reported wiring error already explains every size problem. */
  readonly sizesUnreliable: boolean;
}

export function expandNetwork(net: NetworkSpec, diagnostics: Diagnostic[], locate: Locate): ExpandedNetwork {
  const b = new NetBuilder(net.dims, diagnostics, locate);
  const kind = topologyKind(b, net);
  checkStrides(b, net, kind);
  checkHeadChannels(b, net);
  checkPrune(b, net, kind);
  const encoder = expandEncoder(b, net);
  const grid = new Map<string, number>();
  encoder.forEach((node, i) => grid.set(nodeName(i, 0), node));
  let final = nodeName(0, net.depth);
  switch (kind) {
    case 'nested':
      expandNestedDecoder(b, net, encoder, grid);
      break;
    case 'full_scale':
      expandFullScaleDecoder(b, net, encoder, grid);
      break;
    case 'crop_concat':
    case 'concat':
    case 'add':
    case 'none':
    case 'attention':
      expandPlainDecoder(b, net.levels, encoder, net.dims, grid);
      break;
    default:
      assertNever(kind, 'skip kind');
  }
  if (net.depth === 0) final = nodeName(0, 0);
  const padding = net.levels[0]?.decoder?.padding ?? net.levels[0]?.encoder.padding ?? 'same';
  expandOutputs(b, net, grid, final, padding);
  return { graph: b.graph(), kind, grid, sizesUnreliable: b.sizesUnreliable };
}
