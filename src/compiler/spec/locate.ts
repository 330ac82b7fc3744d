import type { Span } from '../source.js';
import { spanOfPointer, type SpecDocument } from './document.js';

/**
 * For checks that report against `$path` pointers: resolves a pointer to the text that wrote it (or
 * the nearest written ancestor, for defaults). Without a document (a spec built in code), every
 * pointer maps to an empty span at the start of `fileName`.
 */
export function locate(
  doc: SpecDocument | undefined,
  fileName: string,
): (pointer: string, prefer?: 'value' | 'key') => Span {
  if (!doc) return () => ({ file: fileName, start: 0, end: 0 });
  return (pointer, prefer = 'value') => spanOfPointer(doc, pointer, prefer);
}
