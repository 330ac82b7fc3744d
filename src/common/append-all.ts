/**
 * `target.push(...items)` passes every item as an argument, which overflows the call stack past
 * ~100,000 items; a loop appends any number.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
