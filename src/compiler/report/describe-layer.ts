import type { IrNode } from '../ir/ir.js';

/** One short human phrase per IR op for the summary table: "conv 3×3 valid", "max-pool 2×2 /2". */
export function describeLayer(node: IrNode): string {
  const a = node.attrs;
  switch (a.op) {
    case 'input':
      return 'input';
    case 'conv':
      return [
        `conv ${kernelText(a.kernel)}`,
        stridesText(a.strides),
        a.dilation.some((d) => d !== 1) ? `dil ${a.dilation.join('×')}` : '',
        a.padding,
        a.activation !== 'linear' ? `+${a.activation}` : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'conv_transpose':
      return [
        `up-conv ${kernelText(a.kernel)}`,
        stridesText(a.strides, '×'),
        a.activation !== 'linear' ? `+${a.activation}` : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'max_pool':
    case 'avg_pool':
      return `${a.op === 'max_pool' ? 'max-pool' : 'avg-pool'} ${kernelText(a.pool)} ${stridesText(a.strides)}`.trim();
    case 'upsample':
      return `${a.interpolation} up ×${a.size.join('×')}`;
    case 'resize_like':
      return `${a.interpolation} resize`;
    case 'crop':
      return `crop ${a.cropping.map(([b, e]) => (b === e ? `${b}` : `${b}/${e}`)).join('×')}`;
    case 'pad':
      return `pad ${a.padding.map(([b, e]) => (b === e ? `${b}` : `${b}/${e}`)).join('×')}`;
    case 'concat':
    case 'add':
    case 'multiply':
    case 'average':
      return a.op;
    case 'activation':
      return a.alpha !== undefined ? `${a.kind}(${a.alpha})` : a.kind;
    case 'norm':
      return a.kind === 'group' ? `group norm (${a.groups ?? '?'})` : `${a.kind} norm`;
    case 'dropout':
      return `${a.spatial ? 'spatial ' : ''}dropout ${a.rate}`;
  }
}

function kernelText(kernel: readonly number[]): string {
  return kernel.join('×');
}

/** "/2" for a stride-2 down-sampling, "" for stride 1; anisotropic strides list every axis. */
function stridesText(strides: readonly number[], sign = '/'): string {
  if (strides.every((s) => s === 1)) return '';
  return strides.every((s) => s === strides[0]) ? `${sign}${strides[0]}` : `${sign}${strides.join('×')}`;
}
