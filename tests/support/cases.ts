import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSource, type CompileOptions, type CompileResult } from '../../src/compiler/pipeline.js';
import { listFiles } from './baselines.js';

export const casesRoot = 'tests/cases';
export const baselinesRoot = 'tests/baselines';

/** Every case file (any extension: a case may test `unet.dsl` or binary garbage). */
export function caseFiles(): string[] {
  return listFiles(casesRoot);
}

/**
 * Options from directive comments, TypeScript-style: `# @input-size: 64x64`, `# @syntax: yaml`.
 * Directives are ordinary comments, so the case text itself is what gets compiled.
 */
export function caseOptions(text: string): CompileOptions {
  const options: { format?: 'unet' | 'yaml'; inputSize?: number[] } = {};
  for (const m of text.matchAll(/^\s*(?:#|\/\/)\s*@([\w-]+)\s*:\s*(\S+)\s*$/gm)) {
    const [, name, value] = m;
    if (name === 'input-size') options.inputSize = value!.split(/[x×,]/).map(Number);
    if (name === 'syntax' && (value === 'unet' || value === 'yaml')) options.format = value;
  }
  return options;
}

/** Reads a case the way `readSpecFile` does (bytes as UTF-8, BOM dropped) and compiles it. */
export function runCase(rel: string): CompileResult {
  const raw = readFileSync(join(casesRoot, rel)).toString('utf8');
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return compileSource(text, rel, caseOptions(text));
}

/** `shapes/odd.unet` → `shapes/odd` (other extensions are kept: `yaml/tabs.yaml` → `yaml/tabs.yaml`). */
export function baselineStem(rel: string): string {
  return join(baselinesRoot, rel.replace(/\.unet$/, ''));
}
