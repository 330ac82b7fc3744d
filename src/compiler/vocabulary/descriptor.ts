/**
 * A vocabulary is one closed set of named kinds the language offers at one place of a spec
 * (`train.loss`, `block.activation`, `skip`, …), each with its parameters. Its descriptor is
 * the single source of truth: the normaliser takes kinds, accepted parameters and defaults from it,
 * the positional-argument table and the docs' call signatures are derived from it, and tests hold
 * the JSON Schemas and docs/language.md to it. Implementations (the tfjs runtime, the PyTorch
 * emitter) are `Record<Kind, …>` tables, so the type checker refuses a kind without one.
 */
export interface ParameterDescriptor {
  /** The key in the spec (snake_case), e.g. `dice_weight`. */
  readonly key: string;
  readonly title: string;
  /** One sentence for the schema's description. */
  readonly doc: string;
  /** `call`: a value of another vocabulary (`vocabulary`), e.g. an up-sampling's activation. */
  readonly type: 'number' | 'integer' | 'boolean' | 'string' | 'call';
  /** The key of the vocabulary a `call` parameter takes. */
  readonly vocabulary?: string;
  /** Words a number also takes: an up-sampling's `filters: halve`. */
  readonly words?: readonly string[];
  /** The words a `string` parameter takes. */
  readonly enum?: readonly string[];
  /** One value for every spatial axis, or a list of one per axis (anisotropic 3D). */
  readonly perAxis?: boolean;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
  readonly exclusiveMaximum?: number;
}

/** A parameter's value as a spec writes it. */
export type ParameterValue = number | boolean | string;

export interface KindDescriptor {
  /** One line: what it is and where it comes from. */
  readonly doc: string;
  /**
   * Parameter keys this kind accepts, with its defaults (a kind can default a shared key
   * differently), in the order a diagnostic lists them.
   */
  readonly defaults: Readonly<Record<string, ParameterValue>>;
  /** Parameters whose default is another's value as written: a pool's stride follows its window. */
  readonly follows?: Readonly<Record<string, string>>;
  /** Keys a call names by position, e.g. `focal(2)` = `focal(gamma: 2)`. */
  readonly positional: readonly string[];
  /** The data pipeline must produce the per-pixel weight map (the paper's w(x)). */
  readonly needsWeightMap?: boolean;
  /**
   * Losses: the head it is defined for. 'softmax': K classes, or one sigmoid channel (its binary
   * form); 'sigmoid': independent channels; absent: any head.
   */
  readonly head?: 'softmax' | 'sigmoid';
  /**
   * Skips: built for the whole network at once (U-Net++'s nested grid, UNet 3+'s full-scale
   * decoder), never merged level by level; every level must then use the same kind.
   */
  readonly wholeNetwork?: boolean;
  /** Accepted by the normaliser but not offered to spec writers (the schema and the docs omit it). */
  readonly internal?: boolean;
}

export interface Vocabulary<K extends string> {
  /** The spec key it fills, e.g. `loss`. */
  readonly key: string;
  /** How diagnostics name it (`instance normalisation`); the key when absent. */
  readonly noun?: string;
  readonly defaultKind: K;
  readonly kinds: Readonly<Record<K, KindDescriptor>>;
  readonly parameters: Readonly<Record<string, ParameterDescriptor>>;
  /**
   * Keys the docs' call signatures leave out: ones every kind accepts (a skip's `order`) and ones
   * off unless written (a skip's `pad`).
   */
  readonly signatureOmits?: readonly string[];
  /**
   * Values recorded for a parameter a kind does not take, where the normalised spec has a field
   * for every kind (a norm's `momentum`).
   */
  readonly recorded?: Readonly<Record<string, ParameterValue>>;
}

export function kindsOf<K extends string>(vocabulary: Vocabulary<K>): K[] {
  return Object.keys(vocabulary.kinds) as K[];
}

/** The kinds a spec writer is offered: all but the internal ones. */
export function publicKindsOf<K extends string>(vocabulary: Vocabulary<K>): K[] {
  return kindsOf(vocabulary).filter((kind) => vocabulary.kinds[kind].internal !== true);
}

/** A default as a spec writes it: `1e-4`, not `0.0001`. */
function literal(value: ParameterValue): string {
  if (typeof value !== 'number' || value === 0 || Math.abs(value) >= 1e-3) return String(value);
  return value.toExponential();
}

/** The call with its defaults as the docs show it: `focal(gamma: 2)`; a kind without parameters is its name. */
export function callSignature<K extends string>(vocabulary: Vocabulary<K>, kind: K): string {
  const omitted = vocabulary.signatureOmits ?? [];
  const defaults = Object.entries(vocabulary.kinds[kind].defaults).filter(([k]) => !omitted.includes(k));
  return defaults.length === 0
    ? kind
    : `${kind}(${defaults.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')})`;
}

/** The short call the docs show: its positional defaults, `leaky_relu(0.01)`, `group(8)`. */
export function positionalSignature<K extends string>(vocabulary: Vocabulary<K>, kind: K): string {
  const { positional, defaults } = vocabulary.kinds[kind];
  const values = positional.map((key) => defaults[key]).filter((v) => v !== undefined);
  return values.length === 0 ? kind : `${kind}(${values.map(literal).join(', ')})`;
}

/** The row of docs/language.md's `train` table for a vocabulary. */
export function docsTableRow<K extends string>(vocabulary: Vocabulary<K>): string {
  const values = kindsOf(vocabulary).map((kind) => `\`${callSignature(vocabulary, kind)}\``);
  return `| \`${vocabulary.key}\` | \`${vocabulary.defaultKind}\` | ${values.join(', ')} |`;
}
