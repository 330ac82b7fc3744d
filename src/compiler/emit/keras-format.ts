/**
 * The tfjs / Keras "layers-model" JSON, typed to mirror the file exactly (snake_case keys, as
 * tfjs-layers' keras_format/ does). This is what `model.save('file://…')` writes as model.json.
 */

/** Any JSON-serialisable layer-config value. */
export type KerasJson =
  null | boolean | number | string | readonly KerasJson[] | { readonly [key: string]: KerasJson };

/** `[layerName, nodeIndex, tensorIndex, kwargs]`: one incoming tensor of a layer call. */
export type KerasInboundTensor = readonly [string, number, number, { readonly [key: string]: KerasJson }];

export interface KerasLayerJson {
  readonly name: string;
  readonly class_name: string;
  readonly config: { readonly [key: string]: KerasJson };
  /** One entry per call of the layer (we call each layer once). */
  readonly inbound_nodes: readonly (readonly KerasInboundTensor[])[];
}

export interface KerasModelTopology {
  readonly class_name: 'Model';
  readonly config: {
    readonly name: string;
    readonly layers: readonly KerasLayerJson[];
    readonly input_layers: readonly (readonly [string, number, number])[];
    readonly output_layers: readonly (readonly [string, number, number])[];
  };
  readonly keras_version: string;
  readonly backend: 'tensor_flow.js';
}

export interface WeightSpecJson {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
}

export interface WeightsManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly WeightSpecJson[];
}

/** model.json as tfjs-node's file:// handler writes it. */
export interface LayersModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: KerasModelTopology;
  readonly weightsManifest: readonly WeightsManifestGroup[];
}

/** The tfjs-layers version whose format we write (tfjs writes `tfjs-layers <version>`). */
export const TFJS_LAYERS_VERSION = '4.22.0';
export const KERAS_VERSION = `tfjs-layers ${TFJS_LAYERS_VERSION}`;
export const GENERATED_BY = `TensorFlow.js tfjs-layers v${TFJS_LAYERS_VERSION}`;
