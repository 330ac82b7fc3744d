import type { FileCstNode } from '../../../grammar/cst.generated.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source.js';
import type { SpecDocument } from '../spec/document.js';
import { attachComments } from './attach-comments.js';
import { DocumentBuilder } from './build-document.js';
import { parseUnet } from './parse.js';
import { nestingTooDeep } from './nesting-depth.js';
import { binaryContent, tooLarge, emptySpec } from './text-checks.js';

/**
 * `.unet` text → SpecDocument. The document is returned even after recovered syntax errors (with
 * the entries that could be read), so one run reports syntax and spec errors together when asked.
 */
export function parseUnetDocument(source: SourceFile): {
  document?: SpecDocument;
  diagnostics: Diagnostic[];
} {
  const binary = binaryContent(source);
  if (binary) return { diagnostics: [binary] };
  const large = tooLarge(source);
  if (large) return { diagnostics: [large] };
  const tooDeep = nestingTooDeep(source, 'unet');
  if (tooDeep) return { diagnostics: [tooDeep] };
  const parsed = parseUnet(source);
  const built = new DocumentBuilder(source).build(parsed.csts as FileCstNode[]);
  const comments = attachComments(source.text, parsed.comments, built.entries, built.blocks);
  const diagnostics = [...parsed.diagnostics, ...built.diagnostics];
  if (built.entries.length === 0 && diagnostics.length === 0) diagnostics.push(emptySpec(source));
  const document: SpecDocument = {
    source,
    format: 'unet',
    value: built.value,
    valueSpans: built.valueSpans,
    keySpans: built.keySpans,
    comments: comments.leading,
    trailingComments: comments.trailing,
    endComments: comments.end,
    openComments: comments.open,
    reported: built.reported,
  };
  return { document, diagnostics };
}
