/**
 * A vocabulary is one closed set of named kinds the language offers at one place of a spec
 * (`train.loss`, `train.optimizer`, `train.schedule`), each with its parameters. Its descriptor is
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
  readonly type: 'number' | 'integer' | 'boolean';
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
  readonly exclusiveMaximum?: number;
}

export interface KindDescriptor {
  /** One line: what it is and where it comes from. */
  readonly doc: string;
  /** Parameter keys this kind accepts, with its defaults (a kind can default a shared key differently). */
  readonly defaults: Readonly<Record<string, number | boolean>>;
  /** Keys a call names by position, e.g. `focal(2)` = `focal(gamma: 2)`. */
  readonly positional: readonly string[];
  /** The data pipeline must produce the per-pixel weight map (the paper's w(x)). */
  readonly needsWeightMap?: boolean;
  /**
   * Losses: the head it is defined for. 'softmax': K classes, or one sigmoid channel (its binary
   * form); 'sigmoid': independent channels; absent: any head.
   */
  readonly head?: 'softmax' | 'sigmoid';
}

export interface Vocabulary<K extends string> {
  /** The spec key it fills, e.g. `loss`. */
  readonly key: string;
  readonly defaultKind: K;
  readonly kinds: Readonly<Record<K, KindDescriptor>>;
  readonly parameters: Readonly<Record<string, ParameterDescriptor>>;
}

export function kindsOf<K extends string>(vocabulary: Vocabulary<K>): K[] {
  return Object.keys(vocabulary.kinds) as K[];
}

/** A default as a spec writes it: `1e-4`, not `0.0001`. */
function literal(value: number | boolean): string {
  if (typeof value === 'boolean' || value === 0 || Math.abs(value) >= 1e-3) return String(value);
  return value.toExponential();
}

/** The call with its defaults as the docs show it: `focal(gamma: 2)`; a kind without parameters is its name. */
export function callSignature<K extends string>(vocabulary: Vocabulary<K>, kind: K): string {
  const defaults = Object.entries(vocabulary.kinds[kind].defaults);
  return defaults.length === 0
    ? kind
    : `${kind}(${defaults.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')})`;
}

/** The row of docs/language.md's `train` table for a vocabulary. */
export function docsTableRow<K extends string>(vocabulary: Vocabulary<K>): string {
  const values = kindsOf(vocabulary).map((kind) => `\`${callSignature(vocabulary, kind)}\``);
  return `| \`${vocabulary.key}\` | \`${vocabulary.defaultKind}\` | ${values.join(', ')} |`;
}
