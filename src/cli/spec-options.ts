import { Option } from 'commander';
import type { CompileResult, SpecSyntax } from '../compiler/pipeline.js';
import { compileSpecInput } from '../api/spec-input.js';
import { UserError } from '../common/user-error.js';
import { check } from '../api/check.js';
import { SpecError } from '../api/spec-error.js';
import { renderDiagnosticText } from '../compiler/diagnostics/render-text.js';
import type { CheckedModel } from '../compiler/ir/checked-model.js';
import { useColor } from './color.js';

/**
 * Options every command that reads a spec shares, so they are spelled the same everywhere:
 * `--syntax unet|yaml` overrides the extension rule (.yaml/.yml → YAML, anything else → .unet).
 */
export function syntaxOption(): Option {
  return new Option(
    '--syntax <syntax>',
    'read the spec as this surface syntax, whatever its extension',
  ).choices(['unet', 'yaml']);
}

/** `572x572` / `572,572` / `116x132x132` → spatial sizes, for `--input-size`. */
export function parseSizeList(text: string): number[] {
  const parts = text.split(/[x×,]/).map((s) => s.trim());
  const sizes = parts.map(Number);
  if (parts.length < 1 || parts.length > 3 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new UserError(`--input-size '${text}' is not a size — write e.g. 572x572 (or DxHxW for 3D)`);
  }
  return sizes;
}

export function inputSizeOption(): Option {
  return new Option('--input-size <HxW>', "check at this spatial input size instead of the spec's").argParser(
    parseSizeList,
  );
}

export interface SpecFileOptions {
  readonly syntax?: SpecSyntax;
  readonly inputSize?: readonly number[];
}

/** Reads and compiles one spec file; I/O problems throw a one-line UserError. */
export function compileSpecFile(path: string, options: SpecFileOptions = {}): CompileResult {
  return compileSpecInput(path, options);
}

/**
 * The checked model of a spec file for a command that goes on to use it: warnings (and infos,
 * unless `quietInfos`) are printed on stderr; errors throw a `SpecError`, which the CLI prints with
 * every diagnostic and `unetc: '<file>' has errors; <consequence>` (exit 1).
 */
export function checkedSpecFile(
  path: string,
  options: SpecFileOptions,
  consequence: string,
  { quietInfos = false }: { readonly quietInfos?: boolean } = {},
): CheckedModel {
  const result = check(path, options);
  if (!result.model) throw new SpecError(path, result, consequence);
  const color = useColor(process.stderr);
  for (const d of result.diagnostics) {
    if (quietInfos && d.severity === 'info') continue;
    process.stderr.write(`${renderDiagnosticText(d, result.source, { color })}\n\n`);
  }
  return result.model;
}
