import * as tf from '@tensorflow/tfjs';
import type { HeadKind } from './losses/pixel-loss.js';

/**
 * The model the trainer differentiates: the compiled model with each head's softmax / sigmoid
 * removed, so the losses see logits and can use log-softmax. Two layouts are handled:
 *
 * - the head ends in its own Activation / Softmax layer: the logits are that layer's input, and
 *   the training model is a view on the same layers (weights shared, nothing to copy);
 * - the activation is fused into the head conv: the model is rebuilt from its JSON with that
 *   conv's activation set to linear (same layer names, hence same weight names), and
 *   `copyWeightsTo` brings trained weights back into the compiled model before saving.
 */
export interface TrainingModel {
  readonly model: tf.LayersModel;
  readonly heads: readonly HeadKind[];
  /** Whether `model` is a separate copy whose weights must be copied back before saving. */
  readonly isCopy: boolean;
  copyWeightsTo(target: tf.LayersModel): void;
}

type Json = { [key: string]: unknown };

function activationOf(layer: tf.layers.Layer): string | undefined {
  const config = layer.getConfig() as Json;
  if (layer.getClassName() === 'Softmax') return 'softmax';
  const a = config['activation'];
  return typeof a === 'string' ? a : undefined;
}

function headKindFor(activation: string | undefined, channels: number): HeadKind {
  if (activation === 'softmax') return 'softmax';
  if (activation === 'sigmoid') return 'sigmoid';
  // A linear head: K > 1 channels are read as one class per pixel, one channel as foreground odds.
  return channels > 1 ? 'softmax' : 'sigmoid';
}

function outputLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.outputs.map((o) => o.sourceLayer as tf.layers.Layer);
}

function isActivationLayer(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'Activation' || layer.getClassName() === 'Softmax';
}

/** Rebuilds `model` with the fused activation of the named layers set to linear. */
async function withLinearHeads(model: tf.LayersModel, names: ReadonlySet<string>): Promise<tf.LayersModel> {
  const topology = model.toJSON(undefined, false) as Json;
  const config = topology['config'] as Json;
  for (const layer of config['layers'] as Json[]) {
    const layerConfig = layer['config'] as Json;
    if (names.has(String(layerConfig['name']))) layerConfig['activation'] = 'linear';
  }
  const copy = await tf.models.modelFromJSON({ modelTopology: topology as tf.serialization.ConfigDict });
  copy.setWeights(model.getWeights());
  return copy;
}

export async function trainingModel(model: tf.LayersModel): Promise<TrainingModel> {
  const layers = outputLayers(model);
  const heads = layers.map((layer, i) =>
    headKindFor(activationOf(layer), model.outputs[i]!.shape.at(-1) ?? 1),
  );
  const fused = new Set(
    layers
      .filter(
        (l) => !isActivationLayer(l) && (activationOf(l) === 'softmax' || activationOf(l) === 'sigmoid'),
      )
      .map((l) => l.name),
  );
  const base = fused.size > 0 ? await withLinearHeads(model, fused) : model;
  const needsView = outputLayers(base).some(isActivationLayer);
  const view = needsView
    ? tf.model({
        inputs: base.inputs,
        outputs: outputLayers(base).map((l, i) =>
          isActivationLayer(l) ? (l.input as tf.SymbolicTensor) : base.outputs[i]!,
        ),
      })
    : base;
  return {
    model: view,
    heads,
    isCopy: base !== model,
    copyWeightsTo(target) {
      if (base !== target) target.setWeights(base.getWeights());
    },
  };
}
