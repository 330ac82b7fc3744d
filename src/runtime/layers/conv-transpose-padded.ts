import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type CallKwargs, type LayerClass, single, singleShape } from './layer-args.js';

type ConvTransposeArgs = NonNullable<Parameters<typeof tf.layers.conv2dTranspose>[0]> & {
  /** Extra rows/cols (/slices) on the far side of each spatial axis (Keras/PyTorch output_padding). */
  outputPadding?: number[];
};

/** The fields of tfjs' BaseConv that `call` needs; they are not in its public typings. */
interface ConvFields {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  activation: { apply(x: tf.Tensor): tf.Tensor } | null;
  kernelSize: number[];
  strides: number[];
  padding: 'valid' | 'same';
  filters: number;
}

type ConvTransposeClass = LayerClass<ConvTransposeArgs>;
// tfjs-layers exports only the factories; take the classes from instances.
const Conv2DTranspose = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 1 }).constructor as ConvTransposeClass;
const Conv3DTranspose = tf.layers.conv3dTranspose({ filters: 1, kernelSize: 1 }).constructor as ConvTransposeClass;

/**
 * Transposed-conv output length with output padding (Keras' deconv_output_length):
 * (n − 1)·s + k − 2·pad + outputPadding, pad = ⌊k/2⌋ for 'same', 0 for 'valid'.
 */
export function paddedDeconvLength(n: number, k: number, s: number, padding: 'valid' | 'same', outputPadding: number): number {
  const pad = padding === 'same' ? Math.floor(k / 2) : 0;
  return (n - 1) * s + k - 2 * pad + outputPadding;
}

function withOutputPadding(Base: ConvTransposeClass, className: string, rank: 2 | 3) {
  return class extends Base {
    static readonly className = className;
    private readonly outputPadding: number[];

    constructor(args: ConvTransposeArgs) {
      super(args);
      this.outputPadding = args.outputPadding ?? Array.from({ length: rank }, () => 0);
    }

    private fields(): ConvFields {
      return this as unknown as ConvFields;
    }

    private outSpatial(spatial: readonly number[]): number[] {
      const f = this.fields();
      return spatial.map((n, i) =>
        paddedDeconvLength(n, f.kernelSize[i] ?? 1, f.strides[i] ?? 1, f.padding, this.outputPadding[i] ?? 0),
      );
    }

    override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
      const s = singleShape(inputShape);
      const spatial = s.slice(1, -1);
      const out = spatial.every((n) => n !== null) ? this.outSpatial(spatial as number[]) : spatial;
      return [s[0] ?? null, ...out, this.fields().filters];
    }

    override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallKwargs): tf.Tensor {
      return tf.tidy(() => {
        const f = this.fields();
        const x = single(inputs);
        const outShape = [x.shape[0] ?? 1, ...this.outSpatial(x.shape.slice(1, -1)), f.filters];
        let y =
          rank === 2
            ? tf.conv2dTranspose(x as tf.Tensor4D, f.kernel.read() as tf.Tensor4D, outShape as [number, number, number, number], f.strides as [number, number], f.padding)
            : tf.conv3dTranspose(x as tf.Tensor5D, f.kernel.read() as tf.Tensor5D, outShape as [number, number, number, number, number], f.strides as [number, number, number], f.padding);
        if (f.bias) y = tf.add(y, f.bias.read());
        return f.activation ? f.activation.apply(y) : y;
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), outputPadding: this.outputPadding };
    }
  };
}

/** Conv2DTranspose with output padding (tfjs' has none). Same weights: kernel [kh, kw, filters, in], bias. */
export const UnetcConv2DTranspose = withOutputPadding(Conv2DTranspose, UnetcLayer.conv2dTranspose, 2);
tf.serialization.registerClass(UnetcConv2DTranspose);

/** Conv3DTranspose with output padding. */
export const UnetcConv3DTranspose = withOutputPadding(Conv3DTranspose, UnetcLayer.conv3dTranspose, 3);
tf.serialization.registerClass(UnetcConv3DTranspose);
