/**
 * The checked IR: a DAG of layers in topological order, one IR node per emitted tfjs layer, every
 * node with its resolved output shape and parameter count. Plain JSON (it is part of plan.json).
 * The runtime builds exactly these layers and asserts its shapes equal `shape`; it never
 * re-derives them.
 *
 * Shapes are channels-last without the batch axis: [H, W, C] or [D, H, W, C].
 */
import type { ActivationKind, Dims, NormKind, Padding } from '../spec/model-spec.js';

export interface ConvAttrs {
  readonly op: 'conv';
  readonly filters: number;
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilation: readonly number[];
  readonly padding: Padding;
  readonly useBias: boolean;
  /** Fused activation; only kinds tfjs layers accept as `activation` (others get their own node). */
  readonly activation: 'linear' | 'relu' | 'elu' | 'sigmoid' | 'softmax' | 'tanh';
}

export interface ConvTransposeAttrs {
  readonly op: 'conv_transpose';
  readonly filters: number;
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
  readonly outputPadding: readonly number[];
  readonly useBias: boolean;
  readonly activation: 'linear' | 'relu' | 'elu' | 'sigmoid' | 'softmax' | 'tanh';
}

export interface PoolAttrs {
  readonly op: 'max_pool' | 'avg_pool';
  readonly pool: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
}

export interface UpsampleAttrs {
  readonly op: 'upsample';
  readonly size: readonly number[];
  readonly interpolation: 'nearest' | 'bilinear';
}

/** Resize input 0 to the spatial size of input 1 (attention α onto the skip grid). */
export interface ResizeLikeAttrs {
  readonly op: 'resize_like';
  readonly interpolation: 'nearest' | 'bilinear';
}

export interface CropAttrs {
  readonly op: 'crop';
  /** [before, after] per spatial axis. */
  readonly cropping: readonly (readonly [number, number])[];
}

export interface PadAttrs {
  readonly op: 'pad';
  /** [before, after] per spatial axis. */
  readonly padding: readonly (readonly [number, number])[];
  /**
   * Absent or 'zero': pad with zeros. 'replicate': repeat the edge value (PyTorch
   * `F.pad(x, p, "replicate")`, ONNX Pad mode "edge"). Emitted for `skip: concat(pad: replicate)`.
   */
  readonly mode?: 'zero' | 'replicate';
}

export interface MergeAttrs {
  readonly op: 'concat' | 'add' | 'multiply' | 'average';
}

export interface ActivationAttrs {
  readonly op: 'activation';
  readonly kind: ActivationKind;
  readonly alpha?: number;
  /**
   * prelu only. true: ONE learned slope for all channels and positions (PyTorch `nn.PReLU()`,
   * params 1; ONNX PRelu with a slope of shape [1]). Absent or false: one slope per channel,
   * shared over space (params = channels; Keras PReLU with shared spatial axes).
   */
  readonly shared?: boolean;
}

export interface NormAttrs {
  readonly op: 'norm';
  readonly kind: Exclude<NormKind, 'none'>;
  readonly groups?: number;
  readonly affine: boolean;
  readonly epsilon: number;
  readonly momentum: number;
}

export interface DropoutAttrs {
  readonly op: 'dropout';
  readonly rate: number;
  readonly spatial: boolean;
}

export interface InputAttrs {
  readonly op: 'input';
}

export type IrAttrs =
  | InputAttrs
  | ConvAttrs
  | ConvTransposeAttrs
  | PoolAttrs
  | UpsampleAttrs
  | ResizeLikeAttrs
  | CropAttrs
  | PadAttrs
  | MergeAttrs
  | ActivationAttrs
  | NormAttrs
  | DropoutAttrs;

export type IrOp = IrAttrs['op'];

/** Where a node sits in the U, for summaries and `unetc graph`. */
export interface IrRole {
  readonly stage: 'input' | 'encoder' | 'bottleneck' | 'down' | 'up' | 'skip' | 'gate' | 'decoder' | 'head';
  readonly level: number;
  /** U-Net++ column j of X(i, j); encoder nodes have column 0. */
  readonly column: number;
}

export interface IrNode {
  /** Unique; becomes the tfjs layer name (e.g. "enc0_conv1", "x1_2_concat"). */
  readonly id: string;
  readonly attrs: IrAttrs;
  readonly inputs: readonly string[];
  /** Output shape, channels-last, without batch. */
  readonly shape: readonly number[];
  readonly params: number;
  /** Multiply-adds ×2 (and elementwise ops) for one forward pass of one sample. */
  readonly flops: number;
  readonly role: IrRole;
  /** Spec pointer this node was derived from, for diagnostics. */
  readonly origin: string;
}

export interface IrOutput {
  /** Node id of the head (its last layer). */
  readonly node: string;
  /** "main" or "X0_2"-style names for deep-supervision heads. */
  readonly name: string;
  readonly lossWeight: number;
  readonly shape: readonly number[];
}

export interface IrGraph {
  readonly dims: Dims;
  readonly nodes: readonly IrNode[];
  readonly input: string;
  /** outputs[0] is the main output. */
  readonly outputs: readonly IrOutput[];
}
