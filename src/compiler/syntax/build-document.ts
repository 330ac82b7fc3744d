import type { IToken } from 'chevrotain';
import type {
  BlockCstNode,
  EntryCstNode,
  FileCstNode,
  KeyCstNode,
  LabelCstNode,
  ListCstNode,
  ValueCstNode,
} from '../../../grammar/cst.generated.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../source.js';
import { childPointer, type JsonValue } from '../spec/document.js';
import { buildCall } from './build-call.js';
import { buildScalar } from './build-scalar.js';
import { BuildState, first, has, realToken, setKey, type JsonObject } from './build-state.js';
import { decodeString } from './literals.js';

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

/**
 * The one CST → SpecDocument builder: blocks become objects, `level 3 { }` becomes `level: {"3": {}}`,
 * calls become `{type, …}` with positional arguments named from spec/positional.ts, shapes become
 * number arrays, quantities and ranges stay strings. Records a key span and a value span for every
 * pointer, so later phases can blame exact text. Tolerates CST nodes left partial by error recovery.
 */
export class DocumentBuilder extends BuildState {
  readonly entries: EntryRecord[] = [];
  readonly blocks: BlockRecord[] = [];
  /** Objects made by labeled blocks (`level 3 {}`), which later labeled blocks of the same key extend. */
  private readonly labeled = new Set<JsonObject>();

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
    if (this.inlineDepth === 0)
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
    if (this.inlineDepth === 0)
      this.entries.push({
        pointer,
        parent,
        start: key.token.startOffset,
        end,
        ...(realToken(open) ? { open: open.startOffset } : {}),
      });
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
    if (this.inlineDepth === 0) this.blocks.push({ pointer, open: start, close: end });
    this.addEntries(value, node.children.entry, pointer);
    return value;
  }

  value(node: ValueCstNode, pointer: string): JsonValue | undefined {
    const c = node.children;
    const scalar = first(c.scalar);
    if (scalar) return buildScalar(this, scalar, pointer);
    const list = first(c.list);
    if (list) return this.list(list, pointer);
    const call = first(c.call);
    if (call) return buildCall(this, call, pointer);
    const block = first(c.block);
    if (block) return this.block(block, pointer);
    return undefined;
  }

  private list(node: ListCstNode, pointer: string): JsonValue {
    const span = this.nodeSpan(node);
    if (span) this.valueSpans.set(pointer, span);
    const items: JsonValue[] = [];
    for (const item of node.children.value ?? []) {
      const value = this.inline(() => this.value(item, childPointer(pointer, items.length)));
      if (value !== undefined) items.push(value);
    }
    return items;
  }
}
