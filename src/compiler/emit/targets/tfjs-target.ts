import type { CompileTarget } from './target.js';
import { CompiledFiles, compiledFiles } from '../write-compiled.js';
import { isUnetcLayerClass } from '../custom-layers.js';
import { kerasModeNotes } from '../keras-layers-mode/keras-mode.js';

/** The embedded default: a tfjs layers model (model.json + weights), plan.json and summary.txt. */
export const tfjsTarget: CompileTarget = {
  name: 'tfjs',
  description: 'TensorFlow.js layers model (model.json + weights), plan.json, summary.txt',
  emit(model, options) {
    const { modelJson, plan, weights, summary } = compiledFiles(model, options);
    const classes = modelJson.modelTopology.config.layers.map((l) => l.class_name);
    const customLayers = [...new Set(classes.filter(isUnetcLayerClass))].sort();
    const keras = options.layers !== undefined && options.layers !== 'tfjs';
    const notes = keras
      ? kerasModeNotes(modelJson.modelTopology)
      : customLayers.length > 0
        ? [
            `model.json uses unetc layers (${customLayers.join(', ')}); to load it outside unetc, ` +
              `register them first: import 'unetc/layers'`,
          ]
        : [];
    return Promise.resolve({
      files: [
        { name: CompiledFiles.model, content: `${JSON.stringify(modelJson)}\n` },
        { name: CompiledFiles.weights, content: weights },
        { name: CompiledFiles.plan, content: `${JSON.stringify(plan, null, 1)}\n` },
        { name: CompiledFiles.summary, content: summary },
      ],
      notes,
    });
  },
};
