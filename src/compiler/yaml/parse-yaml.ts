import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import type * as YamlModule from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { SourceFile, Span } from '../source.js';
import { catalogueText } from '../spec/catalogue-text.js';
import { childPointer, type JsonValue, type SpecDocument } from '../spec/document.js';
import { appendAll } from '../../common/append-all.js';
import { MAX_NESTING_DEPTH, nestingTooDeep } from '../syntax/nesting-depth.js';
import { binaryContent, tooLarge, capSyntaxErrors, emptySpec } from '../syntax/text-checks.js';

// `yaml` is ~70 CommonJS files (~20 ms to load): load it when a YAML spec is read, so checking
// .unet specs (the cold-start path) never pays for it.
let yamlModule: typeof YamlModule | undefined;
function yaml(): typeof YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof YamlModule);
}

/** As for .unet text: errors past this many are summarised. */
const MAX_YAML_ERRORS = 50;

/**
 * Values an alias may expand to, all aliases together. yaml's own guard (`maxAliasCount`) only
 * applies to `toJS`, which this builder does not use; this is the same defence for our walk: a
 * 600-byte "billion laughs" file stops here instead of expanding 9^11 nodes.
 */
export const MAX_ALIAS_VALUES = 10_000;

type JsonObject = { [key: string]: JsonValue };

/** yaml's messages end with " at line L, column C:" and a code excerpt; our renderer shows both itself. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function setKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function trimComment(text: string): string[] {
  return text.split('\n').map((line) => line.trimEnd());
}

/** Walks one YAML document's node tree into JSON plus the same span and comment maps as .unet. */
class YamlDocumentBuilder {
  readonly valueSpans = new Map<string, Span>();
  readonly keySpans = new Map<string, Span>();
  readonly leading = new Map<string, string[]>();
  readonly trailing = new Map<string, string>();
  readonly end = new Map<string, string[]>();
  readonly reported = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  /** Diagnostics past MAX_YAML_ERRORS are only counted (3.9 MB of duplicate keys is 780,000). */
  dropped = 0;
  /** While expanding an alias, every span is the outermost alias's: errors inside are blamed on it. */
  private aliasSpan: Span | undefined;
  private aliasValues = 0;
  private aliasBudgetSpent = false;
  private tooDeep = false;
  /** Anchors being expanded: an alias inside its own anchor would recurse forever. */
  private readonly expanding = new Set<unknown>();

  constructor(
    private readonly source: SourceFile,
    private readonly doc: Document,
  ) {}

  private report(diagnostic: Diagnostic): void {
    if (this.diagnostics.length <= MAX_YAML_ERRORS) this.diagnostics.push(diagnostic);
    else this.dropped++;
  }

  private setValueSpan(pointer: string, span: Span | undefined): void {
    const at = this.aliasSpan ?? span;
    if (at) this.valueSpans.set(pointer, at);
  }

  private rangeSpan(node: { range?: [number, number, number] | null | undefined }): Span | undefined {
    return node.range ? this.source.span(node.range[0], node.range[1]) : undefined;
  }

  private addLeading(pointer: string, text: string | null | undefined, prepend = false): void {
    if (!text) return;
    const lines = trimComment(text);
    const existing = this.leading.get(pointer) ?? [];
    this.leading.set(pointer, prepend ? [...lines, ...existing] : [...existing, ...lines]);
  }

  value(node: unknown, pointer: string, depth = 0): JsonValue {
    if (depth > MAX_NESTING_DEPTH) {
      if (!this.tooDeep) {
        const span = this.rangeSpan(node as Node) ?? this.source.startSpan;
        this.report(makeDiagnostic('NestingTooDeep', span, { max: MAX_NESTING_DEPTH }));
      }
      this.tooDeep = true;
      return null;
    }
    if (this.aliasSpan && ++this.aliasValues > MAX_ALIAS_VALUES) {
      if (!this.aliasBudgetSpent)
        this.report(makeDiagnostic('YamlAliasBudget', this.aliasSpan, { budget: MAX_ALIAS_VALUES }));
      this.aliasBudgetSpent = true;
      this.reported.add(pointer);
      return null;
    }
    if (yaml().isAlias(node)) {
      const target = node.resolve(this.doc);
      const span = this.rangeSpan(node);
      this.setValueSpan(pointer, span);
      if (!target || this.expanding.has(target)) {
        this.report(
          makeDiagnostic('YamlUnknownAlias', span ?? this.source.startSpan, { name: String(node.source) }),
        );
        this.reported.add(pointer);
        return null;
      }
      // An alias reads as a copy of its anchor, but errors inside it are blamed on the alias.
      const outermost = this.aliasSpan === undefined;
      if (outermost) this.aliasSpan = span ?? this.source.startSpan;
      this.expanding.add(target);
      try {
        return this.value(target, pointer, depth + 1);
      } finally {
        this.expanding.delete(target);
        if (outermost) this.aliasSpan = undefined;
      }
    }
    if (yaml().isMap(node)) return this.map(node as Node & { items: unknown[] }, pointer, depth);
    if (yaml().isSeq(node)) {
      this.setValueSpan(pointer, this.rangeSpan(node));
      return node.items.map((item, i) => this.value(item, childPointer(pointer, i), depth + 1));
    }
    if (yaml().isScalar(node)) {
      const span = this.rangeSpan(node);
      this.setValueSpan(pointer, span);
      const v = node.value;
      if (typeof v === 'number') {
        if (Number.isFinite(v)) return v;
        this.reported.add(pointer);
        this.report(
          makeDiagnostic('NumberTooLarge', span ?? this.source.startSpan, { text: String(node.source ?? v) }),
        );
        return null;
      }
      if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
      if (typeof v === 'bigint') return Number(v);
      return String(v);
    }
    return null;
  }

  private map(node: Node & { items: unknown[] }, pointer: string, depth: number): JsonObject {
    const span = this.rangeSpan(node);
    this.setValueSpan(pointer, span);
    const out: JsonObject = {};
    let firstKey: string | undefined;
    for (const pair of node.items) {
      if (!yaml().isPair(pair)) continue;
      const keyNode = pair.key;
      if (
        !yaml().isScalar(keyNode) ||
        (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')
      ) {
        const kind = yaml().isMap(keyNode) ? 'a mapping' : yaml().isSeq(keyNode) ? 'a list' : 'this value';
        const keySpan =
          keyNode && typeof keyNode === 'object' && 'range' in keyNode
            ? this.rangeSpan(keyNode as Node)
            : undefined;
        this.report(makeDiagnostic('YamlComplexKey', keySpan ?? span ?? this.source.startSpan, { kind }));
        continue;
      }
      const key = String(keyNode.value);
      const itemPointer = childPointer(pointer, key);
      const keySpan = this.rangeSpan(keyNode) ?? span ?? this.source.startSpan;
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        const first = this.keySpans.get(itemPointer);
        this.report(
          makeDiagnostic(
            'DuplicateKey',
            keySpan,
            { key },
            first
              ? { related: [{ span: first, message: catalogueText('DuplicateKey', 'related', { key }) }] }
              : {},
          ),
        );
        continue;
      }
      firstKey ??= itemPointer;
      this.keySpans.set(itemPointer, this.aliasSpan ?? keySpan);
      this.addLeading(itemPointer, keyNode.commentBefore);
      const value = this.value(pair.value, itemPointer, depth + 1);
      if (pair.value === null) this.setValueSpan(itemPointer, keySpan);
      setKey(out, key, value);
      const valueNode = pair.value as { comment?: string | null } | null;
      if (valueNode?.comment) {
        if ((yaml().isMap(pair.value) || yaml().isSeq(pair.value)) && !pair.value.flow)
          this.end.set(itemPointer, trimComment(valueNode.comment));
        else this.trailing.set(itemPointer, valueNode.comment.replace(/\n/g, ' ').trimEnd());
      }
    }
    const before = (node as { commentBefore?: string | null }).commentBefore;
    if (firstKey) this.addLeading(firstKey, before, true);
    return out;
  }
}

/**
 * YAML text → SpecDocument with the same JSON shape as the .unet builder (`down: maxpool(2)` is
 * `down: {type: maxpool, kernel: 2}`, quantities are strings like `10px`), spans from the `yaml`
 * package's node ranges, and YAML syntax errors as UNC1xxx diagnostics.
 */
export function parseYamlDocument(source: SourceFile): {
  document?: SpecDocument;
  diagnostics: Diagnostic[];
} {
  const binary = binaryContent(source);
  if (binary) return { diagnostics: [binary] };
  const large = tooLarge(source);
  if (large) return { diagnostics: [large] };
  const tooDeep = nestingTooDeep(source, 'yaml');
  if (tooDeep) return { diagnostics: [tooDeep] };
  const diagnostics: Diagnostic[] = [];
  const docs = yaml().parseAllDocuments(source.text, { uniqueKeys: false, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  if (list.length > 1) {
    const second = list[1]!.range;
    diagnostics.push(
      makeDiagnostic('YamlMultipleDocuments', source.span(second[0], second[0]), { count: list.length }),
    );
  }
  for (const d of list) {
    for (const e of d.errors) {
      // yaml catches its own stack overflow and reports it as an error, once per open bracket.
      if (e.message.includes('call stack')) {
        const at = source.span(e.pos[0], e.pos[1]);
        diagnostics.push(makeDiagnostic('NestingTooDeep', at, { max: MAX_NESTING_DEPTH }));
        return { diagnostics };
      }
      diagnostics.push(
        makeDiagnostic('YamlSyntax', source.span(e.pos[0], e.pos[1]), { detail: firstLine(e.message) }),
      );
    }
    for (const w of d.warnings)
      diagnostics.push(
        makeDiagnostic('YamlWarning', source.span(w.pos[0], w.pos[1]), { detail: firstLine(w.message) }),
      );
  }
  if (!doc || doc.contents === null) {
    if (diagnostics.length === 0) diagnostics.push(emptySpec(source));
    return {
      document: emptyDocument(source),
      diagnostics: capSyntaxErrors(source, diagnostics, MAX_YAML_ERRORS),
    };
  }
  const builder = new YamlDocumentBuilder(source, doc);
  const value = builder.value(doc.contents, '');
  builder.valueSpans.set('', source.span(0, source.text.length));
  if (doc.commentBefore) {
    const firstKey = [...builder.keySpans.keys()][0];
    if (firstKey !== undefined)
      builder.leading.set(firstKey, [
        ...trimComment(doc.commentBefore),
        ...(builder.leading.get(firstKey) ?? []),
      ]);
  }
  if (doc.comment) builder.end.set('', [...(builder.end.get('') ?? []), ...trimComment(doc.comment)]);
  appendAll(diagnostics, builder.diagnostics);
  return {
    document: {
      source,
      format: 'yaml',
      value,
      valueSpans: builder.valueSpans,
      keySpans: builder.keySpans,
      comments: builder.leading,
      trailingComments: builder.trailing,
      endComments: builder.end,
      reported: builder.reported,
    },
    diagnostics: capSyntaxErrors(source, diagnostics, MAX_YAML_ERRORS, builder.dropped),
  };
}

function emptyDocument(source: SourceFile): SpecDocument {
  return {
    source,
    format: 'yaml',
    value: {},
    valueSpans: new Map([['', source.span(0, source.text.length)]]),
    keySpans: new Map(),
    comments: new Map(),
  };
}
