import * as tf from '@tensorflow/tfjs';
import { registerGradientFixes } from '../backend/gradients.js';
import { convBiasActivation, type ConvGeometry, type FusibleActivation } from './fused-conv.js';

type Json = { [key: string]: unknown };
type LayerCall = (inputs: tf.Tensor | tf.Tensor[], kwargs: Json) => tf.Tensor | tf.Tensor[];

const FUSED = Symbol('unetc.fusedConv');

function pair(value: unknown): [number, number] | null {
  const list = Array.isArray(value) ? value : [value, value];
  return list.length === 2 && list.every((v) => typeof v === 'number') ? (list as [number, number]) : null;
}

/** The layer's geometry and activation when its call can be the fused op, else null. */
function fusibleConv(
  layer: tf.layers.Layer,
): { geometry: ConvGeometry; activation: FusibleActivation } | null {
  if (layer.getClassName() !== 'Conv2D') return null;
  const config = layer.getConfig() as Json;
  const activation = config['activation'];
  const padding = config['padding'];
  const strides = pair(config['strides']);
  const dilation = pair(config['dilationRate'] ?? 1);
  if (activation !== 'relu' && activation !== 'linear') return null;
  if (padding !== 'valid' && padding !== 'same') return null;
  if ((config['dataFormat'] ?? 'channelsLast') !== 'channelsLast') return null;
  // tfjs has no conv gradient for dilation > 1 at all; leave those layers as they are.
  if (strides === null || dilation === null || dilation[0] !== 1 || dilation[1] !== 1) return null;
  return { geometry: { strides, pad: padding }, activation };
}

/**
 * Makes every plain Conv2D (relu or linear, channels-last, no dilation) of `model` run as one fused
 * conv + bias + activation op in training too (see fused-conv.ts for why). Only the instance's `call`
 * changes: the topology, weight names and serialised model stay standard Conv2D. Returns the number of
 * layers changed; calling it twice changes nothing more.
 */
export function fuseConvActivations(model: tf.LayersModel): number {
  registerGradientFixes();
  let changed = 0;
  for (const layer of model.layers) {
    const fusible = fusibleConv(layer);
    const target = layer as unknown as { call: LayerCall; [FUSED]?: true };
    if (fusible === null || target[FUSED]) continue;
    const [kernel, bias] = layer.weights;
    if (kernel === undefined) continue;
    target.call = (inputs) =>
      tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
        return convBiasActivation(
          x,
          kernel.read() as tf.Tensor4D,
          bias === undefined ? null : (bias.read() as tf.Tensor1D),
          fusible.geometry,
          fusible.activation,
        );
      });
    target[FUSED] = true;
    changed++;
  }
  return changed;
}
