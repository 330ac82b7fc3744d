import { UserError } from '../../common/user-error.js';
import {
  BackendUnavailableError,
  selectBackend,
  type BackendChoice,
  type SelectedBackend,
} from './select-backend.js';

/**
 * What every command that runs a model does first: pick the backend and turn an unavailable forced
 * backend into a one-line user error. The caller prints `describeBackend` once its own input checks
 * have passed, so a bad-input error stays the only line printed.
 */
export async function useBackend(choice: BackendChoice | undefined): Promise<SelectedBackend> {
  try {
    return await selectBackend(choice);
  } catch (error) {
    if (error instanceof BackendUnavailableError) throw new UserError(error.message);
    throw error;
  }
}

export function describeBackend(selected: SelectedBackend): string {
  return `backend: ${selected.name} (${selected.reason})`;
}
