import { UserError } from '../../common/user-error.js';

/** Mask value ↔ class index, with names for reports (same shape as the spec's data.classes). */
export interface ClassEntry {
  readonly value: number;
  readonly classIndex: number;
  readonly name: string;
}

/**
 * `--classes membrane=0,cell=255` or `--classes 0,255`: mask values in class-index order, names
 * optional (default "class<k>").
 */
export function parseClassList(text: string): ClassEntry[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const entries = parts.map((part, classIndex) => {
    const [name, raw] = part.includes('=')
      ? (part.split('=', 2) as [string, string])
      : [`class${classIndex}`, part];
    const value = Number(raw);
    if (!Number.isFinite(value) || raw.trim() === '') {
      throw new UserError(
        `--classes '${text}': '${part}' is not name=value or a mask value (e.g. membrane=0,cell=255)`,
      );
    }
    return { value, classIndex, name: name.trim() };
  });
  if (entries.length < 2)
    throw new UserError(`--classes '${text}' names ${entries.length} class; give at least two`);
  const values = new Set(entries.map((e) => e.value));
  if (values.size !== entries.length) throw new UserError(`--classes '${text}' repeats a mask value`);
  return entries;
}

/** Classes from the distinct mask values seen in the ground truth, ascending (0 → class 0). */
export function classesFromValues(values: Iterable<number>): ClassEntry[] {
  return [...new Set(values)]
    .sort((a, b) => a - b)
    .map((value, classIndex) => ({ value, classIndex, name: `${value}` }));
}

/**
 * `--foreground cell` / `--foreground 255` (names or mask values, comma-separated) → class indices;
 * default every class but class 0 (ISBI: the cells, not the membranes).
 */
export function parseForeground(text: string | undefined, classes: readonly ClassEntry[]): number[] {
  if (text === undefined) return classes.filter((c) => c.classIndex > 0).map((c) => c.classIndex);
  return text.split(',').map((raw) => {
    const token = raw.trim();
    const entry = classes.find((c) => c.name === token) ?? classes.find((c) => String(c.value) === token);
    if (!entry)
      throw new UserError(
        `--foreground '${token}' is not one of the classes ${classes.map((c) => `${c.name}=${c.value}`).join(', ')}`,
      );
    return entry.classIndex;
  });
}
