import { isJsonObject } from '../spec/describe.js';
import { childPointer, type JsonValue, type SpecDocument } from '../spec/document.js';
import { CALL_TYPE_KEY, positionalParameters } from '../spec/positional.js';
import { isIdentifier, printKey, printLabel, printScalar } from './print-scalar.js';

type JsonObject = { [key: string]: JsonValue };

const INDENT = '  ';
/** A block prints on one line only when it is this short and has no comments or nested blocks. */
const MAX_INLINE_WIDTH = 100;
const MAX_INLINE_ENTRIES = 4;
/** Keys whose number lists are sizes, printed as shapes (`572 x 572 x 1`). */
const SHAPE_KEYS = new Set(['input', 'tile']);
/** Calls whose two positional arguments read naturally in order. */
const PAIR_CALLS = new Set(['range', 'mean_std']);

/** `{type: maxpool, kernel: 2}` is a call; its name must be a name the lexer reads back. */
function isCall(value: JsonValue): boolean {
  return (
    isJsonObject(value) &&
    typeof value[CALL_TYPE_KEY] === 'string' &&
    isIdentifier(value[CALL_TYPE_KEY]) &&
    // Argument names are bare names in the grammar; any other key needs the `{ … }` form.
    Object.keys(value).every(isIdentifier)
  );
}

/** `level: {"3": {…}}` came from labeled blocks `level 3 { … }` and prints back as them. */
function isLabeled(value: JsonValue): value is JsonObject {
  if (!isJsonObject(value) || isCall(value)) return false;
  const entries: [string, JsonValue][] = Object.entries(value);
  return (
    entries.length > 0 &&
    entries.every(([k, v]) => /^(0|[1-9][0-9]*)$/.test(k) && isJsonObject(v) && !isCall(v))
  );
}

function printCall(call: JsonObject): string {
  const name = call[CALL_TYPE_KEY] as string;
  const keys = Object.keys(call).filter((k) => k !== CALL_TYPE_KEY);
  const params = positionalParameters[name] ?? [];
  // Positional only where it reads unambiguously: a lone first argument (`maxpool(2)`, `sgd(0.01)`)
  // or a min/max-like pair (`range(0, 255)`); `transpose(kernel: 2, stride: 2)` stays named.
  const positional =
    (keys.length === 1 && keys[0] === params[0]) ||
    (PAIR_CALLS.has(name) && keys.length === params.length && keys.every((k, i) => k === params[i]));
  const args = keys.map((k) =>
    positional ? printInline(call[k]!, k) : `${printKey(k)}: ${printInline(call[k]!, k)}`,
  );
  return `${name}(${args.join(', ')})`;
}

/** A value on one line. */
function printInline(value: JsonValue, key: string): string {
  const scalar = printScalar(value);
  if (scalar !== undefined) return scalar;
  if (Array.isArray(value)) {
    const isShape =
      SHAPE_KEYS.has(key) &&
      value.length >= 2 &&
      value.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && !Object.is(v, -0));
    if (isShape) return value.join(' x ');
    return `[${value.map((v) => printInline(v, '')).join(', ')}]`;
  }
  if (isCall(value)) return printCall(value as JsonObject);
  const entries: [string, JsonValue][] = Object.entries(value as JsonObject);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${printKey(k)}: ${printInline(v, k)}`).join(', ')} }`;
}

/** `{ k: v, inner { … } }`, or undefined when a block is too big or nested deeper than `depth`. */
function inlineBody(value: JsonObject, depth: number): string | undefined {
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  if (entries.length > MAX_INLINE_ENTRIES) return undefined;
  const parts: string[] = [];
  for (const [key, v] of entries) {
    if (!isJsonObject(v) || isCall(v)) {
      parts.push(`${printKey(key)}: ${printInline(v, key)}`);
      continue;
    }
    if (depth === 0) return undefined;
    const blocks: [string, JsonObject][] = isLabeled(v)
      ? Object.entries(v).map(([label, inner]) => [
          `${printKey(key)} ${printLabel(label)}`,
          inner as JsonObject,
        ])
      : [[printKey(key), v as JsonObject]];
    for (const [keyText, inner] of blocks) {
      const body = inlineBody(inner, depth - 1);
      if (body === undefined) return undefined;
      parts.push(`${keyText} ${body}`);
    }
  }
  return `{ ${parts.join(', ')} }`;
}

class UnetPrinter {
  readonly lines: string[] = [];

  constructor(private readonly doc: SpecDocument) {}

  private hasComments(pointer: string): boolean {
    const prefix = `${pointer}/`;
    const maps = [this.doc.comments, this.doc.trailingComments, this.doc.endComments, this.doc.openComments];
    for (const map of maps)
      for (const key of map?.keys() ?? [])
        if (
          key.startsWith(prefix) ||
          (map !== this.doc.comments && map !== this.doc.trailingComments && key === pointer)
        )
          return true;
    return false;
  }

  /**
   * A block's one-line form, if it has one: short, without comments inside, at most
   * MAX_INLINE_ENTRIES entries per block and two blocks deep (`encoder { block { convs: 1 } }`).
   */
  private inlineBlock(value: JsonObject, pointer: string, prefix: string): string | undefined {
    if (this.hasComments(pointer)) return undefined;
    // A top-level section (`network`, `train`) folds only when flat; inner blocks up to two deep.
    const topLevel = !prefix.startsWith(INDENT);
    const body = inlineBody(value, topLevel ? 0 : 2);
    if (body === undefined) return undefined;
    const text = `${prefix} ${body}`;
    return text.length <= MAX_INLINE_WIDTH ? text : undefined;
  }

  private comment(indent: string, text: string): string {
    return `${indent}#${text}`;
  }

  private entry(key: string, value: JsonValue, pointer: string, indent: string, keyText: string): void {
    for (const line of this.doc.comments.get(pointer) ?? []) this.lines.push(this.comment(indent, line));
    const trailing = this.doc.trailingComments?.get(pointer);
    const suffix = trailing !== undefined ? `  #${trailing}` : '';
    if (isJsonObject(value) && !isCall(value)) {
      const inline = this.inlineBlock(value, pointer, `${indent}${keyText}`);
      if (inline !== undefined) {
        this.lines.push(inline + suffix);
        return;
      }
      const open = this.doc.openComments?.get(pointer);
      this.lines.push(`${indent}${keyText} {${open !== undefined ? `  #${open}` : ''}`);
      this.entries(value, pointer, indent + INDENT);
      this.lines.push(`${indent}}${suffix}`);
      return;
    }
    this.lines.push(`${indent}${keyText}: ${printInline(value, key)}${suffix}`);
  }

  entries(value: JsonObject, pointer: string, indent: string): void {
    let previousWasBlock = false;
    Object.entries(value).forEach(([key, v], index) => {
      const p = childPointer(pointer, key);
      const isBlock = isJsonObject(v) && !isCall(v);
      // Top-level sections are separated by a blank line, as a reader expects.
      if (indent === '' && index > 0 && (isBlock || previousWasBlock)) this.lines.push('');
      previousWasBlock = isBlock;
      if (isLabeled(v)) {
        for (const line of this.doc.comments.get(p) ?? []) this.lines.push(this.comment(indent, line));
        for (const [label, inner] of Object.entries(v))
          this.entry(label, inner, childPointer(p, label), indent, `${printKey(key)} ${printLabel(label)}`);
        return;
      }
      this.entry(key, v, p, indent, printKey(key));
    });
    for (const line of this.doc.endComments?.get(pointer) ?? []) this.lines.push(this.comment(indent, line));
  }
}

/**
 * SpecDocument → canonical .unet text: two-space indents, one entry per line, short flat blocks on
 * one line, calls with positional arguments only where the positional table makes them unambiguous,
 * comments kept where they were attached. Idempotent: formatting its own output changes nothing.
 */
export function formatUnet(doc: SpecDocument): string {
  const printer = new UnetPrinter(doc);
  if (isJsonObject(doc.value)) printer.entries(doc.value, '', '');
  return `${printer.lines.join('\n')}\n`;
}
