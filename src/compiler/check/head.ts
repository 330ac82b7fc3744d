/** The output head: a conv (1×1 by default) to the head channels with the head activation fused. */
import type { IrRole } from '../ir/ir.js';
import type { HeadSpec, NetworkSpec, Padding } from '../spec/model-spec.js';
import type { NetBuilder } from './net-builder.js';

export function expandHead(
  b: NetBuilder,
  x: number,
  head: HeadSpec,
  padding: Padding,
  id: string,
  role: IrRole,
): number {
  if (!head.conv) {
    // `head: none`: the decoder already emits the classes; the output activation is its own layer.
    if (b.channels(x) !== head.channels) {
      b.report('HeadNoneChannels', head.$path, {
        node: b.id(x),
        channels: b.channels(x),
        classes: head.channels,
      });
    }
    const act = { $path: head.$path, kind: head.activation } as const;
    return b.activation(id, x, act, role);
  }
  const ones = head.kernel.map(() => 1);
  return b.conv(
    id,
    x,
    {
      filters: head.channels,
      kernel: head.kernel,
      strides: ones,
      dilation: ones,
      padding: head.kernel.every((k) => k === 1) ? 'valid' : padding,
      useBias: true,
      activation: head.activation,
    },
    role,
    head.$path,
  );
}

/** Head channels must equal the classes (one sigmoid channel may stand for 2 classes); softmax needs ≥ 2 channels. */
export function checkHeadChannels(b: NetBuilder, net: NetworkSpec): void {
  const head = net.head;
  const binarySigmoid = head.activation === 'sigmoid' && head.channels === 1 && net.classes <= 2;
  if (head.channels !== net.classes && !binarySigmoid) {
    b.report('HeadChannelsVsClasses', head.$path, { channels: head.channels, classes: net.classes });
  }
  if (head.activation === 'softmax' && head.channels === 1) b.report('SoftmaxSingleChannel', head.$path);
}
