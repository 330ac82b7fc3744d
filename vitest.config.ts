import { defineConfig } from 'vitest/config';

/** tfjs-backend-cpu greets every process that first uses it in Node; our backend note says the same. */
const TFJS_NODE_BANNER = 'looks like you are running TensorFlow.js in Node.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/support/quiet-output.ts'],
    onConsoleLog: (log) => (log.includes(TFJS_NODE_BANNER) ? false : undefined),
    // tfjs kernels are CPU-heavy and the machine has 2 cores: forks keep the wasm module per file.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
