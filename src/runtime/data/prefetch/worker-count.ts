import { availableParallelism } from 'node:os';

/**
 * Data worker threads beyond the machine's cores only cost memory (each holds its own decoded
 * samples and a V8 heap: 1,000 of them took 8 GB) without preparing batches any faster, so a
 * larger request is capped at the core count, with a note saying so.
 */
export function capWorkers(
  requested: number,
  note: (line: string) => void,
  cores: number = availableParallelism(),
): number {
  if (requested <= cores) return requested;
  note(
    `note: --workers ${requested} is more than this machine's ${cores} CPU core${cores === 1 ? '' : 's'}; using ${cores}`,
  );
  return cores;
}
