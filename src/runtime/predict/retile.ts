import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSpec } from '../../compiler/check/check-spec.js';
import { writeCompiled } from '../../compiler/emit/write-compiled.js';
import { UserError } from '../../common/user-error.js';
import { loadCompiled } from '../model/load-compiled.js';
import { predictorFromPlan, type Predictor } from './predict-tiled.js';

/**
 * The same network and weights at another input tile (`--tile`, or the spec's data.predict.tile):
 * larger tiles waste less of each forward pass on context (valid nets lose 184 px per axis at
 * depth 4) and, for same-padding nets, have fewer seams. The plan's normalised spec is re-checked
 * at the new size (so the tile must be one the network accepts) and the weights are moved over by
 * variable name; the shapes are asserted as for any compiled model.
 */
export async function retiledPredictor(p: Predictor, tile: readonly number[]): Promise<Predictor> {
  if (tile.length !== p.input.length) {
    throw new UserError(
      `tile ${tile.join('×')} has ${tile.length} axes; this network's input has ${p.input.length}`,
    );
  }
  if (tile.every((s, a) => s === p.input[a])) return p;
  const spec = { ...p.plan.spec, network: { ...p.plan.spec.network, inputSize: [...tile] } };
  const checked = checkSpec(spec, () => ({ file: 'plan.json', start: 0, end: 0 }));
  const error = checked.diagnostics.find((d) => d.severity === 'error');
  if (!checked.model || error) {
    const rules = p.plan.summary.sizeRules.map((r) => `${r.min} + ${r.modulus}k`).join(', ');
    throw new UserError(
      `tile ${tile.join('×')} does not fit this network (${error?.message ?? 'shape check failed'}); use sizes ${rules}`,
    );
  }
  const weights = new Map(
    p.model.weights.map(
      (w) => [w.originalName, Float32Array.from(w.read().dataSync() as Float32Array)] as const,
    ),
  );
  const dir = await mkdtemp(join(tmpdir(), 'unetc-tile-'));
  try {
    await writeCompiled(checked.model, dir, {
      seed: p.plan.provenance.seed,
      weights,
      weightsFrom: p.plan.provenance.weightsFrom ?? 'predict',
      ...(p.plan.provenance.prune !== null ? { prune: p.plan.provenance.prune } : {}),
    });
    const { model, plan } = await loadCompiled(dir);
    p.model.dispose();
    return predictorFromPlan(model, plan);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
