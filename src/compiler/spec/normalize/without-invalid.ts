import { isJsonObject } from '../describe.js';
import type { JsonValue } from '../document.js';

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * A copy of the document value without the values that failed validation, so normalisation falls
 * back to defaults there instead of computing with them (a depth of 10^23 must not size an array).
 * A bad list item removes its whole list: the list is one setting (`input`, `kernel`).
 */
export function withoutInvalid(value: JsonValue, invalid: Iterable<string>): JsonValue {
  const copy = structuredClone(value);
  for (const pointer of invalid) {
    const path = segments(pointer);
    while (path.length > 0 && /^\d+$/.test(path[path.length - 1]!)) path.pop();
    if (path.length === 0) return isJsonObject(copy) ? copy : {};
    let node: JsonValue | undefined = copy;
    for (const segment of path.slice(0, -1)) {
      node = isJsonObject(node) ? node[segment] : Array.isArray(node) ? node[Number(segment)] : undefined;
    }
    const last = path[path.length - 1]!;
    if (isJsonObject(node) && Object.prototype.hasOwnProperty.call(node, last)) delete node[last];
  }
  return isJsonObject(copy) ? copy : {};
}
