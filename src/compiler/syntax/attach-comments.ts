import type { IToken } from 'chevrotain';
import type { BlockRecord, EntryRecord } from './build-document.js';
import { commentText } from './literals.js';

export interface AttachedComments {
  readonly leading: Map<string, string[]>;
  readonly trailing: Map<string, string>;
  readonly end: Map<string, string[]>;
  readonly open: Map<string, string>;
}

function push(map: Map<string, string[]>, key: string, line: string): void {
  const lines = map.get(key);
  if (lines) lines.push(line);
  else map.set(key, [line]);
}

/** Index of the last item whose `key` is ≤ `at` (items sorted by key), or -1. */
function lastAtOrBefore<T>(items: readonly T[], key: (item: T) => number, at: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Gives every comment a home so `fmt` can keep it:
 * - after an entry on the same line → that entry's trailing comment;
 * - after a block's `{` on the same line → that block's opening comment, printed there again;
 * - on its own line → leading comment of the next entry in the same block, or, after the last one,
 *   an end comment of the block ("" = the file).
 * Comments arrive in source order; lookups are binary searches and a sweep over nested blocks, so
 * large files stay linear-ish.
 */
export function attachComments(
  text: string,
  comments: readonly IToken[],
  entries: readonly EntryRecord[],
  blocks: readonly BlockRecord[],
): AttachedComments {
  const result: AttachedComments = {
    leading: new Map(),
    trailing: new Map(),
    end: new Map(),
    open: new Map(),
  };
  const byEnd = [...entries].sort((a, b) => a.end - b.end || a.pointer.length - b.pointer.length);
  const byOpen = new Map(entries.filter((e) => e.open !== undefined).map((e) => [e.open!, e]));
  const children = new Map<string, EntryRecord[]>();
  for (const e of [...entries].sort((a, b) => a.start - b.start)) {
    const list = children.get(e.parent) ?? [];
    list.push(e);
    children.set(e.parent, list);
  }
  const sortedBlocks = [...blocks].sort((a, b) => a.open - b.open);
  const open: BlockRecord[] = [];
  let nextBlock = 0;

  for (const comment of comments) {
    const at = comment.startOffset;
    const line = commentText(comment.image);
    // (Searching back for '\n' stops at the previous line; a '\r' search would scan the whole file.)
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;

    // Trailing: the entry that ends last before the comment on its line (outermost on a tie).
    const i = lastAtOrBefore(byEnd, (e) => e.end, at);
    if (i >= 0 && byEnd[i]!.end >= lineStart) {
      let best = i;
      while (best > 0 && byEnd[best - 1]!.end === byEnd[i]!.end) best--;
      const after = byEnd[best]!;
      if (!result.trailing.has(after.pointer) && /^[\s,;]*$/.test(text.slice(after.end, at))) {
        result.trailing.set(after.pointer, line);
        continue;
      }
    }

    // `key {  # …`: the comment stays on the line that opens the block.
    const before = text.slice(lineStart, at).trimEnd();
    if (before.endsWith('{')) {
      const opened = byOpen.get(lineStart + before.length - 1);
      if (opened && !result.open.has(opened.pointer)) {
        result.open.set(opened.pointer, line);
        continue;
      }
    }

    // Own line: the innermost block still open here, then its next entry.
    while (nextBlock < sortedBlocks.length && sortedBlocks[nextBlock]!.open < at) {
      const b = sortedBlocks[nextBlock++]!;
      while (open.length > 0 && open[open.length - 1]!.close <= b.open) open.pop();
      open.push(b);
    }
    while (open.length > 0 && open[open.length - 1]!.close <= at) open.pop();
    const block = open[open.length - 1];
    const parent = block?.pointer ?? '';
    const siblings = children.get(parent) ?? [];
    const j = lastAtOrBefore(siblings, (e) => e.start, at) + 1;
    const next = siblings[j];
    if (next && (block === undefined || next.start < block.close)) push(result.leading, next.pointer, line);
    else push(result.end, parent, line);
  }
  return result;
}
