import * as tf from '@tensorflow/tfjs';
import { loadCompiled } from '../model/load-compiled.js';
import { writeReport } from '../report/index.js';

/** A model's weights by variable name (what writeCompiled's `weights` option takes). */
export function weightsByName(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(
    model.weights.map((w) => [w.originalName, Float32Array.from(w.read().dataSync() as Float32Array)]),
  );
}

/** Every weight of a compiled directory, by variable name (what writeCompiled's `weights` takes). */
export async function compiledWeights(dir: string): Promise<Map<string, Float32Array>> {
  const { model } = await loadCompiled(dir);
  const weights = weightsByName(model);
  model.dispose();
  return weights;
}

/** Writes the run's HTML report (src/runtime/report); a failure there only costs the report, not the run. */
export async function writeRunReport(runDir: string, write: (line: string) => void): Promise<void> {
  try {
    await writeReport(runDir);
  } catch (error) {
    write(
      `note: the HTML report could not be written (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
