import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TrainOverrides } from '../train/train-run.js';
import { PytorchRunFiles } from './package-run-dir.js';

export interface TrainerLaunch {
  readonly python: string;
  readonly packageDir: string;
  readonly outDir: string;
  readonly sources: string;
  readonly resume: boolean;
  readonly overrides: TrainOverrides;
  readonly workers?: number;
  readonly device?: string;
  readonly amp: boolean;
  /** Processes (torchrun --nproc_per_node); 1 runs train.py directly. */
  readonly nproc: number;
}

/** The command line of train.py (under torchrun when nproc > 1). */
export function trainerArgs(launch: TrainerLaunch): string[] {
  const train = [
    join(launch.packageDir, 'train.py'),
    '--out',
    launch.outDir,
    '--sources',
    launch.sources,
    ...(launch.resume ? ['--resume'] : []),
    ...Object.entries(launch.overrides).flatMap(([k, v]) => [`--${k}`, String(v)]),
    ...(launch.workers !== undefined ? ['--workers', String(launch.workers)] : []),
    ...(launch.device !== undefined ? ['--device', launch.device] : []),
    ...(launch.amp ? ['--amp'] : []),
  ];
  if (launch.nproc <= 1) return train;
  // --redirects/--tee 1 (stdout to a log file and the console) rather than the default 0: the
  // Debian torch 1.13 launcher cannot parse 0 on Python ≥ 3.11 (IntFlag no longer lists it).
  return [
    '-m',
    'torch.distributed.run',
    '--nproc_per_node',
    String(launch.nproc),
    '--redirects',
    '1',
    '--tee',
    '1',
    '--log_dir',
    join(launch.outDir, PytorchRunFiles.torchrunLogs),
    ...train,
  ];
}

export interface RunningTrainer {
  /** Resolves with the exit code (a signal death counts as 128 + its number, as a shell reports it). */
  readonly exit: Promise<number>;
  /** Forwards a stop signal (the trainer checkpoints on the first, quits on the second). */
  signal(signal: NodeJS.Signals): void;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Starts train.py in its own process group, so a terminal's Ctrl-C reaches only unetc, which
 * forwards it once (a group-wide signal would reach torchrun's workers twice: from the terminal
 * and from torchrun). Its stderr lines go to `onLine`.
 */
export function spawnTrainer(launch: TrainerLaunch, onLine: (line: string) => void): RunningTrainer {
  const child = spawn(launch.python, trainerArgs(launch), {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('exit', kill);
      if (partial) onLine(partial);
      resolve(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 1) : 1));
    });
  });
  return { exit, signal: (s) => child.kill(s) };
}
