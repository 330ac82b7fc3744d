import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Plan } from '../../compiler/emit/training-plan.js';
import {
  readRunLog,
  type RunLogRecord,
  type StepRecord,
  type ValidationLogRecord,
  type EventRecord,
} from '../train/run-log.js';
import { readRunMarker, type RunMarker } from '../train/run-dir.js';

/** Everything the report shows, read from a run directory; missing parts are null / empty. */
export interface RunData {
  readonly dir: string;
  readonly marker: RunMarker | null;
  readonly steps: readonly StepRecord[];
  readonly validations: readonly ValidationLogRecord[];
  readonly events: readonly EventRecord[];
  /** plan.json of the final model, else of the compiled starting point. */
  readonly plan: Plan | null;
  /** The spec as written, or null when it cannot be found (the plan's normalised spec is shown instead). */
  readonly specText: { readonly file: string; readonly text: string } | null;
}

/** Where the trainer writes its JSONL log (`train.jsonl`; `log.jsonl` accepted too). */
export const RUN_LOG_NAMES = ['train.jsonl', 'log.jsonl'] as const;

function readPlan(dir: string): Plan | null {
  for (const sub of ['model', 'compiled', 'best', '.']) {
    const path = join(dir, sub, 'plan.json');
    if (!existsSync(path)) continue;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Plan;
    } catch {
      // a torn or foreign plan: try the next
    }
  }
  return null;
}

/**
 * The spec text: a copy inside the run (`spec.unet`, `spec.yaml`, …) first, then the path the run
 * marker recorded (relative to the working directory of the run, or to the run's parent).
 */
function readSpecText(dir: string, marker: RunMarker | null): RunData['specText'] {
  const copies = existsSync(dir) ? readdirSync(dir).filter((f) => /^spec\.(unet|ya?ml)$/.test(f)) : [];
  const candidates = [...copies.map((f) => join(dir, f))];
  if (marker?.spec) {
    candidates.push(
      isAbsolute(marker.spec) ? marker.spec : resolve(marker.spec),
      join(dirname(resolve(dir)), marker.spec),
    );
  }
  for (const file of candidates) {
    try {
      return {
        file: copies.includes(basename(file)) ? basename(file) : (marker?.spec ?? file),
        text: readFileSync(file, 'utf8'),
      };
    } catch {
      // not there: next candidate
    }
  }
  return null;
}

export async function readRun(dir: string): Promise<RunData> {
  const marker = await readRunMarker(dir);
  const logPath = RUN_LOG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
  const records: RunLogRecord[] = logPath ? readRunLog(logPath) : [];
  return {
    dir,
    marker,
    steps: records.filter((r): r is StepRecord => r.type === 'step'),
    validations: records.filter((r): r is ValidationLogRecord => r.type === 'validation'),
    events: records.filter((r): r is EventRecord => r.type === 'event'),
    plan: readPlan(dir),
    specText: readSpecText(dir, marker),
  };
}
