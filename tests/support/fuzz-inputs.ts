/**
 * Inputs for fuzzing the front end and checker: random token soup in the .unet vocabulary and
 * mutations of real specs (deleted, duplicated and swapped ranges; numbers replaced by huge,
 * negative, zero or fractional ones; stray tokens). Pure functions of a seeded PRNG, shared by
 * tests/fuzz.test.ts (thousands of cases) and scripts/fuzz.ts (as many as you like).
 */
export type Random = () => number;

/** mulberry32: small, fast, good enough to drive mutations reproducibly from a seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (rand: Random, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

export const tokens: readonly string[] = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ':',
  ',',
  ';',
  '\n',
  ' ',
  '#',
  '//',
  '"',
  '..',
  'x',
  '×',
  '-',
  'network',
  'input',
  'classes',
  'depth',
  'filters',
  'block',
  'convs',
  'kernel',
  'padding',
  'valid',
  'same',
  'down',
  'up',
  'skip',
  'head',
  'level',
  'encoder',
  'decoder',
  'bottleneck',
  'supervision',
  'heads',
  'X0_1',
  'X1_2',
  'maxpool',
  'transpose',
  'attention',
  'nested',
  'full_scale',
  'crop_concat',
  'data',
  'augment',
  'train',
  'elastic',
  'rotate',
  'range',
  'optimizer',
  'sgd',
  'adam',
  'loss',
  'softmax',
  'sigmoid',
  'relu',
  'norm',
  'batch',
  'instance',
  'dropout',
  'residual',
  'true',
  'false',
  '572 x 572 x 1',
  '64x64',
  '8x8x8x1',
  '0',
  '1',
  '2',
  '3',
  '-1',
  '0.5',
  '1e-4',
  '1e309',
  '99999999999',
  '10px',
  '15deg',
  '50%',
  '2vx',
  '-15deg..15deg',
  '0.9..1.1',
  '"a string"',
  '"unterminated',
  'max_filters',
  'growth',
  'init',
  'paper',
  'p',
  'sigma',
  'grid',
  '\t',
  '\r\n',
  '\u00e9',
  '\u0000',
];

/** A soup of 1–`max` tokens from the language's vocabulary. */
export function tokenSoup(rand: Random, max = 60): string {
  const n = int(rand, 1, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(rand, tokens));
  return out.join(rand() < 0.5 ? ' ' : '');
}

const numbers = [
  '0',
  '-1',
  '-572',
  '1',
  '3',
  '7',
  '1e9',
  '1e309',
  '2147483648',
  '0.5',
  '-0.5',
  '1e-300',
  'NaN',
  '65536',
];

/** Applies 1–`max` random edits to a real spec. */
export function mutate(rand: Random, text: string, max = 4): string {
  let s = text;
  const edits = int(rand, 1, max);
  for (let e = 0; e < edits; e++) {
    const at = int(rand, 0, s.length);
    const len = int(rand, 0, Math.min(40, s.length - at));
    switch (int(rand, 0, 6)) {
      case 0: // delete a range
        s = s.slice(0, at) + s.slice(at + len);
        break;
      case 1: // duplicate a range
        s = s.slice(0, at + len) + s.slice(at, at + len) + s.slice(at + len);
        break;
      case 2: // insert a token
        s = s.slice(0, at) + pick(rand, tokens) + s.slice(at);
        break;
      case 3: {
        // replace one number with an extreme one
        const matches = [...s.matchAll(/\d+(\.\d+)?/g)];
        if (matches.length > 0) {
          const m = pick(rand, matches);
          s = s.slice(0, m.index) + pick(rand, numbers) + s.slice(m.index + m[0].length);
        }
        break;
      }
      case 4: {
        // swap two lines
        const lines = s.split('\n');
        const i = int(rand, 0, lines.length - 1);
        const j = int(rand, 0, lines.length - 1);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        s = lines.join('\n');
        break;
      }
      case 5: // truncate
        s = s.slice(0, at);
        break;
      default: {
        // replace an identifier with another word of the language (unknown keys, wrong values)
        const words = [...s.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
        if (words.length > 0) {
          const w = pick(rand, words);
          s =
            s.slice(0, w.index) +
            pick(
              rand,
              tokens.filter((t) => /^[a-z_]/i.test(t)),
            ) +
            s.slice(w.index + w[0].length);
        }
      }
    }
  }
  return s;
}

/** Random bytes decoded as UTF-8 (binary garbage, as `readSpecFile` would hand it over). */
export function garbage(rand: Random, max = 200): string {
  const bytes = new Uint8Array(int(rand, 0, max));
  for (let i = 0; i < bytes.length; i++) bytes[i] = int(rand, 0, 255);
  return Buffer.from(bytes).toString('utf8');
}
