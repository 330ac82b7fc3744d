import type { JsonValue } from '../document.js';
import type { DropoutPlace, DropoutSpec } from '../model-spec.js';
import { boolOr, oneOf, type Located } from './context.js';
import { get, mergeLayers } from './merge.js';
import { parseQuantity } from './units.js';

/** A written rate: `0.3` or `30%` (a percentage of 100 or more has already been refused). */
function rateOf(value: JsonValue | undefined): number | undefined {
  const q = parseQuantity(value);
  if (!q) return undefined;
  return q.unit === '%' ? q.value / 100 : q.value;
}

/**
 * `0.5` | `10%` | `dropout(rate: 0.3, place: between, spatial: true)`, layered general → specific key
 * by key (a bare rate sets only the rate), so `level 2 { dropout: { rate: 0.2 } }` keeps the
 * network's `place`. A rate of 0 is no dropout.
 */
export function normalizeDropout(layers: readonly Located[]): DropoutSpec | null {
  let rate: number | undefined;
  let place: DropoutPlace = 'end';
  let spatial = false;
  let pointer: string | undefined;
  for (const loc of layers) {
    const { value } = loc;
    if (value === undefined || value === null) continue;
    pointer = loc.pointer;
    const bare = rateOf(value);
    if (bare !== undefined) {
      rate = bare;
      continue;
    }
    const merged = mergeLayers([loc]);
    rate = rateOf(get(merged, 'rate').value) ?? rate ?? 0.5;
    place = oneOf(get(merged, 'place').value, ['end', 'each_conv', 'between'] as const, place);
    spatial = boolOr(get(merged, 'spatial').value, spatial);
  }
  if (pointer === undefined || rate === undefined || rate <= 0) return null;
  return { rate, place, spatial, $path: pointer };
}
