import type { CstNode, IToken } from 'chevrotain';
import type {
  ArgumentCstNode,
  BlockCstNode,
  CallCstNode,
  EntryCstNode,
  FileCstNode,
  KeyCstNode,
  LabelCstNode,
  ListCstNode,
  ScalarCstNode,
  ValueCstNode,
} from '../../../grammar/cst.generated.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { SourceFile, Span } from '../source.js';
import { childPointer, type JsonValue } from '../spec/document.js';
import { CALL_TYPE_KEY, positionalParameters } from '../spec/positional.js';
import { suggest } from '../spec/suggest.js';
import { decodeString, shapeParts, trailingUnit } from './literals.js';

type JsonObject = { [key: string]: JsonValue };

/** Where an entry was written: the comment attacher needs entries and blocks in source order. */
export interface EntryRecord {
  readonly pointer: string;
  /** Pointer of the block that holds the entry ("" = file). */
  readonly parent: string;
  readonly start: number;
  readonly end: number;
  /** Offset of the entry's `{` when it is a block written `key { … }`. */
  readonly open?: number;
}

export interface BlockRecord {
  readonly pointer: string;
  readonly open: number;
  readonly close: number;
}

export interface BuiltDocument {
  readonly value: JsonObject;
  readonly valueSpans: Map<string, Span>;
  readonly keySpans: Map<string, Span>;
  readonly reported: Set<string>;
  readonly entries: EntryRecord[];
  readonly blocks: BlockRecord[];
  readonly diagnostics: Diagnostic[];
}

/** Sets a key even when it is `__proto__`, which plain assignment would turn into a prototype change. */
function setKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function has(target: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

function first<T>(items: readonly T[] | undefined): T | undefined {
  return items?.[0];
}

function realToken(token: IToken | undefined): token is IToken {
  return token !== undefined && Number.isFinite(token.startOffset) && token.isInsertedInRecovery !== true;
}

/**
 * The one CST → SpecDocument builder: blocks become objects, `level 3 { }` becomes `level: {"3": {}}`,
 * calls become `{type, …}` with positional arguments named from spec/positional.ts, shapes become
 * number arrays, quantities and ranges stay strings. Records a key span and a value span for every
 * pointer, so later phases can blame exact text. Tolerates CST nodes left partial by error recovery.
 */
export class DocumentBuilder {
  readonly valueSpans = new Map<string, Span>();
  readonly keySpans = new Map<string, Span>();
  readonly reported = new Set<string>();
  readonly entries: EntryRecord[] = [];
  readonly blocks: BlockRecord[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Objects made by labeled blocks (`level 3 {}`), which later labeled blocks of the same key extend. */
  private readonly labeled = new Set<JsonObject>();

  constructor(private readonly source: SourceFile) {}

  build(csts: readonly FileCstNode[]): BuiltDocument {
    const value: JsonObject = {};
    this.valueSpans.set('', this.source.span(0, this.source.text.length));
    for (const cst of csts) this.addEntries(value, cst.children.entry, '');
    return {
      value,
      valueSpans: this.valueSpans,
      keySpans: this.keySpans,
      reported: this.reported,
      entries: this.entries,
      blocks: this.blocks,
      diagnostics: this.diagnostics,
    };
  }

  private span(start: number, end: number): Span {
    return this.source.span(start, end);
  }

  private tokenSpan(token: IToken): Span {
    return this.span(token.startOffset, token.startOffset + token.image.length);
  }

  /** A CST node's span from its location (end inclusive in chevrotain), if recovery left one. */
  private nodeSpan(node: CstNode): Span | undefined {
    const loc = node.location;
    if (!loc || !Number.isFinite(loc.startOffset) || !Number.isFinite(loc.endOffset ?? NaN)) return undefined;
    return this.span(loc.startOffset, (loc.endOffset ?? loc.startOffset) + 1);
  }

  private addEntries(
    target: JsonObject,
    entries: readonly EntryCstNode[] | undefined,
    pointer: string,
  ): void {
    for (const entry of entries ?? []) this.addEntry(target, entry, pointer);
  }

  private keyOf(node: KeyCstNode | LabelCstNode): { name: string; token: IToken } | undefined {
    const c = node.children;
    const token =
      first(c.Identifier) ??
      first(c.StringLiteral) ??
      first('NumberLiteral' in c ? c.NumberLiteral : undefined);
    if (!realToken(token)) return undefined;
    const name = token.image.startsWith('"') ? decodeString(token.image).value : token.image;
    return { name, token };
  }

  private addEntry(target: JsonObject, entry: EntryCstNode, parent: string): void {
    const keyNode = first(entry.children.key);
    const key = keyNode ? this.keyOf(keyNode) : undefined;
    if (!key) return;
    const entrySpan = this.nodeSpan(entry);
    const start = key.token.startOffset;
    const end = entrySpan?.end ?? start + key.token.image.length;
    const blockNode = first(entry.children.block);
    const labelNode = first(entry.children.label);
    const label = labelNode ? this.keyOf(labelNode) : undefined;
    if (blockNode && label) {
      this.addLabeledBlock(target, key, label, blockNode, parent, end);
      return;
    }
    const pointer = childPointer(parent, key.name);
    if (!this.claimKey(target, key.name, pointer, this.tokenSpan(key.token))) return;
    let value: JsonValue | undefined;
    if (blockNode) value = this.block(blockNode, pointer);
    else {
      const valueNode = first(entry.children.value);
      value = valueNode ? this.value(valueNode, pointer) : undefined;
    }
    if (value === undefined) return;
    setKey(target, key.name, value);
    const open = blockNode ? first(blockNode.children.LCurly) : undefined;
    this.entries.push({
      pointer,
      parent,
      start,
      end,
      ...(realToken(open) ? { open: open.startOffset } : {}),
    });
  }

  /** `level 3 { … }` → `level: { "3": { … } }`; several labels of one key share the outer object. */
  private addLabeledBlock(
    target: JsonObject,
    key: { name: string; token: IToken },
    label: { name: string; token: IToken },
    blockNode: BlockCstNode,
    parent: string,
    end: number,
  ): void {
    const outerPointer = childPointer(parent, key.name);
    let outer = has(target, key.name) ? target[key.name] : undefined;
    if (outer === undefined) {
      outer = {};
      setKey(target, key.name, outer);
      this.labeled.add(outer as JsonObject);
      this.keySpans.set(outerPointer, this.tokenSpan(key.token));
      this.valueSpans.set(outerPointer, this.span(key.token.startOffset, end));
    } else if (typeof outer !== 'object' || outer === null || !this.labeled.has(outer as JsonObject)) {
      this.duplicate(key.name, this.tokenSpan(key.token), outerPointer);
      return;
    }
    const container = outer as JsonObject;
    const pointer = childPointer(outerPointer, label.name);
    const keySpan = this.span(key.token.startOffset, label.token.startOffset + label.token.image.length);
    if (!this.claimKey(container, label.name, pointer, keySpan)) return;
    const value = this.block(blockNode, pointer);
    setKey(container, label.name, value);
    const open = first(blockNode.children.LCurly);
    this.entries.push({
      pointer,
      parent,
      start: key.token.startOffset,
      end,
      ...(realToken(open) ? { open: open.startOffset } : {}),
    });
  }

  /** Records the key's span, or reports a duplicate (blaming the second, pointing at the first). */
  private claimKey(target: JsonObject, key: string, pointer: string, keySpan: Span): boolean {
    if (has(target, key)) {
      this.duplicate(key, keySpan, pointer);
      return false;
    }
    this.keySpans.set(pointer, keySpan);
    return true;
  }

  private duplicate(key: string, span: Span, pointer: string): void {
    const firstSpan = this.keySpans.get(pointer) ?? this.valueSpans.get(pointer);
    this.diagnostics.push(
      makeDiagnostic(
        'DuplicateKey',
        span,
        { key },
        firstSpan ? { related: [{ span: firstSpan, message: `'${key}' is first written here` }] } : {},
      ),
    );
  }

  private block(node: BlockCstNode, pointer: string): JsonObject {
    const value: JsonObject = {};
    const open = first(node.children.LCurly);
    const close = first(node.children.RCurly);
    const start = realToken(open) ? open.startOffset : (this.nodeSpan(node)?.start ?? 0);
    const end = realToken(close)
      ? close.startOffset + 1
      : (this.nodeSpan(node)?.end ?? this.source.text.length);
    this.valueSpans.set(pointer, this.span(start, end));
    this.blocks.push({ pointer, open: start, close: end });
    this.addEntries(value, node.children.entry, pointer);
    return value;
  }

  private value(node: ValueCstNode, pointer: string): JsonValue | undefined {
    const c = node.children;
    const scalar = first(c.scalar);
    if (scalar) return this.scalar(scalar, pointer);
    const list = first(c.list);
    if (list) return this.list(list, pointer);
    const call = first(c.call);
    if (call) return this.call(call, pointer);
    const block = first(c.block);
    if (block) return this.block(block, pointer);
    return undefined;
  }

  private scalar(node: ScalarCstNode, pointer: string): JsonValue | undefined {
    const c = node.children;
    const token =
      first(c.NumberLiteral) ??
      first(c.Quantity) ??
      first(c.BadQuantity) ??
      first(c.Shape) ??
      first(c.Range) ??
      first(c.StringLiteral) ??
      first(c.True) ??
      first(c.False);
    if (!realToken(token)) return undefined;
    const span = this.tokenSpan(token);
    this.valueSpans.set(pointer, span);
    if (c.NumberLiteral) return this.number(token.image, span, pointer);
    if (c.True) return true;
    if (c.False) return false;
    if (c.Shape) return this.shape(token, pointer);
    if (c.StringLiteral) return this.string(token, span);
    if (c.BadQuantity) {
      this.reported.add(pointer);
      this.diagnostics.push(
        makeDiagnostic('UnknownUnit', span, { unit: trailingUnit(token.image), text: token.image }),
      );
    }
    return token.image;
  }

  private number(image: string, span: Span, pointer: string): JsonValue {
    const value = Number(image);
    if (Number.isFinite(value)) return value;
    this.reported.add(pointer);
    this.diagnostics.push(makeDiagnostic('NumberTooLarge', span, { text: image }));
    return null;
  }

  private shape(token: IToken, pointer: string): JsonValue {
    return shapeParts(token.image).map((part, index) => {
      const start = token.startOffset + part.offset;
      const span = this.span(start, start + part.length);
      const itemPointer = childPointer(pointer, index);
      this.valueSpans.set(itemPointer, span);
      return Number.isFinite(part.value)
        ? part.value
        : this.number(token.image.slice(part.offset, part.offset + part.length), span, itemPointer);
    });
  }

  private string(token: IToken, span: Span): string {
    const { value, badEscapes } = decodeString(token.image);
    for (const escape of badEscapes) {
      const at = span.start + 1 + escape.offset - 1;
      this.diagnostics.push(makeDiagnostic('InvalidEscape', this.span(at, at + 2), { char: escape.char }));
    }
    return value;
  }

  private list(node: ListCstNode, pointer: string): JsonValue {
    const span = this.nodeSpan(node);
    if (span) this.valueSpans.set(pointer, span);
    const items: JsonValue[] = [];
    for (const item of node.children.value ?? []) {
      const value = this.value(item, childPointer(pointer, items.length));
      if (value !== undefined) items.push(value);
    }
    return items;
  }

  /** A bare name is a string; `name(args)` is `{type: name, …args}`. */
  private call(node: CallCstNode, pointer: string): JsonValue | undefined {
    const name = first(node.children.Identifier);
    if (!realToken(name)) return undefined;
    const nameSpan = this.tokenSpan(name);
    if (!node.children.LParen) {
      this.valueSpans.set(pointer, nameSpan);
      return name.image;
    }
    this.valueSpans.set(pointer, this.nodeSpan(node) ?? nameSpan);
    const value: JsonObject = {};
    setKey(value, CALL_TYPE_KEY, name.image);
    const typePointer = childPointer(pointer, CALL_TYPE_KEY);
    this.keySpans.set(typePointer, nameSpan);
    this.valueSpans.set(typePointer, nameSpan);
    // A misspelt call (`maxpol(2)`) names its arguments like the call it resembles; the schema then
    // reports the name once, with a fix, instead of the arguments too.
    const known = Object.keys(positionalParameters);
    const params =
      positionalParameters[name.image] ?? positionalParameters[suggest(name.image, known) ?? ''] ?? [];
    let positional = 0;
    for (const argument of node.children.argument ?? []) {
      const named = first(argument.children.Identifier);
      if (named && first(argument.children.Colon)) this.namedArgument(value, argument, named, pointer);
      else this.positionalArgument(value, argument, name.image, params, positional++, pointer);
    }
    return value;
  }

  private namedArgument(target: JsonObject, argument: ArgumentCstNode, named: IToken, pointer: string): void {
    if (!realToken(named)) return;
    const argPointer = childPointer(pointer, named.image);
    if (!this.claimKey(target, named.image, argPointer, this.tokenSpan(named))) return;
    const valueNode = first(argument.children.value);
    const value = valueNode ? this.value(valueNode, argPointer) : undefined;
    if (value !== undefined) setKey(target, named.image, value);
  }

  private positionalArgument(
    target: JsonObject,
    argument: ArgumentCstNode,
    callName: string,
    params: readonly string[],
    index: number,
    pointer: string,
  ): void {
    const valueNode = first(argument.children.value);
    if (!valueNode) return;
    const param = params[index];
    const argSpan = this.nodeSpan(valueNode);
    if (param === undefined) {
      if (argSpan) {
        this.diagnostics.push(
          params.length === 0
            ? makeDiagnostic('UnknownCall', argSpan, { name: callName })
            : makeDiagnostic('TooManyArguments', argSpan, {
                name: callName,
                max: params.length,
                params: params.join(', '),
                count: index + 1,
              }),
        );
      }
      return;
    }
    const argPointer = childPointer(pointer, param);
    if (argSpan && !this.claimKey(target, param, argPointer, argSpan)) return;
    const value = this.value(valueNode, argPointer);
    if (value !== undefined) setKey(target, param, value);
  }
}
