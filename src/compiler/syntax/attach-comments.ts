import type { IToken } from 'chevrotain';
import type { BlockRecord, EntryRecord } from './build-document.js';
import { commentText } from './literals.js';

export interface AttachedComments {
  readonly leading: Map<string, string[]>;
  readonly trailing: Map<string, string>;
  readonly end: Map<string, string[]>;
}

function sameLine(text: string, from: number, to: number): boolean {
  return !/[\r\n]/.test(text.slice(from, to));
}

function push(map: Map<string, string[]>, key: string, line: string): void {
  const lines = map.get(key);
  if (lines) lines.push(line);
  else map.set(key, [line]);
}

/**
 * Gives every comment a home so `fmt` can keep it:
 * - after an entry on the same line → that entry's trailing comment;
 * - after a block's `{` on the same line → a leading comment of that block entry;
 * - on its own line → leading comment of the next entry in the same block, or, after the last one,
 *   an end comment of the block ("" = the file).
 */
export function attachComments(
  text: string,
  comments: readonly IToken[],
  entries: readonly EntryRecord[],
  blocks: readonly BlockRecord[],
): AttachedComments {
  const result: AttachedComments = { leading: new Map(), trailing: new Map(), end: new Map() };
  const pending: { pointer: string; line: string }[] = [];
  for (const comment of comments) {
    const at = comment.startOffset;
    const line = commentText(comment.image);
    const ended = entries.filter((e) => e.end <= at && sameLine(text, e.end, at));
    const after = ended.reduce<EntryRecord | undefined>(
      (best, e) =>
        best === undefined ||
        e.end > best.end ||
        (e.end === best.end && e.pointer.length < best.pointer.length)
          ? e
          : best,
      undefined,
    );
    if (after && !result.trailing.has(after.pointer) && /^[\s,;]*$/.test(text.slice(after.end, at))) {
      result.trailing.set(after.pointer, line);
      continue;
    }
    const opened = entries.find(
      (e) =>
        e.open !== undefined &&
        e.open < at &&
        sameLine(text, e.open, at) &&
        /^\{\s*$/.test(text.slice(e.open, at)),
    );
    if (opened) {
      pending.push({ pointer: opened.pointer, line });
      continue;
    }
    const block = innermostBlock(blocks, at);
    const parent = block?.pointer ?? '';
    const next = entries.find(
      (e) => e.parent === parent && e.start > at && (block === undefined || e.start < block.close),
    );
    if (next) push(result.leading, next.pointer, line);
    else push(result.end, parent, line);
  }
  // `key {  # …` comments go after any comment lines written above the key.
  for (const { pointer, line } of pending) push(result.leading, pointer, line);
  return result;
}

function innermostBlock(blocks: readonly BlockRecord[], at: number): BlockRecord | undefined {
  let best: BlockRecord | undefined;
  for (const block of blocks) {
    if (block.open < at && at < block.close && (!best || block.open > best.open)) best = block;
  }
  return best;
}
