import { decode } from 'fast-png';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { readRunLog } from '../../src/runtime/train/run-log.js';
import { specText } from './helpers/tiny-variant.js';

/**
 * Binary segmentation the seed nuclei way: ONE sigmoid channel, masks with two values
 * (background + foreground). The checker accepts it, the trainer trains the foreground probability
 * with BCE (or the weighted BCE of the paper's weight map), and predict writes the mask values.
 */
const examples = path.resolve(import.meta.dirname, '../../examples/isbi2012/data');
const files = (dir: string) => [0, 1, 2].map((i) => JSON.stringify(path.join(examples, dir, `${i}.png`)));

function binarySpec(loss: 'bce' | 'weighted_ce'): string {
  const data = [
    'data {',
    `  images: [${files('image').join(', ')}]`,
    `  masks: [${files('label').join(', ')}]`,
    '  classes { membrane: 0, cell: 255 }',
    '  normalize: range(0, 255)',
    '  validation: 34%',
    loss === 'weighted_ce' ? '  weight_map { w0: 10, sigma: 5px }' : '',
    '}',
    '',
  ].join('\n');
  return specText('unet-nuclei.unet')
    .text.replace('256 x 256 x 3', '32 x 32 x 1')
    .replace('filters: 16', 'filters: 2')
    .replace('loss: bce', `loss: ${loss}`)
    .replace(/^train \{/m, `${data}train {`);
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'unetc-binary-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const cpu = ['--backend', 'cpu'];

describe('a one-channel sigmoid head with two data classes (binary segmentation)', () => {
  it.each(['bce', 'weighted_ce'] as const)('checks without errors (loss %s)', (loss) => {
    const result = compileSource(binarySpec(loss), path.join(root, `check-${loss}.unet`));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.model?.graph.outputs.map((o) => o.shape)).toEqual([[32, 32, 1]]);
  });

  it.each(['bce', 'weighted_ce'] as const)(
    'trains 2 steps (loss %s) and predicts a mask of the spec’s values 0 / 255',
    async (loss) => {
      const spec = path.join(root, `binary-${loss}.unet`);
      await writeFile(spec, binarySpec(loss));
      const run = path.join(root, `run-${loss}`);
      expect(await main(['train', spec, '--out', run, '--steps', '2', '--workers', '0', ...cpu])).toBe(0);
      const steps = readRunLog(path.join(run, 'train.jsonl')).flatMap((r) => (r.type === 'step' ? [r] : []));
      expect(steps.map((s) => s.step)).toEqual([1, 2]);
      expect(steps.every((s) => Number.isFinite(s.loss) && s.loss > 0)).toBe(true);

      const out = path.join(root, `pred-${loss}`);
      const image = path.join(examples, 'image', '3.png');
      const args = [
        'predict',
        path.join(run, 'model'),
        image,
        '--out',
        out,
        '--tile',
        '128x128',
        '--probabilities',
      ];
      expect(await main([...args, ...cpu])).toBe(0);
      const mask = decode(readFileSync(path.join(out, '3.png')));
      expect([mask.width, mask.height, mask.channels]).toEqual([512, 512, 1]);
      expect(new Set(mask.data)).toSatisfy((values: Set<number>) =>
        [...values].every((v) => v === 0 || v === 255),
      );
      // The one probability map is the foreground's (class 1, 'cell'), and the mask is it > ½.
      const prob = decode(readFileSync(path.join(out, '3.prob-cell.png')));
      expect(prob.depth).toBe(16);
      // (16-bit quantisation may put a probability of ½ ± 2⁻¹⁷ on the other side.)
      const disagree = mask.data.filter((v, i) => {
        const p = prob.data[i]!;
        return Math.abs(p - 32767.5) > 1 && (v === 255) !== p > 32767.5;
      });
      expect(disagree.length).toBe(0);
    },
  );
});
