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

function graphPads(graph: { nodes: readonly { attrs: { op: string } }[] }): number {
  return graph.nodes.filter((n) => n.attrs.op === 'pad').length;
}

/** What differs from the golden record; empty when unetc agrees. */
export function mismatches(record: GoldenRecord): string[] {
  const { result } = compileRecord(record);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const sizePreserved =
    record.ok && JSON.stringify(record.output?.slice(-record.input.length)) === JSON.stringify(record.input);
  if (!record.ok || !sizePreserved) {
    if (errors.length === 0) return [`MONAI ${record.ok ? 'changes the size' : 'fails'} but unetc accepts`];
    // A size MONAI cannot run: unetc names the sizes that work (a construction error has no size).
    const sized = errors.filter((d) => d.code.startsWith('UNC30'));
    if (record.stage !== 'construct' && !sized.some((d) => d.hint?.includes('nearest valid'))) {
      return [`rejected without the nearest valid sizes: ${errors.map((d) => d.code).join(', ')}`];
    }
    return [];
  }
  const model = result.model;
  if (!model) return errors.map((d) => `${d.code} ${d.message}`);
  const problems: string[] = [];
  // A size MONAI runs only by padding the up-sampled map (BasicUNet's UpCat): accepted, padding said.
  const padded = graphPads(model.graph);
  const notes = result.diagnostics.filter((d) => d.code === 'UNC3011').length;
  if (notes !== padded) problems.push(`${padded} padded merges but ${notes} UNC3011 notes`);
  const used = (record.trainableParams ?? 0) - (record.unusedParams ?? 0);
  if (model.summary.trainableParams !== used) {
    problems.push(`trainable params ${model.summary.trainableParams} ≠ MONAI ${used} (that reach an output)`);
  }
  const graph = model.graph;
  const depth = model.spec.network.depth;
  const outputs = graph.outputs;
  const main = channelsFirst(outputs[0]!.shape);
  // DynUNet stacks its heads, BasicUNetPlusPlus returns a list (of one without deep supervision).
  const listed = outputs.length > 1 || record.class === 'BasicUNetPlusPlus';
  const expectedOut = listed ? [outputs.length, ...main] : main;
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

  it('pads odd sizes as MONAI UpCat does, and says so', () => {
    const odd = readGolden('basicunet').find((r) => r.note === 'odd sizes (padded to the skip)')!;
    const { result } = compileRecord(odd);
    const pads = result.model!.graph.nodes.filter((n) => n.attrs.op === 'pad');
    expect(pads.map((n) => n.id)).toEqual(['dec1_pad', 'dec0_pad']);
    expect(pads.map((n) => n.attrs)).toContainEqual({
      op: 'pad',
      padding: [
        [0, 1],
        [0, 1],
      ],
      mode: 'replicate',
    });
    const notes = result.diagnostics.filter((d) => d.code === 'UNC3011');
    expect(notes.map((d) => d.message)).toEqual([
      'level 1: the up-sampled map (16×16) is padded to the skip (16×17) with 0×1 at the far end (replicate), because 33×35 does not halve evenly',
      'level 0: the up-sampled map (32×34) is padded to the skip (33×35) with 1×1 at the far end (replicate), because 33×35 does not halve evenly',
    ]);
    expect(notes[0]!.hint).toBe('Intended with skip: concat(pad: …); an input of 48×48 needs no padding.');
  });

  for (const record of all) {
    it(`${record.class}: ${record.note} @ ${record.input.join('×')}`, () => {
      expect(mismatches(record)).toEqual([]);
    });
  }
});
