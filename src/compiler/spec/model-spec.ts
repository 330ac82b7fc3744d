/**
 * The normalised model spec: what `.unet` text and YAML both become after schema validation and
 * defaults. Every object carries `$path`, the JSON pointer of where it was written (or would have
 * been written, for defaults) in the spec document, so checks report against nodes and the
 * source map resolves spans (Langium's `{node, property}`), never offsets inside a check.
 *
 * Conventions: spatial sizes and per-axis values are ordered like the input ([H, W] or [D, H, W]);
 * shapes are channels-last. Units are resolved here: angles in degrees, distances in pixels
 * (voxels), probabilities and fractions in [0, 1].
 */
export interface Located {
  /** JSON pointer into the spec document, e.g. "/network/block/kernel". */
  readonly $path: string;
}

export type Padding = 'valid' | 'same';
export type Dims = 2 | 3;

export type ActivationKind =
  'relu' | 'leaky_relu' | 'prelu' | 'elu' | 'gelu' | 'tanh' | 'sigmoid' | 'softmax' | 'linear';

export interface ActivationSpec extends Located {
  readonly kind: ActivationKind;
  /** Negative slope (leaky_relu) or alpha (elu). */
  readonly alpha?: number;
  /** prelu only: one slope shared by every channel (PyTorch's `nn.PReLU()`), not one per channel. */
  readonly shared?: boolean;
}

export type NormKind = 'none' | 'batch' | 'instance' | 'group';

export interface NormSpec extends Located {
  readonly kind: NormKind;
  /** group norm only. */
  readonly groups?: number;
  /** Learnable scale and offset (MONAI's instance norm has none). */
  readonly affine: boolean;
  readonly epsilon: number;
  /** batch norm running-average momentum (Keras convention: weight of the old value). */
  readonly momentum: number;
}

/** Where dropout sits in a conv block: after it, after every conv, or between its convs (not after the last). */
export type DropoutPlace = 'end' | 'each_conv' | 'between';

export interface DropoutSpec extends Located {
  readonly rate: number;
  readonly place: DropoutPlace;
  /** Drop whole feature maps (SpatialDropout) instead of single activations. */
  readonly spatial: boolean;
}

/** The shortcut of a residual block. */
export interface ShortcutSpec {
  /**
   * Kernel of the projection (used when channels or stride change): 'one' = 1×1; 'block' = the
   * block's kernel, same-padded, when the shortcut spans a stride, else 1×1 (MONAI's ResidualUnit).
   */
  readonly projection: 'one' | 'block';
  /** Normalise the projection with the block's norm (MONAI's UnetResBlock). */
  readonly norm: boolean;
  /** Where the block's last activation goes: before the add (default) or after it. */
  readonly activation: 'before_add' | 'after_add';
}

/** Order of conv, normalisation and activation inside one conv unit. */
export type UnitOrder = 'conv_norm_act' | 'conv_act_norm' | 'norm_act_conv';

export interface ConvBlockSpec extends Located {
  /** Number of conv units in the block (the paper: 2). */
  readonly convs: number;
  readonly kernel: readonly number[];
  readonly dilation: readonly number[];
  readonly padding: Padding;
  readonly activation: ActivationSpec;
  readonly norm: NormSpec;
  readonly order: UnitOrder;
  readonly bias: boolean;
  readonly dropout: DropoutSpec | null;
  /** Add a shortcut around the block (1×1 projection when channels differ; centre crop for valid padding). */
  readonly residual: boolean;
  readonly shortcut: ShortcutSpec;
  /**
   * Stride of the block's first conv, per axis (all 1 unless the down-sampling into this level is
   * `down: block(stride)`): the block itself down-samples, so a residual shortcut spans the stride.
   */
  readonly stride: readonly number[];
  /** The last conv has no norm or activation (MONAI's `last_conv_only` / `conv_only`). */
  readonly lastConvOnly: boolean;
  /**
   * Decoder blocks: 'first' = merge the skip, then this block (the paper); 'last' = this block runs on
   * the up-sampled map and the skip is merged after it (MONAI UNet: the merged map feeds the next up-sampling).
   */
  readonly merge: 'first' | 'last';
  /**
   * Output channels of each conv, when they differ inside the block (Çiçek 2016: [32, 64] at level 0);
   * length = convs. Absent: every conv outputs the level's filters.
   */
  readonly filters?: readonly number[];
}

/** 'block': no layer of its own; the next level's block strides its first conv. */
export type DownKind = 'maxpool' | 'avgpool' | 'conv' | 'block';

export interface DownSpec extends Located {
  readonly kind: DownKind;
  /** Pooling window or conv kernel, per spatial axis. */
  readonly kernel: readonly number[];
  /** Per-axis stride (anisotropic 3D: e.g. [1, 2, 2]). */
  readonly stride: readonly number[];
  /** Strided conv only: padding of the down-sampling conv. Pools always use 'valid'. */
  readonly padding: Padding;
  /** Strided conv only: whether norm/activation of the level's block follow it. */
  readonly normAct: boolean;
}

/** 'none': no layer (stride 1 only; a level that does not change resolution). */
export type UpKind = 'transpose' | 'nearest' | 'bilinear' | 'none';

export interface UpSpec extends Located {
  readonly kind: UpKind;
  /** Transposed-conv kernel, or the kernel of the conv after a resize. */
  readonly kernel: readonly number[];
  /** Per-axis up-sampling factor (transposed-conv stride). */
  readonly stride: readonly number[];
  readonly padding: Padding;
  /** Transposed conv: extra rows/cols added on the far side (PyTorch output_padding). */
  readonly outputPadding: readonly number[];
  /**
   * Output channels of the up-sampling: 'halve' = filters of the level it goes to (the paper),
   * 'same' = keep the coarser level's channels, or an explicit number.
   */
  readonly filters: 'halve' | 'same' | number;
  /** Activation after the up-conv (the 2015 Caffe release has ReLU; the paper figure has none). */
  readonly activation: ActivationSpec | null;
  /** Norm after the up-conv: null = none; its own kind, or the decoder block's (`norm: true`). */
  readonly norm: NormSpec | null;
  readonly bias: boolean;
  /** Resize kinds: the conv runs after the resize (default), before it, or there is none. */
  readonly conv: 'after' | 'before' | 'none';
}

export type AttentionMode = 'strided' | 'same_resolution';

export interface AttentionSpec extends Located {
  /** 'strided': Oktay 2018 (W_x stride 2, gate on the coarse grid, α resampled); 'same_resolution': MONAI / keras-unet-collection. */
  readonly mode: AttentionMode;
  /** Intermediate channels F_int as a fraction of the skip's channels (Oktay: 0.5) or an explicit count. */
  readonly inter: { readonly fraction: number } | { readonly channels: number };
  readonly norm: NormKind;
}

export type SkipKind = 'crop_concat' | 'concat' | 'add' | 'none' | 'attention' | 'nested' | 'full_scale';

export interface SkipSpec extends Located {
  readonly kind: SkipKind;
  /** Only for kind 'attention'. */
  readonly attention?: AttentionSpec;
  /** Concatenation order: up-sampled first (Caffe release, seed) or skip first (Keras U-Net++). */
  readonly order: 'up_first' | 'skip_first';
  /** full_scale (UNet 3+): channels each incoming scale is projected to. */
  readonly scaleFilters?: number;
  /**
   * Pad the up-sampled map at the far end of each axis to the skip's size (MONAI's UpCat after
   * pooling odd sizes); absent = sizes must match (or crop, for crop_concat).
   */
  readonly pad?: 'zero' | 'replicate';
}

/** Everything that can differ per level; resolved from network-wide defaults + `level N { }` overrides. */
export interface LevelSpec extends Located {
  /** 0 = full resolution; `depth` = bottleneck. */
  readonly level: number;
  readonly filters: number;
  /** Conv block on the contracting path (and the bottleneck at level = depth). */
  readonly encoder: ConvBlockSpec;
  /** Conv block on the expanding path (absent at the bottleneck). */
  readonly decoder: ConvBlockSpec | null;
  /** Down-sampling from this level to the next (absent at the bottleneck). */
  readonly down: DownSpec | null;
  /** Up-sampling arriving at this level from level+1 (absent at the bottleneck). */
  readonly up: UpSpec | null;
  /** Skip from encoder level to decoder level (absent at the bottleneck). */
  readonly skip: SkipSpec | null;
}

export interface HeadSpec extends Located {
  /** Output channels; equals `classes` unless the spec says otherwise (then it is checked). */
  readonly channels: number;
  readonly activation: 'softmax' | 'sigmoid' | 'linear';
  readonly kernel: readonly number[];
  /** false (`head: none`): no conv, the decoder already emits the classes; only the activation is added. */
  readonly conv: boolean;
}

/** A node X(i, j) of the U-Net++ grid: i = level, j = column. A plain U-Net's decoder node at level i is X(i, depth − i). */
export interface NodeRef extends Located {
  readonly level: number;
  readonly column: number;
}

export interface SupervisionSpec extends Located {
  readonly heads: readonly { readonly node: NodeRef; readonly weight: number }[];
  /** Head at native resolution with a down-sampled target (nnU-Net), or up-sampled to the input (DynUNet). */
  readonly resolution: 'native' | 'upsampled';
  /** What `predict` returns: the final head, or the average of all heads (U-Net++ "accurate" mode). */
  readonly inference: 'final' | 'average';
  /** U-Net++ pruning level for inference (L1…Ld); null = no pruning. */
  readonly prune: number | null;
}

export type InitKind = 'he_normal' | 'he_uniform' | 'glorot_normal' | 'glorot_uniform' | 'paper';

export interface NetworkSpec extends Located {
  readonly dims: Dims;
  /** Spatial input size ([H, W] or [D, H, W]). */
  readonly inputSize: readonly number[];
  readonly inputChannels: number;
  readonly classes: number;
  /** Number of down-samplings. */
  readonly depth: number;
  /** levels[0..depth]. */
  readonly levels: readonly LevelSpec[];
  readonly head: HeadSpec;
  readonly supervision: SupervisionSpec | null;
  readonly init: InitKind;
}
