import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mapMaskToClasses } from '../../src/runtime/data/class-map.js';
import { readImage } from '../../src/runtime/data/read-image.js';
import { computeWeightMap } from '../../src/runtime/data/weight-map/weight-map.js';
import type { BenchRow, BenchSuite } from '../suite.js';
import { runScipyReference, timeIt, timingNote } from '../data-scipy.js';

const LABEL = fileURLToPath(new URL('../../examples/isbi2012/data/label/0.png', import.meta.url));
const REPS = 20;

/**
 * The paper's weight map (w0 = 10, σ = 5, class balancing) of a real 512×512 ISBI 2012 label:
 * unetc against scipy.ndimage (label + distance_transform_edt), same run, same input. The
 * SciPy result is read back and compared value by value.
 */
export const suite: BenchSuite = {
  name: 'data-weightmap',
  async run(): Promise<BenchRow[]> {
    const raw = await readImage(LABEL);
    const [h, w] = raw.shape as [number, number];
    const classes = [
      { value: 0, classIndex: 0, name: 'membrane' },
      { value: 255, classIndex: 1, name: 'cell' },
    ];
    const label = mapMaskToClasses(raw, classes, null, LABEL);
    const params = { w0: 10, sigma: 5, classBalance: true, foreground: [1] };
    const caseName = `weight map ${h}×${w} ISBI label`;
    let result = computeWeightMap(label, params);
    const t = timeIt(() => (result = computeWeightMap(label, params)), REPS);
    const rows: BenchRow[] = [
      {
        case: caseName,
        impl: 'unetc (TypeScript, 1 thread)',
        ms: t.mean,
        note: timingNote(t, REPS),
      },
    ];
    const labelPath = join(tmpdir(), `unetc-bench-label-${process.pid}.u8`);
    const outPath = join(tmpdir(), `unetc-bench-wmap-${process.pid}.f32`);
    await writeFile(labelPath, Uint8Array.from(label.data));
    try {
      const scipy = runScipyReference(
        ['weightmap', labelPath, String(h), String(w), String(REPS), outPath],
        caseName,
      );
      const bytes = await readFile(outPath).catch(() => null);
      if (bytes !== null) {
        const ref = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        let maxDiff = 0;
        for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i]! - result.data[i]!));
        rows[0] = {
          ...rows[0]!,
          note: `${rows[0]!.note}; max |unetc − scipy| = ${maxDiff.toExponential(2)}`,
        };
      }
      rows.push(...scipy);
    } finally {
      await rm(labelPath, { force: true });
      await rm(outPath, { force: true });
    }
    return rows;
  },
};

export default suite;
