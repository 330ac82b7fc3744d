import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import type { ModelSpec } from '../../src/compiler/spec/spec.js';
import { dataSpec, fakeLocate, paperSpec, seedSpec, trainSpec } from './fixtures.js';

function run(s: ModelSpec) {
  const f = fakeLocate();
  const result = checkSpec(s, f.locate);
  return { ...result, pointerOf: f.pointerOf, codes: result.diagnostics.map((d) => d.code) };
}

const withPipeline = (s: ModelSpec, data = dataSpec(), train = trainSpec()): ModelSpec => ({
  ...s,
  data,
  train,
});

describe('data and training against the network', () => {
  it('accepts the paper setup as written', () => {
    const r = run(withPipeline(paperSpec()));
    expect(r.codes).toEqual([]);
    expect(r.model?.summary.trainingActivationBytes).toBeGreaterThan(0);
  });

  it('UNC4501: a tile the network cannot take, with the nearest valid size as a fix', () => {
    const r = run(withPipeline(paperSpec(), dataSpec({}, [512, 512])));
    expect(r.codes).toEqual(['UNC4501', 'UNC4501']);
    const d = r.diagnostics[0]!;
    expect(d.message).toBe(
      'the train tile 512×512 does not fit the network: H = 512 ∉ {s ≡ 12 (mod 16), s ≥ 188}, W = 512 ∉ {s ≡ 12 (mod 16), s ≥ 188}',
    );
    expect(r.pointerOf(d.span)).toBe('/data/tile');
    expect(r.pointerOf(r.diagnostics[1]!.span)).toBe('/data/predict/tile');
    expect(d.fix?.edits.map((e) => e.text)).toEqual(['508', '508']);
    expect(d.fix?.description).toBe('use the input size 508×508');
  });

  it('UNC4502: a tile with the wrong number of axes', () => {
    expect(run(withPipeline(paperSpec(), dataSpec({}, [572, 572, 4]))).codes).toEqual(['UNC4502', 'UNC4502']);
  });

  it('UNC4503: a predict overlap as large as the output tile', () => {
    const base = dataSpec();
    const data = dataSpec({ predict: { ...base.predict, tile: [188, 188], overlap: [4, 4] } });
    expect(run(withPipeline(paperSpec(), data)).codes).toEqual(['UNC4503', 'UNC4503']);
    const fine = dataSpec({ predict: { ...base.predict, tile: [188, 188], overlap: [2, 2] } });
    expect(run(withPipeline(paperSpec(), fine)).codes).toEqual([]);
  });

  it('UNC4504 / UNC4505: losses that do not match the head activation', () => {
    const seed = seedSpec({ classes: 2, head: { activation: 'sigmoid', channels: 2 } });
    const data = dataSpec({}, [256, 256]);
    const ce = run(
      withPipeline(
        seed,
        data,
        trainSpec({ loss: { $path: '/train/loss', kind: 'ce', gamma: 2, diceWeight: 1 } }),
      ),
    );
    expect(ce.codes).toEqual(['UNC4504']);
    expect(ce.pointerOf(ce.diagnostics[0]!.span)).toBe('/train/loss');
    // One sigmoid channel (binary): ce / weighted_ce are the binary cross-entropy, accepted.
    for (const kind of ['ce', 'weighted_ce'] as const) {
      const binary = trainSpec({ loss: { $path: '/train/loss', kind, gamma: 2, diceWeight: 1 }, batch: 2 });
      expect(run(withPipeline(seedSpec(), data, binary)).codes).toEqual([]);
    }
    const bce = run(
      withPipeline(
        paperSpec(),
        dataSpec(),
        trainSpec({ loss: { $path: '/train/loss', kind: 'bce', gamma: 2, diceWeight: 1 } }),
      ),
    );
    expect(bce.codes).toEqual(['UNC4505']);
    expect(bce.diagnostics[0]!.severity).toBe('warning');
  });

  it('UNC4506: weighted CE without a weight map', () => {
    const r = run(withPipeline(paperSpec(), dataSpec({ weightMap: null })));
    expect(r.codes).toEqual(['UNC4506']);
    expect(r.model).toBeDefined();
  });

  it('UNC4507: batch norm trained at batch 1', () => {
    const norm = {
      $path: '/network/block/norm',
      kind: 'batch' as const,
      affine: true,
      epsilon: 1e-3,
      momentum: 0.99,
    };
    const s = paperSpec({ block: { norm } });
    const r = run(withPipeline(s));
    expect(r.codes).toEqual(['UNC4507']);
    expect(r.pointerOf(r.diagnostics[0]!.span)).toBe('/train/batch');
    expect(run(withPipeline(s, dataSpec(), trainSpec({ batch: 4 }))).codes).toEqual([]);
  });

  it('UNC4508: data classes that differ from the network', () => {
    const r = run(withPipeline(paperSpec({ classes: 3 })));
    expect(r.codes).toEqual(['UNC4508']);
    const binary = seedSpec({ input: [256, 256] });
    const bce = trainSpec({ loss: { $path: '/train/loss', kind: 'bce', gamma: 2, diceWeight: 1 }, batch: 8 });
    expect(run(withPipeline(binary, dataSpec({}, [256, 256]), bce)).codes).toEqual([]);
  });
});
