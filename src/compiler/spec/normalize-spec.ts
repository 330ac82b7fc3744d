import { appendAll } from '../../common/append-all.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { guarded } from '../diagnostics/make-diagnostic.js';
import { asObject, child, NormalizeContext, type Located } from './normalize/context.js';
import { normalizeAugment } from './normalize/augment.js';
import { normalizeData } from './normalize/data.js';
import { normalizeNetwork } from './normalize/network.js';
import { normalizeTrain } from './normalize/train.js';
import type { SpecDocument } from './document.js';
import type { ModelSpec } from './spec.js';
import { validateDocument } from './validate.js';
import { withoutInvalid } from './normalize/without-invalid.js';

export interface NormalizeOptions {
  /** Overrides the spec's spatial input size (e.g. to check a small tile). */
  readonly inputSize?: readonly number[];
}

/** Two phases can blame the same text; keep one diagnostic per code, place and message. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const id = `${d.code}|${d.span.start}|${d.span.end}|${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function defaultName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(unet|ya?ml)$/i, '') || 'model';
}

/**
 * Spec document → ModelSpec: JSON Schema validation, then defaults (the paper's), unit parsing,
 * shorthand expansion and level-override merging. Normalisation runs even when validation failed,
 * so independent errors are all reported in one run; the spec is returned only when there are none.
 * Never throws: an internal failure becomes a UNC9000 diagnostic.
 */
export function normalizeSpec(
  doc: SpecDocument,
  options: NormalizeOptions = {},
): { spec?: ModelSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const spec = guarded('spec normalisation', doc.source.startSpan, diagnostics, () => {
    const validation = validateDocument(doc);
    appendAll(diagnostics, validation.diagnostics);
    const ctx = new NormalizeContext(doc, validation.failed);
    const invalid = [...validation.failed, ...(doc.reported ?? [])];
    const root: Located = { value: withoutInvalid(doc.value, invalid), pointer: '' };
    const dataClasses = Object.keys(asObject(child(child(root, 'data'), 'classes').value) ?? {}).length;
    const network = normalizeNetwork(ctx, child(root, 'network'), {
      ...(options.inputSize ? { inputSize: options.inputSize } : {}),
      ...(dataClasses > 0 ? { dataClasses } : {}),
    });
    const name = child(root, 'name').value;
    const description = child(root, 'description').value;
    const result: ModelSpec = {
      name: typeof name === 'string' ? name : defaultName(doc.source.fileName),
      description: typeof description === 'string' ? description : '',
      network,
      data: normalizeData(ctx, child(root, 'data'), network),
      augment: normalizeAugment(ctx, child(root, 'augment'), network.dims),
      train: normalizeTrain(ctx, child(root, 'train')),
    };
    appendAll(diagnostics, ctx.diagnostics);
    return result;
  });
  const unique = dedupe(diagnostics);
  const failed = unique.some((d) => d.severity === 'error');
  return failed || !spec ? { diagnostics: unique } : { spec, diagnostics: unique };
}
