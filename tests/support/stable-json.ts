/**
 * JSON for golden files: keys in insertion order, arrays of numbers/strings on one line, and any
 * object or array whose one-line form fits in `width` kept on one line, so IR baselines diff by
 * layer rather than by number.
 */
export function stableJson(value: unknown, width = 100): string {
  return `${format(value, '', width)}\n`;
}

function format(value: unknown, indent: string, width: number): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (value === null || typeof value !== 'object') return flat;
  if (flat.length + indent.length <= width || isFlatArray(value)) return spaced(flat);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + format(v, inner, width)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner, width)}`).join(',\n')}\n${indent}}`;
}

function isFlatArray(value: object): boolean {
  return Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
}

/** `{"a":1,"b":[1,2]}` → `{ "a": 1, "b": [1, 2] }`, outside strings only. */
function spaced(flat: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < flat.length; i++) {
    const ch = flat[i]!;
    out += ch;
    if (inString) {
      if (ch === '\\') out += flat[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === ',' || ch === ':') out += ' ';
    else if (ch === '{' && flat[i + 1] !== '}') out += ' ';
    if (!inString && flat[i + 1] === '}' && ch !== '{') out += ' ';
  }
  return out;
}
