import type { ParameterValue, Vocabulary } from '../../vocabulary/index.js';
import { kindsOf } from '../../vocabulary/index.js';
import { checkApplicable } from './applicable.js';
import { boolOr, intOr, numberOr, oneOf, type NormalizeContext } from './context.js';
import { get, type Merged } from './merge.js';

/** A call of a described vocabulary read against its descriptor. */
export interface DescribedCall<K extends string> {
  readonly kind: K;
  /** Whether the kind takes the parameter (has a default for it). */
  readonly takes: (key: string) => boolean;
  /** The kind's default, else the vocabulary's recorded value. */
  readonly defaultOf: (key: string) => ParameterValue | undefined;
  readonly number: (key: string) => number;
  readonly integer: (key: string) => number;
  readonly flag: (key: string) => boolean;
  /** A word of a `string` parameter with an `enum`. */
  readonly word: <W extends string>(key: string) => W;
}

/**
 * A call of a described vocabulary, merged over its layers: its kind (`fallback`, else the
 * vocabulary's default, when absent or unknown), the parameters the kind does not accept reported,
 * and readers that fall back to the kind's default, else to the vocabulary's recorded value.
 */
export function describedCall<K extends string>(
  ctx: NormalizeContext,
  merged: Merged,
  vocabulary: Vocabulary<K>,
  fallback: K = vocabulary.defaultKind,
): DescribedCall<K> {
  const kind = oneOf(get(merged, 'type').value, kindsOf(vocabulary), fallback);
  const defaults = vocabulary.kinds[kind].defaults;
  checkApplicable(ctx, merged, kind, Object.keys(defaults), vocabulary.noun ?? vocabulary.key);
  const fallbackOf = (key: string): ParameterValue | undefined => defaults[key] ?? vocabulary.recorded?.[key];
  return {
    kind,
    takes: (key) => defaults[key] !== undefined,
    defaultOf: fallbackOf,
    number: (key) => numberOr(get(merged, key).value, fallbackOf(key) as number),
    integer: (key) => intOr(get(merged, key).value, fallbackOf(key) as number),
    flag: (key) => boolOr(get(merged, key).value, fallbackOf(key) as boolean),
    word: <W extends string>(key: string): W =>
      oneOf(
        get(merged, key).value,
        (vocabulary.parameters[key]?.enum ?? []) as readonly W[],
        fallbackOf(key) as W,
      ),
  };
}
