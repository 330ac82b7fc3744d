/**
 * `unetc graph`: draw a checked model the way the U-Net paper's Figure 1 does. Pure (no tfjs):
 * IR → drawing model (build-visual) → coordinates (layout) → SVG text (render-svg).
 */
import type { CheckedModel } from '../ir/checked-model.js';
import { buildVisualModel } from './build-visual.js';
import { spatialText } from './describe-ops.js';
import { layoutModel } from './layout.js';
import { renderSvg } from './render-svg.js';
import type { VisualModel } from './visual-model.js';

export type { VisualModel, VisualBox, VisualArrow, VisualGate, ArrowKind } from './visual-model.js';
export { buildVisualModel } from './build-visual.js';

/** The drawing model of a checked model (for tests and other renderers). */
export function visualModelOf(model: CheckedModel): VisualModel {
  return buildVisualModel(model.graph, model.spec.name || 'U-Net');
}

/** The network as one SVG document. */
export function renderNetworkSvg(model: CheckedModel): string {
  const visual = visualModelOf(model);
  const input = model.graph.nodes.find((n) => n.id === model.graph.input);
  const output = model.graph.outputs[0];
  const s = model.summary;
  const subtitle = [
    input && output
      ? `${spatialText(input.shape)}×${input.shape.at(-1)} → ${spatialText(output.shape)}×${output.shape.at(-1)}`
      : '',
    `${s.params.toLocaleString('en-US')} parameters`,
    `${s.convLayers} conv layers`,
  ]
    .filter(Boolean)
    .join(' · ');
  return renderSvg(visual, layoutModel(visual), subtitle);
}
