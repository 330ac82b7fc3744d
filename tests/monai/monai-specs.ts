/**
 * The unetc spec text equal to one MONAI 1.3 constructor call, for the classes the parity harness
 * records (tests/monai/harness/record.py). One function per class, reading the recorded keyword
 * arguments; docs/variants.md states the same mapping in prose.
 */

export type Kw = Readonly<Record<string, unknown>>;
type PerAxis = number | readonly number[];

const list = (v: PerAxis): string => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
const isOne = (v: PerAxis): boolean => (Array.isArray(v) ? v.every((s) => s === 1) : v === 1);

/** MONAI's `norm` argument (name or [name, {args}]) as a unetc norm. */
export function normText(norm: unknown, fallback: string): string {
  const [name, args] = Array.isArray(norm)
    ? [String(norm[0]), norm[1] as Kw]
    : [String(norm ?? fallback), {}];
  switch (name.toLowerCase()) {
    case 'batch':
      return 'batch';
    case 'group':
      return `group(groups: ${String(args['num_groups'])}${args['affine'] === false ? ', affine: false' : ''})`;
    case 'instance':
      // MONAI's Norm.INSTANCE is nn.InstanceNorm without affine parameters unless asked for.
      return `instance(affine: ${args['affine'] === true ? 'true' : 'false'})`;
    default:
      throw new Error(`norm ${name} has no mapping`);
  }
}

/** MONAI's `act` argument as a unetc activation; `Act.PRELU` is `nn.PReLU()`, one shared slope. */
export function actText(act: unknown, fallback: string): string {
  const [name, args] = Array.isArray(act) ? [String(act[0]), act[1] as Kw] : [String(act ?? fallback), {}];
  switch (name.toLowerCase()) {
    case 'relu':
      return 'relu';
    case 'prelu':
      return 'prelu(shared: true)';
    case 'leakyrelu':
      return `leaky_relu(${String(args['negative_slope'] ?? 0.01)})`;
    default:
      throw new Error(`activation ${name} has no mapping`);
  }
}

function inputText(kw: Kw, size: readonly number[]): string {
  return `${size.join(' x ')} x ${String(kw['in_channels'])}`;
}

const dropoutLine = (kw: Kw, place: string): string => {
  const rate = Number(kw['dropout'] ?? 0);
  return rate > 0 ? `    dropout: dropout(rate: ${rate}, place: ${place})\n` : '';
};

/** `monai.networks.nets.UNet`: levels 0 … L, level 0 only up-samples to the classes, level L − 1 → L keeps the size. */
export function unetSpec(kw: Kw, size: readonly number[]): string {
  const channels = kw['channels'] as number[];
  const strides = kw['strides'] as PerAxis[];
  const r = Number(kw['num_res_units'] ?? 0);
  const depth = channels.length;
  const act = actText(kw['act'], 'prelu');
  const norm = normText(kw['norm'], 'instance');
  const kernel = list((kw['kernel_size'] as PerAxis) ?? 3);
  const upKernel = list((kw['up_kernel_size'] as PerAxis) ?? 3);
  const bias = kw['bias'] === false ? 'false' : 'true';
  const levels: string[] = [];
  for (let i = 0; i < depth; i++) {
    const body: string[] = [];
    const stride = i < depth - 1 ? strides[i]! : 1;
    body.push(`down: block(stride: ${list(stride)})`);
    // The top up-conv of a net without residual units is a bare conv (MONAI's conv_only).
    const bare = i === 0 && r === 0 ? ', norm: false, activation: none' : '';
    if (i < depth - 1) body.push(`up: transpose(kernel: ${upKernel}, stride: ${list(stride)}${bare})`);
    if (i === 0) {
      body.push('encoder { block { convs: 0 } }', 'skip: none');
      if (r > 0) body.push('decoder { block { last: conv } }');
    }
    if (i === depth - 1) body.push('up: none', 'decoder { block { convs: 0 } }');
    levels.push(`  level ${i} {\n    ${body.join('\n    ')}\n  }`);
  }
  return `network {
  input: ${inputText(kw, size)}
  classes: ${String(kw['out_channels'])}
  depth: ${depth}
  filters: [${[kw['out_channels'], ...channels].join(', ')}]
  block {
    convs: ${Math.max(r, 1)}
    kernel: ${kernel}
    padding: same
    activation: ${act}
    norm: ${norm}
    bias: ${bias}
    residual: ${r > 0 ? 'residual(projection: block)' : 'false'}
${dropoutLine(kw, 'each_conv')}  }
  decoder { block { convs: ${r > 0 ? 1 : 0}, merge: last } }
  up: transpose(kernel: ${upKernel}, stride: 2, norm: true, activation: ${act}, bias: ${bias})
  skip: concat(order: skip_first)
  head: none
${levels.join('\n')}
}
`;
}

/** `monai.networks.nets.AttentionUnet`: ConvBlock encoders, BN+ReLU up-convs, same-resolution gates, one PReLU merge conv. */
export function attentionSpec(kw: Kw, size: readonly number[]): string {
  const channels = kw['channels'] as number[];
  const strides = kw['strides'] as PerAxis[];
  const depth = channels.length - 1;
  const kernel = list((kw['kernel_size'] as PerAxis) ?? 3);
  const upKernel = list((kw['up_kernel_size'] as PerAxis) ?? 3);
  const levels = strides.map(
    (s, i) =>
      `  level ${i} {\n    down: block(stride: ${list(s)})\n    up: transpose(kernel: ${upKernel}, stride: ${list(s)}, norm: batch, activation: relu)\n  }`,
  );
  return `network {
  input: ${inputText(kw, size)}
  classes: ${String(kw['out_channels'])}
  depth: ${depth}
  filters: [${channels.join(', ')}]
  block {
    convs: 2
    kernel: ${kernel}
    padding: same
    activation: relu
    norm: batch
${dropoutLine(kw, 'each_conv')}  }
  decoder {
    block {
      convs: 1
      kernel: 3
      activation: prelu(shared: true)
      norm: instance(affine: false)
    }
  }
  skip: attention(mode: same_resolution, inter: 0.5, norm: batch, order: skip_first)
  head: linear
${levels.join('\n')}
}
`;
}

/** `monai.networks.nets.BasicUNet`: TwoConv blocks, 2× max-pool, UpCat (halving up-sampling, pad to the skip). */
export function basicSpec(kw: Kw, size: readonly number[]): string {
  const fea = (kw['features'] as number[] | undefined) ?? [32, 32, 64, 128, 256, 32];
  const trainable = (kw['upsample'] ?? 'deconv') === 'deconv';
  const bias = kw['bias'] === false ? 'false' : 'true';
  const up = (filters: number, inChannels: number): string =>
    trainable
      ? `transpose(kernel: 2, stride: 2, filters: ${filters})`
      : `bilinear(kernel: 1, stride: 2, filters: ${filters}, conv: ${filters === inChannels ? 'none' : 'before'})`;
  const levels = [0, 1, 2, 3].map((k) => {
    const inChannels = fea[k + 1]!;
    const filters = k === 0 ? inChannels : Math.floor(inChannels / 2);
    const decoder = k === 0 ? `\n    decoder { block { filters: [${fea[5]}, ${fea[5]}] } }` : '';
    return `  level ${k} {\n    up: ${up(filters, inChannels)}${decoder}\n  }`;
  });
  return `network {
  input: ${inputText(kw, size)}
  classes: ${String(kw['out_channels'])}
  depth: 4
  filters: [${fea.slice(0, 5).join(', ')}]
  block {
    convs: 2
    kernel: 3
    padding: same
    activation: ${actText(kw['act'], 'leakyrelu')}
    norm: ${normText(kw['norm'] ?? ['instance', { affine: true }], 'instance')}
    bias: ${bias}
${dropoutLine(kw, 'each_conv')}  }
  down: maxpool(2)
  skip: concat(order: skip_first, pad: replicate)
  head: linear
${levels.join('\n')}
}
`;
}

/** `monai.networks.nets.DynUNet`: UnetBasicBlock / UnetResBlock encoders striding their first conv, UnetUpBlock decoders. */
export function dynunetSpec(kw: Kw, size: readonly number[]): string {
  const strides = kw['strides'] as PerAxis[];
  const kernels = kw['kernel_size'] as PerAxis[];
  const upKernels = kw['upsample_kernel_size'] as PerAxis[];
  const dims = Number(kw['spatial_dims']);
  const depth = strides.length - 1;
  const filters =
    (kw['filters'] as number[] | null | undefined) ??
    strides.map((_, i) => Math.min(2 ** (5 + i), dims === 3 ? 320 : 512));
  if (!isOne(strides[0]!)) throw new Error('a strided input block has no mapping');
  const res = kw['res_block'] === true;
  const levels = strides.map((_, i) => {
    const body = [`encoder { block { kernel: ${list(kernels[i]!)} } }`];
    if (i < depth) {
      body.push(
        `down: block(stride: ${list(strides[i + 1]!)})`,
        `up: transpose(kernel: ${list(upKernels[i]!)}, stride: ${list(strides[i + 1]!)}, bias: ${kw['trans_bias'] === true})`,
        `decoder { block { kernel: ${list(kernels[i + 1]!)}, residual: false } }`,
      );
    }
    return `  level ${i} {\n    ${body.join('\n    ')}\n  }`;
  });
  const heads = Number(kw['deep_supr_num'] ?? 1);
  const supervision =
    kw['deep_supervision'] === true
      ? `  supervision {\n    heads: [${Array.from({ length: heads + 1 }, (_, i) => `X${i}_${depth - i}`).join(', ')}]\n    resolution: upsampled\n  }\n`
      : '';
  return `network {
  input: ${inputText(kw, size)}
  classes: ${String(kw['out_channels'])}
  depth: ${depth}
  filters: [${filters.join(', ')}]
  block {
    convs: 2
    padding: same
    activation: ${actText(kw['act_name'], 'leakyrelu')}
    norm: ${normText(kw['norm_name'] ?? ['instance', { affine: true }], 'instance')}
    bias: false
    residual: ${res ? 'residual(norm: true, activation: after_add)' : 'false'}
${dropoutLine(kw, 'each_conv')}  }
  skip: concat
  head: linear
${levels.join('\n')}
${supervision}}
`;
}

/**
 * `monai.networks.nets.BasicUNetPlusPlus`: BasicUNet's blocks on the U-Net++ grid, every UpCat
 * padding to its skips; a 1×1 head on X(0, 4), and on X(0, 1…3) with deep supervision. unetc gives
 * every node of a level one width, so features[5] must equal features[0].
 */
export function basicppSpec(kw: Kw, size: readonly number[]): string {
  const fea = (kw['features'] as number[] | undefined) ?? [32, 32, 64, 128, 256, 32];
  if (fea[5] !== fea[0]) throw new Error('features[5] ≠ features[0] has no mapping');
  const heads = kw['deep_supervision'] === true ? '[X0_1, X0_2, X0_3, X0_4]' : '';
  const supervision = heads
    ? `  supervision {\n    heads: ${heads}\n    weights: equal\n    inference: final\n  }\n`
    : '';
  return basicSpec(kw, size)
    .replace(
      'skip: concat(order: skip_first, pad: replicate)',
      'skip: nested(order: skip_first, pad: replicate)',
    )
    .replace(/\n}\n$/, `\n${supervision}}\n`);
}

export const specFor: Readonly<Record<string, (kw: Kw, size: readonly number[]) => string>> = {
  BasicUNetPlusPlus: basicppSpec,
  UNet: unetSpec,
  AttentionUnet: attentionSpec,
  BasicUNet: basicSpec,
  DynUNet: dynunetSpec,
};
