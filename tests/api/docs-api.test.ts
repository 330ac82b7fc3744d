import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';
import { runDocExamples } from './run-doc-examples.js';

/**
 * docs/api.md is executable: its ```js blocks run in order as one module that imports `unetc`
 * through the package's exports map (as an installed user would), and each result it prints as
 * exact in a comment appears in the output.
 */
describe('docs/api.md examples', () => {
  it('run as written and print what their comments say', () => {
    const run = runDocExamples(repoRoot, 'docs/api.md');
    try {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines).toContain('true 3618');
      expect(lines).toContain('false UNC4004');
      expect(lines).toContain('model.json, group1-shard1of1.bin, plan.json, summary.txt');
      expect(lines).toContain('done runs/api-demo/model');
      expect(lines).toContain('out/api-demo-pred/19.png');
      expect(run.stdout).toMatch(/^broken\.unet\(6,10\): error UNC4004: 'depth' is 0/m);
      expect(run.stdout).toMatch(/^total \(1\) +0\.\d{4}/m);
    } finally {
      rmSync(run.dir, { recursive: true, force: true });
    }
  }, 240_000);
});
