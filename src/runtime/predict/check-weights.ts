import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { UserError } from '../../common/user-error.js';

/**
 * Refuses a model whose weights hold NaN or ±Infinity (a diverged run saved before the check
 * existed, or a damaged file): such a network turns every pixel into NaN, and argmax over NaN
 * scores reads as "background everywhere" — a plausible-looking, silently wrong prediction.
 */
export function assertFiniteWeights(model: tf.LayersModel, modelDir: string): void {
  for (const weight of model.weights) {
    const values = weight.read().dataSync();
    let bad = 0;
    let example = 0;
    for (const v of values) {
      if (!Number.isFinite(v)) {
        if (bad === 0) example = v;
        bad++;
      }
    }
    if (bad > 0) {
      throw new UserError(
        `${join(modelDir, 'model.json')}: weight '${weight.originalName}' holds ${bad} of ${values.length} values that are ${example} — ` +
          `the model is damaged or its training diverged; retrain, or predict with an earlier checkpoint or the run's best/`,
      );
    }
  }
}
