/** fast-check generator of random U-Net specs for the property tests. */
import fc from 'fast-check';
import type {
  ActivationSpec,
  AttentionSpec,
  NormSpec,
  SkipKind,
  SupervisionSpec,
  UnitOrder,
} from '../../src/compiler/spec/spec.js';
import type { NetOptions } from './fixtures.js';

const norms: NormSpec[] = [
  { $path: '/network/block/norm', kind: 'none', affine: true, epsilon: 1e-3, momentum: 0.99 },
  { $path: '/network/block/norm', kind: 'batch', affine: true, epsilon: 1e-3, momentum: 0.99 },
  { $path: '/network/block/norm', kind: 'instance', affine: false, epsilon: 1e-5, momentum: 0.99 },
  { $path: '/network/block/norm', kind: 'group', groups: 2, affine: true, epsilon: 1e-5, momentum: 0.99 },
];
const activations: ActivationSpec[] = [
  { $path: '/network/block/activation', kind: 'relu' },
  { $path: '/network/block/activation', kind: 'leaky_relu', alpha: 0.01 },
  { $path: '/network/block/activation', kind: 'prelu' },
  { $path: '/network/block/activation', kind: 'elu', alpha: 0.5 },
];

export const netOptions: fc.Arbitrary<NetOptions> = fc
  .record({
    dims: fc.constantFrom(2, 2, 3),
    depth: fc.integer({ min: 0, max: 5 }),
    kernel: fc.constantFrom(1, 2, 3, 3, 5),
    dilation: fc.constantFrom(1, 1, 2),
    convs: fc.integer({ min: 0, max: 3 }),
    padding: fc.constantFrom('valid' as const, 'same' as const),
    residual: fc.boolean(),
    norm: fc.constantFrom(...norms),
    activation: fc.constantFrom(...activations),
    order: fc.constantFrom<UnitOrder>('conv_norm_act', 'conv_act_norm', 'norm_act_conv'),
    down: fc.constantFrom('pool2', 'pool3', 'conv'),
    up: fc.constantFrom('transpose2', 'transpose3', 'nearest', 'bilinear'),
    upPadding: fc.constantFrom('valid' as const, 'same' as const),
    outputPadding: fc.constantFrom(0, 0, 1),
    skip: fc.constantFrom<SkipKind>(
      'crop_concat',
      'concat',
      'add',
      'none',
      'attention',
      'nested',
      'full_scale',
    ),
    order2: fc.constantFrom('up_first' as const, 'skip_first' as const),
    attentionMode: fc.constantFrom('strided' as const, 'same_resolution' as const),
    anisotropic: fc.boolean(),
    supervise: fc.boolean(),
    inference: fc.constantFrom('final' as const, 'average' as const),
    resolution: fc.constantFrom('native' as const, 'upsampled' as const),
    size: fc.integer({ min: 1, max: 300 }),
  })
  .map((r) => {
    const dims = r.dims;
    const stride = Array.from({ length: dims }, (_, a) => (r.anisotropic && dims === 3 && a === 0 ? 1 : 2));
    const attention: AttentionSpec = {
      $path: '/network/skip',
      mode: r.attentionMode,
      inter: { fraction: 0.5 },
      norm: 'batch',
    };
    const supervision: Omit<SupervisionSpec, '$path'> = {
      heads: Array.from({ length: r.depth }, (_, j) => ({
        node: { $path: `/h/${j}`, level: 0, column: j + 1 },
        weight: 1,
      })),
      resolution: r.resolution,
      inference: r.inference,
      prune: null,
    };
    const o: NetOptions = {
      input: Array.from({ length: dims }, () => r.size),
      depth: r.depth,
      filters: 4,
      block: {
        kernel: r.kernel,
        dilation: r.dilation,
        convs: r.convs,
        padding: r.padding,
        residual: r.residual,
        norm: r.norm,
        activation: r.activation,
        order: r.order,
      },
      down:
        r.down === 'conv'
          ? { kind: 'conv', kernel: stride.map((s) => s + 1), stride, padding: r.padding, normAct: true }
          : { kind: 'maxpool', kernel: r.down === 'pool3' ? stride.map((s) => s + 1) : stride, stride },
      up:
        r.up === 'nearest' || r.up === 'bilinear'
          ? { kind: r.up, kernel: stride.map(() => 2), stride }
          : {
              kind: 'transpose',
              kernel: r.up === 'transpose3' ? stride.map((s) => s + 1) : stride,
              stride,
              padding: r.upPadding,
              outputPadding: stride.map(() => r.outputPadding),
              norm: r.outputPadding === 1 ? (r.norm.kind === 'none' ? norms[1]! : r.norm) : null,
              activation: r.activation,
            },
      skip: {
        kind: r.skip,
        order: r.order2,
        ...(r.skip === 'attention' ? { attention } : {}),
        scaleFilters: 4,
      },
      ...(r.supervise && r.skip === 'nested' && r.depth > 0 ? { supervision } : {}),
    };
    return o;
  });
