import type { SkipKind } from '../spec/model-spec.js';
import type { Vocabulary } from './descriptor.js';
import { kindsOf } from './descriptor.js';
import { norms } from './norms.js';

const order = 'up_first';
const pad = 'zero';

/**
 * `skip`: how encoder features reach the decoder. Per-level kinds are merged level by level
 * (check/expand-decoder.ts); whole-network kinds build the decoder at once (expand-nested.ts,
 * expand-full-scale.ts).
 */
export const skips: Vocabulary<SkipKind> = {
  key: 'skip',
  defaultKind: 'crop_concat',
  kinds: {
    crop_concat: {
      doc: "centre-crop the encoder map to the decoder's size, concatenate (the paper)",
      defaults: { order, pad },
      positional: [],
    },
    concat: { doc: 'concatenate without cropping', defaults: { order, pad }, positional: [] },
    add: { doc: 'element-wise sum', defaults: { order }, positional: [] },
    none: { doc: 'no skip', defaults: { order }, positional: [] },
    attention: {
      doc: 'attention-gated skip (Oktay 2018), then concatenation',
      defaults: { mode: 'strided', inter: 0.5, norm: 'batch', order },
      positional: ['mode'],
    },
    nested: {
      doc: 'U-Net++ dense nested skips',
      defaults: { order, pad },
      positional: [],
      wholeNetwork: true,
    },
    full_scale: {
      doc: 'UNet 3+ full-scale skips',
      defaults: { filters: 64, order },
      positional: ['filters'],
      wholeNetwork: true,
    },
  },
  parameters: {
    mode: {
      key: 'mode',
      title: 'Mode',
      doc: 'attention gate: strided (Oktay 2018) or same_resolution (MONAI)',
      type: 'string',
      enum: ['strided', 'same_resolution'],
    },
    inter: {
      key: 'inter',
      title: 'Intermediate channels',
      doc: 'attention F_int: a fraction of the skip channels (≤ 1) or a channel count (> 1)',
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 65536,
    },
    norm: {
      key: 'norm',
      title: 'Norm',
      doc: 'attention gate normalisation',
      type: 'string',
      enum: kindsOf(norms),
    },
    filters: {
      key: 'filters',
      title: 'Filters',
      doc: 'full_scale: channels each scale is projected to',
      type: 'integer',
      minimum: 1,
      maximum: 65536,
    },
    order: {
      key: 'order',
      title: 'Order',
      doc: 'concatenation order',
      type: 'string',
      enum: ['up_first', 'skip_first'],
    },
    pad: {
      key: 'pad',
      title: 'Pad',
      doc: "pad the up-sampled map at the far end to the skip's size (absent: sizes must match)",
      type: 'string',
      enum: ['zero', 'replicate'],
    },
  },
  // `order` applies to every kind; `pad` is off unless written (its default is the padding then).
  signatureOmits: ['order', 'pad'],
};

/** The kinds built for the whole network at once. */
export const wholeNetworkSkips: readonly SkipKind[] = kindsOf(skips).filter(
  (kind) => skips.kinds[kind].wholeNetwork === true,
);
