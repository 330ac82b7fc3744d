import type { IrNode } from '../ir/ir.js';

const activationNames: Record<string, string> = {
  relu: 'ReLU',
  leaky_relu: 'LeakyReLU',
  prelu: 'PReLU',
  elu: 'ELU',
  gelu: 'GELU',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  softmax: 'softmax',
  linear: '',
};

const normNames: Record<string, string> = { batch: 'BN', instance: 'IN', group: 'GN' };

function size(values: readonly number[]): string {
  return values.join('×');
}

function stride(values: readonly number[]): string {
  return values.every((v) => v === 1)
    ? ''
    : ` /${values.every((v) => v === values[0]) ? values[0] : values.join('×')}`;
}

/** The legend phrase for a chain of IR nodes drawn as one arrow, in the paper's words: "conv 3×3, ReLU". */
export function describeOps(nodes: readonly IrNode[]): string {
  const parts: string[] = [];
  for (const node of nodes) {
    const a = node.attrs;
    switch (a.op) {
      case 'conv':
        parts.push(`conv ${size(a.kernel)}${stride(a.strides)}`);
        if (activationNames[a.activation]) parts.push(activationNames[a.activation]!);
        break;
      case 'conv_transpose':
        parts.push(`up-conv ${size(a.kernel)}`);
        if (activationNames[a.activation]) parts.push(activationNames[a.activation]!);
        break;
      case 'max_pool':
      case 'avg_pool':
        parts.push(`${a.op === 'max_pool' ? 'max' : 'avg'} pool ${size(a.pool)}`);
        break;
      case 'upsample':
        parts.push(`${a.interpolation} ×${size(a.size)}`);
        break;
      case 'norm':
        parts.push(normNames[a.kind] ?? a.kind);
        break;
      case 'activation':
        if (activationNames[a.kind]) parts.push(activationNames[a.kind]!);
        break;
      case 'pad':
        parts.push(a.mode === 'replicate' ? 'pad to skip (replicate)' : 'pad');
        break;
      // Dropout, crops, merges and resizes do not change what the arrow means in the figure.
      default:
        break;
    }
  }
  return parts.join(', ');
}

/** "572×572" / "16×128×128": the spatial size of a channels-last shape. */
export function spatialText(shape: readonly number[]): string {
  return shape.slice(0, -1).join('×');
}
