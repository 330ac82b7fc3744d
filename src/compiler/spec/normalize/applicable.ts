import { listWords } from '../suggest.js';
import type { NormalizeContext } from './context.js';
import type { Merged } from './merge.js';

/**
 * The schema accepts the union of keys for a call-like value (`down` may have `padding`); which of
 * them mean something depends on the kind (`padding` is for a strided conv, not a pool). Written keys
 * that do not apply are reported rather than silently ignored.
 */
export function checkApplicable(
  ctx: NormalizeContext,
  merged: Merged,
  kind: string,
  accepted: readonly string[],
  what: string,
): void {
  for (const [key, loc] of merged.keys) {
    if (key === 'type' || accepted.includes(key)) continue;
    ctx.report(
      'NotApplicable',
      loc.pointer,
      { key, kind: `${kind} ${what}`, accepted: accepted.length ? listWords(accepted) : 'no settings' },
      {},
      'key',
    );
  }
}
