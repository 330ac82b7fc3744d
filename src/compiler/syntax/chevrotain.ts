import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

/**
 * Chevrotain's values, loaded from the single bundled file the package ships (`lib/chevrotain.min.mjs`)
 * instead of its `exports` entry. Why: the entry is ~50 small ESM files that import ~640 lodash-es
 * modules, ~250 ms of a cold `unetc check`; the bundle is one file with the same API.
 * The `exports` map hides the bundle, so we find it next to the resolved entry (`lib/src/api.js`).
 * If a future version moves or drops it, or it lacks a name we use, we fall back to the entry.
 * Types still come from 'chevrotain' (import type is erased), so strict typing is unchanged.
 * Every file (tests too) takes chevrotain's values from here, never from 'chevrotain' directly:
 * two copies would number token types independently (breaking `tokenMatcher`) and fail each
 * other's `instanceof` checks on grammar productions (breaking `generateCstDts`).
 */
type ChevrotainModule = typeof Chevrotain;

const used = ['CstParser', 'EOF', 'Lexer', 'createToken', 'generateCstDts', 'tokenMatcher'] as const;

async function loadBundled(): Promise<ChevrotainModule | undefined> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    const bundle = join(dirname(entry), '..', 'chevrotain.min.mjs');
    if (!existsSync(bundle)) return undefined;
    const module = (await import(pathToFileURL(bundle).href)) as Partial<ChevrotainModule>;
    return used.every((name) => module[name] !== undefined) ? (module as ChevrotainModule) : undefined;
  } catch {
    return undefined;
  }
}

const chevrotain: ChevrotainModule = (await loadBundled()) ?? (await import('chevrotain'));

export const { CstParser, EOF, Lexer, createToken, generateCstDts, tokenMatcher } = chevrotain;
