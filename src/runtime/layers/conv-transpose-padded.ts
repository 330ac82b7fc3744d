// The layer's output length is the checker's own formula, so the two cannot drift apart.
import { convTransposeOutputLength } from '../../compiler/shapes/conv-arithmetic.js';
import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type CallKwargs, type LayerClass, single, singleShape } from './layer-args.js';

export type ConvTransposeArgs = NonNullable<Parameters<typeof tf.layers.conv2dTranspose>[0]> & {
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
const Conv2DTranspose = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 1 })
  .constructor as ConvTransposeClass;
const Conv3DTranspose = tf.layers.conv3dTranspose({ filters: 1, kernelSize: 1 })
  .constructor as ConvTransposeClass;

/**
 * Cuts the full transposed convolution (length (n − 1)·s + k per axis) to the output window: it
 * starts where tfjs' own layer starts ('same' drops ⌊max(k − s, 0)/2⌋ in front) and runs on for
 * the output-padding rows at the far side, zero where the full result has none (PyTorch's
 * output_padding with zero padding: the extra rows get only the bias).
 */
function outputWindow(full: tf.Tensor, begins: number[], lengths: number[]): tf.Tensor {
  const spatial = full.shape.slice(1, -1);
  const take = lengths.map((len, i) => Math.min(len, (spatial[i] ?? 0) - (begins[i] ?? 0)));
  const cut = tf.slice(full, [0, ...begins, 0], [-1, ...take, -1]);
  const extra = lengths.map((len, i) => len - (take[i] ?? len));
  if (extra.every((e) => e === 0)) return cut;
  return tf.pad(cut, [[0, 0], ...extra.map((e): [number, number] => [0, e]), [0, 0]]);
}

/** The exported type of both classes (a mixin's anonymous class cannot appear in declarations). */
export type PaddedConvTransposeClass = ConvTransposeClass & { readonly className: string };

function withOutputPadding(
  Base: ConvTransposeClass,
  className: string,
  rank: 2 | 3,
): PaddedConvTransposeClass {
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
        convTransposeOutputLength(
          n,
          f.kernelSize[i] ?? 1,
          f.strides[i] ?? 1,
          f.padding,
          this.outputPadding[i] ?? 0,
        ),
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
        const spatial = x.shape.slice(1, -1);
        const full = spatial.map((n, i) => (n - 1) * (f.strides[i] ?? 1) + (f.kernelSize[i] ?? 1));
        const fullShape = [x.shape[0] ?? 1, ...full, f.filters];
        const kernel = f.kernel.read();
        const y =
          rank === 2
            ? tf.conv2dTranspose(
                x as tf.Tensor4D,
                kernel as tf.Tensor4D,
                fullShape as [number, number, number, number],
                f.strides as [number, number],
                'valid',
              )
            : tf.conv3dTranspose(
                x as tf.Tensor5D,
                kernel as tf.Tensor5D,
                fullShape as [number, number, number, number, number],
                f.strides as [number, number, number],
                'valid',
              );
        const begins = f.kernelSize.map((k, i) =>
          f.padding === 'same' ? Math.floor(Math.max(k - (f.strides[i] ?? 1), 0) / 2) : 0,
        );
        let out = outputWindow(y, begins, this.outSpatial(spatial));
        if (f.bias) out = tf.add(out, f.bias.read());
        return f.activation ? f.activation.apply(out) : out;
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
