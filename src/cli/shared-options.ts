import { Option } from 'commander';
import { BACKEND_CHOICES } from '../common/backend-choices.js';
import { UserError } from '../common/user-error.js';

/** `--backend`, spelled the same by every command that runs a network. */
export function backendOption(description = 'tfjs backend'): Option {
  return new Option('--backend <backend>', description).choices([...BACKEND_CHOICES]).default('auto');
}

/** `--tile 1052x1052` (or DxHxW) → spatial sizes. */
export function parseTile(text: string): number[] {
  const sizes = text.split(/[x×,]/).map((s) => Number(s.trim()));
  if (sizes.length < 2 || sizes.length > 3 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UserError(`--tile '${text}' is not a size — write e.g. 1052x1052 (DxHxW for 3D)`);
  }
  return sizes;
}
