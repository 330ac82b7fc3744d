/**
 * The child process of scripts/fuzz-cli.ts: runs unetc commands in-process, one per message, so
 * thousands of cases do not pay Node's and tfjs's start-up each. The parent times every case and
 * kills this process on a hang; output is captured (capped) and sent back with the exit code.
 */
import { main } from '../src/cli/main.js';

interface Request {
  readonly id: number;
  readonly cwd: string;
  readonly argv: readonly string[];
}

/** Enough to see a stack trace or an internal error; a flood past it is cut, not buffered. */
const maxCaptured = 256 * 1024;

async function runOne(request: Request): Promise<{ code: number; output: string }> {
  let output = '';
  const capture = (chunk: unknown): boolean => {
    if (output.length < maxCaptured)
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return true;
  };
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  const home = process.cwd();
  try {
    process.chdir(request.cwd);
    const code = await main(request.argv);
    return { code, output };
  } catch (error) {
    // main never throws; if it does, that is a finding like an exit 70.
    return { code: 70, output: `${output}\nthrown: ${error instanceof Error ? error.stack : String(error)}` };
  } finally {
    process.chdir(home);
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.exitCode = 0;
  }
}

process.on('message', (request: Request) => {
  void runOne(request).then((result) => process.send?.({ id: request.id, ...result }));
});
process.send?.({ ready: true });
