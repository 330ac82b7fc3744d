/**
 * ModelSpec builders for checker tests, with the `$path` pointers the normaliser produces: what the
 * user wrote ("/network/block", "/network/level/3/block", "/network/down"), defaults pointing at
 * their parent block.
 */
import type {
  ActivationSpec,
  DataSpec,
  TilingSpec,
  TrainSpec,
  ConvBlockSpec,
  DownSpec,
  HeadSpec,
  LevelSpec,
  ModelSpec,
  NetworkSpec,
  NormSpec,
  SkipSpec,
  SupervisionSpec,
  UpSpec,
} from '../../src/compiler/spec/spec.js';
import type { Span } from '../../src/compiler/source.js';

const fill = (dims: number, v: number | readonly number[]): number[] =>
  typeof v === 'number' ? Array.from({ length: dims }, () => v) : [...v];

export const noNorm = (path = '/network/block'): NormSpec => ({
  $path: path,
  kind: 'none',
  affine: true,
  epsilon: 1e-3,
  momentum: 0.99,
});
export const act = (kind: ActivationSpec['kind'], path = '/network/block/activation'): ActivationSpec => ({
  $path: path,
  kind,
});

export interface BlockOptions extends Partial<Omit<ConvBlockSpec, 'kernel' | 'dilation'>> {
  readonly kernel?: number | readonly number[];
  readonly dilation?: number | readonly number[];
}

export function block(dims: number, path: string, o: BlockOptions = {}): ConvBlockSpec {
  const { kernel = 3, dilation = 1, ...rest } = o;
  return {
    $path: path,
    convs: 2,
    padding: 'valid',
    activation: act('relu', `${path}/activation`),
    norm: noNorm(path),
    order: 'conv_norm_act',
    bias: true,
    dropout: null,
    residual: false,
    shortcut: { projection: 'one', norm: false, activation: 'before_add' },
    stride: fill(dims, 1),
    lastConvOnly: false,
    merge: 'first',
    ...rest,
    kernel: fill(dims, kernel),
    dilation: fill(dims, dilation),
  };
}

export interface NetOptions {
  readonly input?: readonly number[];
  readonly channels?: number;
  readonly classes?: number;
  readonly depth?: number;
  /** Base filters (doubled per level) or one per level. */
  readonly filters?: number | readonly number[];
  readonly block?: BlockOptions;
  readonly encoder?: (level: number) => BlockOptions | undefined;
  readonly decoder?: (level: number) => BlockOptions | undefined;
  readonly down?: Partial<Omit<DownSpec, '$path'>> & {
    readonly kernel?: readonly number[];
    readonly stride?: readonly number[];
  };
  readonly up?: Partial<Omit<UpSpec, '$path'>>;
  readonly skip?: Partial<Omit<SkipSpec, '$path'>>;
  readonly head?: Partial<Omit<HeadSpec, '$path'>>;
  readonly supervision?: Omit<SupervisionSpec, '$path'>;
  /** Bottleneck dropout rate (the paper's "drop-out at the end of the contracting path"). */
  readonly bottleneckDropout?: number;
}

export function network(o: NetOptions = {}): NetworkSpec {
  const input = o.input ?? [572, 572];
  const dims = input.length as 2 | 3;
  const depth = o.depth ?? 4;
  const base = o.filters ?? 64;
  const filters =
    typeof base === 'number' ? Array.from({ length: depth + 1 }, (_, i) => base * 2 ** i) : [...base];
  const blockOpts = o.block ?? {};
  const levels: LevelSpec[] = [];
  for (let i = 0; i <= depth; i++) {
    const bottleneck = i === depth;
    const encPath = bottleneck ? '/network/bottleneck' : '/network/block';
    let encoder = block(dims, encPath === '/network/bottleneck' ? '/network/block' : encPath, {
      ...blockOpts,
      ...o.encoder?.(i),
    });
    if (bottleneck && o.bottleneckDropout) {
      encoder = {
        ...encoder,
        dropout: {
          $path: '/network/bottleneck/dropout',
          rate: o.bottleneckDropout,
          place: 'end',
          spatial: false,
        },
      };
    }
    const stride = o.down?.stride ?? fill(dims, 2);
    levels.push({
      $path: `/network/level/${i}`,
      level: i,
      filters: filters[i]!,
      encoder,
      decoder: bottleneck ? null : block(dims, '/network/block', { ...blockOpts, ...o.decoder?.(i) }),
      down: bottleneck
        ? null
        : {
            $path: '/network/down',
            kind: 'maxpool',
            padding: 'valid',
            normAct: false,
            ...o.down,
            kernel: o.down?.kernel ?? stride,
            stride,
          },
      up: bottleneck
        ? null
        : {
            $path: '/network/up',
            kind: 'transpose',
            padding: 'valid',
            filters: 'halve',
            activation: null,
            norm: null,
            bias: true,
            conv: 'after',
            ...o.up,
            kernel: o.up?.kernel ?? fill(dims, 2),
            stride: o.up?.stride ?? stride,
            outputPadding: o.up?.outputPadding ?? fill(dims, 0),
          },
      skip: bottleneck ? null : { $path: '/network/skip', kind: 'crop_concat', order: 'up_first', ...o.skip },
    });
  }
  const classes = o.classes ?? 2;
  return {
    $path: '/network',
    dims,
    inputSize: input,
    inputChannels: o.channels ?? 1,
    classes,
    depth,
    levels,
    head: {
      $path: '/network/head',
      channels: classes,
      activation: 'softmax',
      kernel: fill(dims, 1),
      conv: true,
      ...o.head,
    },
    supervision: o.supervision ? { $path: '/network/supervision', ...o.supervision } : null,
    init: 'paper',
  };
}

export function spec(o: NetOptions = {}, rest: Partial<Omit<ModelSpec, 'network'>> = {}): ModelSpec {
  return {
    name: 'test',
    description: '',
    network: network(o),
    data: null,
    augment: null,
    train: null,
    ...rest,
  };
}

/** The 2015 paper's network (Fig. 1). */
export const paperSpec = (o: NetOptions = {}): ModelSpec => spec({ bottleneckDropout: 0.5, ...o });

/** The seed repo's DSB 2018 nuclei net: 256×256×3, filters 16…256, same padding, 1 sigmoid channel. */
export const seedSpec = (o: NetOptions = {}): ModelSpec =>
  spec({
    input: [256, 256],
    channels: 3,
    classes: 1,
    filters: 16,
    block: { padding: 'same' },
    head: { activation: 'sigmoid', channels: 1 },
    ...o,
  });

/** Fake source map: every pointer gets its own span; `pointerOf` maps it back. */
export function fakeLocate(): { locate: (pointer: string) => Span; pointerOf: (span: Span) => string } {
  const pointers: string[] = [];
  const index = new Map<string, number>();
  return {
    locate: (pointer) => {
      let i = index.get(pointer);
      if (i === undefined) {
        i = pointers.length;
        pointers.push(pointer);
        index.set(pointer, i);
      }
      return { file: 'spec.unet', start: i * 10, end: i * 10 + 5 };
    },
    pointerOf: (span) => pointers[span.start / 10] ?? '?',
  };
}

/** A copy of `s` with level `i` patched (a `level i { … }` override in the spec). */
export function withLevel(
  s: ModelSpec,
  i: number,
  patch: (level: LevelSpec) => Partial<LevelSpec>,
): ModelSpec {
  const levels = s.network.levels.map((l) => (l.level === i ? { ...l, ...patch(l) } : l));
  return { ...s, network: { ...s.network, levels } };
}

export function dataSpec(o: Partial<DataSpec> = {}, tile?: readonly number[]): DataSpec {
  const tiling = (path: string): TilingSpec => ({
    $path: path,
    tile: tile ?? [572, 572],
    overlap: [0, 0],
    blend: 'none',
  });
  return {
    $path: '/data',
    images: ['img/*.png'],
    masks: ['lbl/*.png'],
    classMap: [
      { value: 0, classIndex: 0, name: 'membrane' },
      { value: 255, classIndex: 1, name: 'cell' },
    ],
    ignoreValue: null,
    normalize: { kind: 'range', min: 0, max: 255 },
    border: 'mirror',
    validation: { fraction: 0.2 },
    weightMap: { $path: '/data/weight_map', w0: 10, sigma: 5, classBalance: true, foreground: [1] },
    train: tiling('/data'),
    predict: tiling('/data/predict'),
    ...o,
  };
}

export function trainSpec(o: Partial<TrainSpec> = {}): TrainSpec {
  return {
    $path: '/train',
    optimizer: {
      kind: 'sgd',
      lr: 0.01,
      momentum: 0.99,
      nesterov: false,
      weightDecay: 0,
      $path: '/train/optimizer',
    },
    schedule: { kind: 'constant', $path: '/train/schedule' },
    loss: { $path: '/train/loss', kind: 'weighted_ce', gamma: 2, diceWeight: 1 },
    epochs: 40,
    stepsPerEpoch: 100,
    batch: 1,
    seed: 1,
    checkpointEvery: 100,
    keepCheckpoints: 3,
    selectBy: 'val_loss',
    earlyStop: null,
    ...o,
  };
}
