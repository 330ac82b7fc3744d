import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUnetcLayerClass } from '../../src/compiler/emit/custom-layers.js';
import { compiledFiles } from '../../src/compiler/emit/write-compiled.js';
import { registerGradientFixes } from '../../src/runtime/backend/gradients.js';
import { registeredUnetcLayers } from '../../src/runtime/layers/index.js';
import { assertShapesMatchGraph } from '../../src/runtime/model/assert-shapes.js';
import { family2dAttention, family3dSame, family3dValid } from './fixtures/families.js';
import { loadPlain, savedArtifacts } from './fixtures/tfjs-roundtrip.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registeredUnetcLayers();
  registerGradientFixes();
});

type Named = { name: string };
const sortNamed = <T extends Named>(xs: readonly T[] | undefined): T[] =>
  [...(xs ?? [])].sort((a, b) => a.name.localeCompare(b.name));
function byName(topology: unknown) {
  const t = JSON.parse(JSON.stringify(topology)) as { config: { layers: Named[] } };
  return { ...t, config: { ...t.config, layers: sortNamed(t.config.layers) } };
}
const byName2 = (specs: readonly Named[] | undefined) => sortNamed(specs);

const cases = [
  { name: '3D same (BN rank 5, up-sampling 3D, pad/crop 3D, instance norm)', build: family3dSame },
  { name: '3D valid (Conv3DTranspose, Cropping3D)', build: family3dValid },
  {
    name: '2D attention gate + op zoo (group norm, PReLU, ELU α, output padding, two heads)',
    build: family2dAttention,
  },
];

describe.each(cases)('$name', ({ build }) => {
  const model = build();
  const files = compiledFiles(model, { seed: 5 });

  it('builds every layer with the IR shape and the checker parameter count', async () => {
    const net = await loadPlain(files);
    assertShapesMatchGraph(net, model.graph, model.summary.params);
    expect(net.outputs.map((o) => o.shape)).toEqual(model.graph.outputs.map((o) => [null, ...o.shape]));
    net.dispose();
  });

  it('round-trips: tfjs serialises the loaded model to the same model.json', async () => {
    const net = await loadPlain(files);
    const saved = await savedArtifacts(net);
    // tfjs re-orders layers by graph depth when it saves; the IR's topological order loads the same.
    expect(byName(files.modelJson.modelTopology)).toEqual(byName(saved.modelTopology));
    expect(byName2(files.modelJson.weightsManifest[0]?.weights)).toEqual(byName2(saved.weightSpecs));
    net.dispose();
  });

  it('trains: one fit step changes every trainable weight and gives a finite loss', async () => {
    const net = await loadPlain(files);
    // tfjs adds the per-pixel losses of all outputs before reducing, so heads of different sizes
    // need a loss that is already one value per sample.
    const perSample = (yt: tf.Tensor, yp: tf.Tensor) =>
      tf.mean(tf.reshape(tf.metrics.categoricalCrossentropy(yt, yp), [yt.shape[0] ?? 1, -1]), 1);
    net.compile({ optimizer: tf.train.adam(0.01), loss: perSample });
    const inShape = model.graph.nodes[0]?.shape ?? [];
    const x = tf.randomNormal([2, ...inShape]);
    const ys = model.graph.outputs.map((o) =>
      tf.oneHot(tf.randomUniform([2, ...o.shape.slice(0, -1)], 0, 2, 'int32'), 2),
    );
    const before = net.trainableWeights.map((w) => w.read().dataSync().slice());
    const history = await net.fit(x, ys.length === 1 ? ys[0]! : ys, { epochs: 1, batchSize: 2, verbose: 0 });
    expect(Number.isFinite(Number(history.history['loss']?.[0]))).toBe(true);
    const unchanged = net.trainableWeights.filter((w, i) =>
      tf.util.arraysEqual(w.read().dataSync(), before[i] ?? []),
    );
    expect(unchanged.map((w) => w.name)).toEqual([]);
    tf.dispose([x, ...ys]);
    net.dispose();
  });
});

describe('custom layers only where unavoidable', () => {
  it('uses no Unetc class for a 2D network built from standard ops', () => {
    const files = compiledFiles(family3dValid());
    const custom = files.modelJson.modelTopology.config.layers.filter((l) => isUnetcLayerClass(l.class_name));
    expect(custom.map((l) => l.class_name)).toEqual(['UnetcCropping3D']);
  });

  it('names the custom classes each family needs', () => {
    const classes = (m: ReturnType<typeof family2dAttention>) =>
      [
        ...new Set(
          compiledFiles(m)
            .modelJson.modelTopology.config.layers.map((l) => l.class_name)
            .filter(isUnetcLayerClass),
        ),
      ].sort();
    expect(classes(family2dAttention())).toEqual([
      'UnetcBatchNormalization',
      'UnetcConv2DTranspose',
      'UnetcELU',
      'UnetcGroupNormalization',
      'UnetcInstanceNormalization',
      'UnetcResizeLike',
    ]);
    expect(classes(family3dSame())).toEqual([
      'UnetcBatchNormalization',
      'UnetcCropping3D',
      'UnetcInstanceNormalization',
      'UnetcUpSampling3D',
      'UnetcZeroPadding3D',
    ]);
  });
});
