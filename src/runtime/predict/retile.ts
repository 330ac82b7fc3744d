import { checkSpec } from '../../compiler/check/check-spec.js';
import { UserError } from '../../common/user-error.js';
import { predictorFromRunner, type Predictor } from './predict-tiled.js';

/**
 * The same network and weights at another input tile (`--tile`, or the spec's data.predict.tile):
 * larger tiles waste less of each forward pass on context (valid nets lose 184 px per axis at
 * depth 4) and, for same-padding nets, have fewer seams. The plan's normalised spec is re-checked
 * at the new size (so the tile must be one the network accepts) and the weights are moved over by
 * variable name by the predictor's own engine (tfjs re-loads and shape-checks a compiled model).
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
  const { runner, plan } = await p.runner.resized(checked.model, p.plan.provenance);
  p.runner.dispose();
  return predictorFromRunner(runner, plan);
}
