import { spawnSync } from 'node:child_process';
import { UserError } from '../../common/user-error.js';

/** Whether `python` runs and imports torch (a few seconds at most: torch's import is slow). */
export function hasTorch(python: string): boolean {
  const probe = spawnSync(python, ['-c', 'import torch, numpy, scipy, PIL'], {
    stdio: 'ignore',
    timeout: 60_000,
  });
  return probe.status === 0;
}

/**
 * The Python that runs a PyTorch package: $UNETC_PYTHON when set (and then only it), else `python3`
 * if it has torch, else /usr/bin/python3 (Debian's python3-torch, when a virtualenv or another
 * interpreter shadows it on PATH). A one-line error when none of them can import torch.
 */
export function findPython(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env['UNETC_PYTHON'];
  if (chosen) {
    if (hasTorch(chosen)) return chosen;
    throw new UserError(
      `UNETC_PYTHON=${chosen} cannot import torch, numpy, scipy and Pillow; install them there or point UNETC_PYTHON at a Python that has them`,
    );
  }
  for (const candidate of ['python3', '/usr/bin/python3']) if (hasTorch(candidate)) return candidate;
  throw new UserError(
    'no Python with PyTorch found (tried python3 and /usr/bin/python3): install torch, numpy, scipy and Pillow (e.g. apt install python3-torch python3-scipy python3-pil), or set UNETC_PYTHON',
  );
}
