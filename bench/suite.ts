/**
 * The contract between `bench/run.ts` and the bench suites in `bench/suites/*.ts`.
 * A suite file default-exports (or exports as `suite`) one BenchSuite; run.ts imports every file in
 * bench/suites/, runs each suite in turn and records its rows.
 */
export interface BenchRow {
  /** What is measured, e.g. "unet188 train step". Rows with the same case are compared side by side. */
  case: string;
  /** Which implementation / configuration, e.g. "tfjs wasm ×2 threads" or "pytorch cpu ×2 threads". */
  impl: string;
  /** Mean wall time in milliseconds; null when the row was skipped (say why in `note`). */
  ms: number | null;
  note?: string;
}

export interface BenchSuite {
  /** File-name-safe: results go to bench/results/<name>.json. */
  name: string;
  run(): Promise<BenchRow[]>;
  /** Optional: conditions a reader needs to judge the numbers; printed under the suite's table. */
  notes?: string;
}
