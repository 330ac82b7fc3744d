import { Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { isJsonObject } from '../spec/describe.js';
import { childPointer, type SpecDocument } from '../spec/document.js';
import { CALL_TYPE_KEY } from '../spec/positional.js';

/** Flat lists and calls (`{type: maxpool, kernel: 2}`) read best on one line, as flow collections. */
function isFlat(node: unknown): boolean {
  if (isSeq(node)) return node.items.every((i) => isScalar(i));
  if (isMap(node)) return node.items.every((p) => isPair(p) && isScalar(p.value)) && node.items.length <= 4;
  return false;
}

function decorate(node: unknown, pointer: string, doc: SpecDocument, value: unknown): void {
  if (isMap(node)) {
    const obj = isJsonObject(value as never) ? (value as Record<string, unknown>) : {};
    const isCall = typeof obj[CALL_TYPE_KEY] === 'string';
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const p = childPointer(pointer, key);
      const leading = doc.comments.get(p);
      if (leading) pair.key.commentBefore = leading.join('\n');
      const trailing = doc.trailingComments?.get(p);
      const child = pair.value as Node | null;
      if (child && isFlat(child) && (isSeq(child) || isCall || isMap(child))) (child as { flow?: boolean }).flow = !hasNestedComments(doc, p);
      if (trailing !== undefined && child && (isScalar(child) || (child as { flow?: boolean }).flow)) child.comment = trailing;
      decorate(child, p, doc, obj[key]);
      const end = doc.endComments?.get(p);
      if (end && isMap(child)) child.comment = end.join('\n');
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => decorate(item, childPointer(pointer, i), doc, (value as unknown[])[i]));
  }
}

function hasNestedComments(doc: SpecDocument, pointer: string): boolean {
  const prefix = `${pointer}/`;
  for (const map of [doc.comments, doc.trailingComments]) for (const key of map?.keys() ?? []) if (key.startsWith(prefix)) return true;
  return false;
}

/**
 * SpecDocument → YAML with the same JSON value (so it normalises to the same ModelSpec) and the
 * comments kept: calls and short lists as flow collections, everything else as block mappings.
 */
export function formatYaml(doc: SpecDocument): string {
  const yaml = new Document(doc.value);
  decorate(yaml.contents, '', doc, doc.value);
  // A blank line before each top-level section, as in the .unet form.
  if (isMap(yaml.contents)) {
    yaml.contents.items.forEach((pair, i) => {
      if (i > 0 && isScalar(pair.key) && isMap(pair.value)) pair.key.spaceBefore = true;
    });
  }
  const end = doc.endComments?.get('');
  if (end) yaml.comment = end.join('\n');
  return yaml.toString({ lineWidth: 0, flowCollectionPadding: true });
}
