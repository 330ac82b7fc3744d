import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

it('npm test shows neither the tfjs Node.js banner nor what the CLI prints in process', () => {
  const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs');
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env['UNETC_TEST_OUTPUT'];
  const r = spawnSync(process.execPath, [vitest, 'run', 'tests/cli/fixtures/noisy.test.ts'], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 90_000,
  });
  const output = r.stdout + r.stderr;
  expect(r.status, output).toBe(0);
  expect(output).toMatch(/1 passed/);
  expect(output).not.toMatch(/looks like you are running TensorFlow\.js in Node\.js/);
  expect(output).not.toMatch(/0\.1\.0|no-such-spec/);
});
