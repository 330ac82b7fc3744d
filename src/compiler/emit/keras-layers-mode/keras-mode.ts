import type { IrGraph } from '../../ir/ir.js';
import type { KerasModelTopology } from '../keras-format.js';
import { remainingCustomLayers, standardKerasLayer, type CustomLayerNote } from './standard-layers.js';

/**
 * How `unetc compile` names layer classes in model.json:
 * - `tfjs` (default): tfjs-layers' classes, plus `Unetc…` classes where tfjs has none;
 * - `keras`: standard Keras classes wherever one exists (Cropping3D, ZeroPadding3D, UpSampling3D,
 *   GroupNormalization, BatchNormalization, ELU, Conv…Transpose with output_padding), so
 *   `tensorflowjs_converter --input_format tfjs_layers_model --output_format keras` gives a model
 *   Keras loads; a layer with no standard class stays custom, with a note saying why;
 * - `keras-strict`: as `keras`, but such a layer is an error and nothing is written.
 */
export type LayersMode = 'tfjs' | 'keras' | 'keras-strict';

export const LAYERS_MODES: readonly LayersMode[] = ['tfjs', 'keras', 'keras-strict'];

/** The topology with standard Keras classes, and the layers that must stay custom. */
export function kerasLayersTopology(
  topology: KerasModelTopology,
  graph: IrGraph,
): { topology: KerasModelTopology; custom: CustomLayerNote[] } {
  const custom: CustomLayerNote[] = [];
  const layers = topology.config.layers.map((layer) => {
    const mapped = standardKerasLayer(layer, graph);
    if (mapped.note) custom.push(mapped.note);
    return mapped.layer;
  });
  return { topology: { ...topology, config: { ...topology.config, layers } }, custom };
}

/** One line per custom layer, for notes and for the strict mode's error. */
export function describeCustomLayers(custom: readonly CustomLayerNote[]): string[] {
  return custom.map((c) => `layer '${c.layer}' stays ${c.className}: ${c.reason}`);
}

/** What `compile --layers keras` tells the user about a model.json it wrote. */
export function kerasModeNotes(topology: KerasModelTopology): string[] {
  const custom = remainingCustomLayers(topology.config.layers);
  const head =
    custom.length === 0
      ? 'model.json uses only standard Keras layer classes: tensorflowjs_converter --input_format ' +
        'tfjs_layers_model --output_format keras converts it; unetc loads it as it is'
      : `model.json uses standard Keras layer classes except ${custom.length} unetc layer${custom.length === 1 ? '' : 's'}:`;
  return [head, ...describeCustomLayers(custom)];
}

export type { CustomLayerNote } from './standard-layers.js';
