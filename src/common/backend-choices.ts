/**
 * The `--backend` choices, in one place for the CLI (which must not load tfjs to list them) and
 * the runtime that selects one.
 */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
