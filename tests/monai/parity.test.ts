import { describe, expect, it } from 'vitest';
import { compileSource } from '../../src/compiler/pipeline.js';
import {
  channelsFirst,
  checkpointNode,
  goldenClasses,
  readGolden,
  type GoldenRecord,
} from './golden-records.js';
import { specFor } from './monai-specs.js';

/**
 * Parity with MONAI 1.3.2 itself: for every recorded constructor call, the unetc spec that states
 * the same network checks to MONAI's trainable parameter count, output shape and the shape of every
 * recorded checkpoint; input sizes MONAI cannot run are rejected with the sizes that work.
 */
function compileRecord(record: GoldenRecord) {
  const build = specFor[record.class];
  if (!build) throw new Error(`no spec generator for ${record.class}`);
  const text = build(record.kwargs, record.input);
  return { text, result: compileSource(text, `${record.class}.unet`) };
}

/** What differs from the golden record; empty when unetc agrees. */
export function mismatches(record: GoldenRecord): string[] {
  const { result } = compileRecord(record);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const sizePreserved =
    record.ok && JSON.stringify(record.output?.slice(-record.input.length)) === JSON.stringify(record.input);
  if (!record.ok || !sizePreserved) {
    return errors.length > 0 ? [] : [`MONAI ${record.ok ? 'changes the size' : 'fails'} but unetc accepts`];
  }
  const model = result.model;
  if (!model) return errors.map((d) => `${d.code} ${d.message}`);
  const problems: string[] = [];
  if (model.summary.trainableParams !== record.trainableParams) {
    problems.push(`trainable params ${model.summary.trainableParams} ≠ MONAI ${record.trainableParams}`);
  }
  const graph = model.graph;
  const depth = model.spec.network.depth;
  const outputs = graph.outputs;
  const main = channelsFirst(outputs[0]!.shape);
  const expectedOut = outputs.length > 1 ? [outputs.length, ...main] : main;
  if (JSON.stringify(expectedOut) !== JSON.stringify(record.output)) {
    problems.push(`output ${JSON.stringify(expectedOut)} ≠ MONAI ${JSON.stringify(record.output)}`);
  }
  for (const [name, shape] of Object.entries(record.checkpoints ?? {})) {
    if (name === 'out') continue;
    const node = checkpointNode(graph, depth, record.class, name);
    if (!node) {
      problems.push(`${name}: no counterpart`);
      continue;
    }
    let ours = channelsFirst(node.shape);
    // unetc up-samples a supervision head's features before its 1×1 conv, DynUNet after: the two
    // commute (linear interpolation weights sum to 1), so compare at the head's source resolution.
    const source = name.startsWith('ds')
      ? checkpointNode(graph, depth, record.class, `dec${name.slice(2)}`)
      : undefined;
    if (source) ours = [ours[0]!, ...channelsFirst(source.shape).slice(1)];
    if (JSON.stringify(ours) !== JSON.stringify(shape)) {
      problems.push(`${name} (${node.id}) ${JSON.stringify(ours)} ≠ MONAI ${JSON.stringify(shape)}`);
    }
  }
  return problems;
}

describe('parity with MONAI 1.3.2 (committed goldens)', () => {
  const all = goldenClasses.flatMap((name) => readGolden(name));

  it('has at least 60 records, 2D and 3D, runnable and rejected sizes', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    expect(all.some((r) => r.input.length === 3)).toBe(true);
    expect(all.some((r) => r.input.length === 2)).toBe(true);
    expect(all.some((r) => !r.ok)).toBe(true);
  });

  for (const record of all) {
    it(`${record.class}: ${record.note} @ ${record.input.join('×')}`, () => {
      expect(mismatches(record)).toEqual([]);
    });
  }
});
