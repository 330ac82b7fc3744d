import { Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { isJsonObject } from '../spec/describe.js';
import { childPointer, type SpecDocument } from '../spec/document.js';
import { CALL_TYPE_KEY } from '../spec/positional.js';

/**
 * Flat lists, calls (`{ type: maxpool, kernel: 2 }`) and small flat mappings read best on one line,
 * as flow collections; larger mappings (a conv block) stay block mappings, like `.unet` blocks.
 */
function isFlat(node: unknown, isCall: boolean): boolean {
  if (isSeq(node)) return node.items.every((i) => isScalar(i));
  if (isMap(node))
    return node.items.every((p) => isPair(p) && isScalar(p.value)) && node.items.length <= (isCall ? 5 : 3);
  return false;
}

function decorate(node: unknown, pointer: string, doc: SpecDocument, value: unknown): void {
  if (isMap(node)) {
    const obj = isJsonObject(value as never) ? (value as Record<string, unknown>) : {};
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const p = childPointer(pointer, key);
      // YAML has no comment after `key:` of a block mapping that survives a round trip; a .unet
      // `block {  # …` comment goes above the key instead.
      const open = doc.openComments?.get(p);
      const leading = [...(doc.comments.get(p) ?? []), ...(open !== undefined ? [open] : [])];
      if (leading.length > 0) pair.key.commentBefore = leading.join('\n');
      const trailing = doc.trailingComments?.get(p);
      const child = pair.value as Node | null;
      const childValue = obj[key];
      const isCall =
        isJsonObject(childValue as never) &&
        typeof (childValue as Record<string, unknown>)[CALL_TYPE_KEY] === 'string';
      if (child && isFlat(child, isCall)) (child as { flow?: boolean }).flow = !hasNestedComments(doc, p);
      if (trailing !== undefined && child && (isScalar(child) || (child as { flow?: boolean }).flow))
        child.comment = trailing;
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
  for (const map of [doc.comments, doc.trailingComments])
    for (const key of map?.keys() ?? []) if (key.startsWith(prefix)) return true;
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
  return unpadFlowSequences(yaml.toString({ lineWidth: 0, flowCollectionPadding: true, singleQuote: true }));
}

/**
 * `[ 572, 572, 1 ]` → `[572, 572, 1]`, keeping `{ type: maxpool }`: the layout Prettier gives YAML, so
 * `unetc fmt` and `prettier --check` agree. Flow lists here hold only scalars (quoted when they
 * contain brackets), so the match cannot cross a list boundary.
 */
function unpadFlowSequences(text: string): string {
  return text.replace(/\[ ((?:[^[\]"\n]|"(?:[^"\\\n]|\\.)*")*?) \]/g, '[$1]');
}
