/** Decoding of literal token text into JSON values, with the offsets of their parts for spans. */

export interface Escape {
  /** Offset of the backslash within the token text. */
  readonly offset: number;
  readonly char: string;
}

const simpleEscapes: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
};

/** `"a\"b"` → `a"b`; unknown escapes keep the character and are returned for reporting. */
export function decodeString(image: string): { value: string; badEscapes: Escape[] } {
  const closed = image.length >= 2 && image.endsWith('"') && !isEscapedQuote(image);
  const body = image.slice(1, closed ? -1 : undefined);
  const badEscapes: Escape[] = [];
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[i + 1] ?? '';
    const hex = body.slice(i + 2, i + 6);
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
      value += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else if (next in simpleEscapes) {
      value += simpleEscapes[next];
      i += 1;
    } else {
      badEscapes.push({ offset: i + 1, char: next });
      value += next;
      i += 1;
    }
  }
  return { value, badEscapes };
}

/** `"abc\"` is unterminated: its last quote is escaped. */
function isEscapedQuote(image: string): boolean {
  let backslashes = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** The numbers of a shape token and where each sits in the token: `572 x 572` → [572 @0, 572 @6]. */
export function shapeParts(image: string): { value: number; offset: number; length: number }[] {
  return [...image.matchAll(/-?\d+/g)].map((m) => ({
    value: Number(m[0]),
    offset: m.index,
    length: m[0].length,
  }));
}

/** The unit of a number glued to letters (`10pz` → `pz`). */
export function trailingUnit(image: string): string {
  return image.replace(/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, '');
}

/** Comment token text without its `#` or `//` marker. */
export function commentText(image: string): string {
  return (image.startsWith('//') ? image.slice(2) : image.slice(1)).trimEnd();
}
