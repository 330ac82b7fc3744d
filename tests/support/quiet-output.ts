/**
 * Test set-up: what the product writes straight to stdout/stderr while tests drive it in process
 * (progress lines, notes, diagnostics) is dropped, so `npm test` shows vitest's report only.
 * Tests that check output capture it with their own spies, which wrap these; CLI tests run child
 * processes and read their pipes. UNETC_TEST_OUTPUT=1 lets everything through when debugging.
 */
if (process.env['UNETC_TEST_OUTPUT'] !== '1') {
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    }) as typeof stream.write;
  }
}
