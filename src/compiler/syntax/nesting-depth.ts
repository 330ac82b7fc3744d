import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { SourceFile } from '../source.js';

/**
 * Deeper than any real spec (the deepest shipped one nests 4 levels) and far below what the
 * recursive-descent parsers can take before the JavaScript stack runs out.
 */
export const MAX_NESTING_DEPTH = 64;

const opening = new Set(['{', '[', '(']);
const closing = new Set(['}', ']', ')']);

/**
 * One linear pass that finds where brackets (and, in YAML, indentation and `- ` items) nest deeper
 * than `max`, so a file of 100,000 `{` gets one diagnostic instead of a stack overflow in a parser.
 * Strings and comments are skipped; the count is an upper bound of the real nesting, which is what
 * the guard needs.
 */
export function nestingTooDeep(
  source: SourceFile,
  syntax: 'unet' | 'yaml',
  max = MAX_NESTING_DEPTH,
): Diagnostic | undefined {
  const text = source.text;
  const at = syntax === 'yaml' ? deepYamlOffset(text, max) : deepBracketOffset(text, max);
  if (at === undefined) return undefined;
  return makeDiagnostic('NestingTooDeep', source.span(at, at + 1), { max });
}

function deepBracketOffset(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') i = skipQuoted(text, i, '"');
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) i = lineEnd(text, i);
    else if (opening.has(c)) {
      if (++depth > max) return i;
    } else if (closing.has(c)) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Indentation levels + `- `/`? ` items on a line + flow brackets, per line. */
function deepYamlOffset(text: string, max: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let i = 0;
  while (i < text.length) {
    const end = lineEnd(text, i);
    let j = i;
    while (j < end && text[j] === ' ') j++;
    if (j < end && text[j] !== '#' && text[j] !== '\r') {
      if (flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! > j - i) indents.pop();
        if (indents.length === 0 || indents[indents.length - 1]! < j - i) indents.push(j - i);
      }
      let items = 0;
      let prefix = true; // still in the `- - ` markers that open compact nested items
      for (let k = j; k < end; k++) {
        const c = text[k]!;
        const marker = (c === '-' || c === '?') && (text[k + 1] === ' ' || k + 1 === end);
        if (prefix && marker) {
          if (indents.length + ++items + flow > max) return k;
          continue;
        }
        if (c !== ' ') prefix = false;
        if (c === '"' || c === "'") k = skipQuoted(text, k, c);
        else if (c === '#' && (k === j || text[k - 1] === ' ')) break;
        else if (opening.has(c) && c !== '(') {
          if (indents.length + items + ++flow > max) return k;
        } else if (closing.has(c) && c !== ')') flow = Math.max(0, flow - 1);
      }
      if (indents.length + flow > max) return j;
    }
    i = end + 1;
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  const n = text.indexOf('\n', from);
  return n < 0 ? text.length : n;
}

/** Index of the closing quote (or the line end): `\"` escapes in "…", `''` in YAML '…' is two quotes. */
function skipQuoted(text: string, open: number, quote: string): number {
  for (let k = open + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '\n') return k - 1;
    if (quote === '"' && c === '\\') k++;
    else if (c === quote) return k;
  }
  return text.length;
}
