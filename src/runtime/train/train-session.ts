import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { LossSpec, OptimizerSpec, ScheduleSpec } from '../../compiler/spec/pipeline-spec.js';
import { writeValidationSample } from '../report/val-samples.js';
import { newestGoodCheckpoint, saveBestWeights, saveCheckpoint, type FoundCheckpoint } from './checkpoint.js';
import type { HostBatch, TrainBatches } from './host-batch.js';
import { fuseConvActivations } from './fuse-conv-layers.js';
import { trainingModel } from './logits-model.js';
import {
  deepSupervisionLoss,
  type SupervisedHead,
  type SupervisionResolution,
} from './losses/deep-supervision.js';
import { makeLoss } from './losses/make-loss.js';
import { readModelWeights, trainableVariables, writeModelWeights } from './model-weights.js';
import { TrainOptimizer } from './optimizers.js';
import { RunLog } from './run-log.js';
import { learningRateAt } from './schedule.js';
import type { StopRequest } from './signals.js';
import { readBundle } from './tensor-bundle.js';
import { runTrainLoop, type TrainLoopResult } from './train-loop.js';
import { initialState } from './train-state.js';
import type { ValidationOptions } from './validation.js';

export interface TrainSessionOptions {
  /** The compiled model (probability heads); receives the selected weights at the end. */
  readonly model: tf.LayersModel;
  /** The plan's outputs in model order (outputs[0] = main), with their loss weights. */
  readonly heads: readonly SupervisedHead[];
  readonly resolution: SupervisionResolution;
  readonly loss: Pick<LossSpec, 'kind' | 'gamma' | 'diceWeight'>;
  readonly optimizer: OptimizerSpec;
  readonly schedule: ScheduleSpec;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** Overrides epochs·stepsPerEpoch (`--steps`). */
  readonly totalSteps?: number;
  readonly seed: number;
  readonly checkpointEvery: number;
  readonly keepCheckpoints: number;
  readonly selectBy: string;
  readonly patience: number | null;
  /** Opens the training batches at the first step to run (0, or the checkpoint's step on resume). */
  readonly openData: (startStep: number) => TrainBatches;
  readonly validation: {
    readonly batches: readonly HostBatch[];
    readonly options: Omit<ValidationOptions, 'head'>;
  } | null;
  /** Run directory: checkpoints/, best/, train.jsonl live here. */
  readonly runDir: string;
  readonly resume: boolean;
  /** The checkpoint to resume from, already chosen and loaded (else the newest intact one is). */
  readonly resumeFrom?: FoundCheckpoint | null;
  readonly stop: StopRequest;
  readonly onStep?: (step: number, epoch: number, loss: number) => void;
  readonly note?: (line: string) => void;
}

export interface TrainSessionResult extends TrainLoopResult {
  /** Steps already done when this session started (0 for a fresh run). */
  readonly resumedFrom: number;
  /** Whether the model now holds the best validation weights (else the last ones). */
  readonly usedBest: boolean;
}

/**
 * A training run over the given model and data: resumes from the newest checkpoint when asked,
 * trains, and leaves the selected weights (best by `selectBy` if validation ran, else the last)
 * in `options.model`.
 */
export async function runTrainSession(options: TrainSessionOptions): Promise<TrainSessionResult> {
  const training = await trainingModel(options.model);
  fuseConvActivations(training.model);
  const { variables, keys } = trainableVariables(training.model);
  const optimizer = new TrainOptimizer(options.optimizer, variables, keys);
  const checkpoints = join(options.runDir, 'checkpoints');
  let state = initialState(options.seed);
  if (options.resume) {
    const found =
      options.resumeFrom !== undefined
        ? options.resumeFrom
        : await newestGoodCheckpoint(checkpoints, options.note ?? (() => {}));
    if (found) {
      const { contents } = found;
      writeModelWeights(training.model, contents.weights);
      optimizer.importState(contents.optimizer);
      state = contents.state;
    }
  }
  const resumedFrom = state.step;
  await mkdir(options.runDir, { recursive: true });
  const log = new RunLog(join(options.runDir, 'train.jsonl'), options.resume ? state.step : undefined);
  log.write({ type: 'event', step: state.step, event: resumedFrom > 0 ? 'resume' : 'start' });
  const losses = training.heads.map((kind) => makeLoss(options.loss, kind));
  const data = options.openData(state.step);
  const totalSteps = options.totalSteps ?? options.epochs * options.stepsPerEpoch;
  try {
    const result = await runTrainLoop(
      {
        model: training.model,
        variables,
        loss: deepSupervisionLoss(losses, options.heads, options.resolution),
        optimizer,
        lrAt: (step) =>
          learningRateAt(
            options.schedule,
            { baseLr: options.optimizer.lr, stepsPerEpoch: options.stepsPerEpoch, totalSteps },
            step,
          ),
        data,
        validation: options.validation
          ? {
              batches: options.validation.batches,
              options: { ...options.validation.options, head: training.heads[0]! },
            }
          : null,
        stepsPerEpoch: options.stepsPerEpoch,
        totalSteps,
        checkpointEvery: options.checkpointEvery,
        selectBy: options.selectBy,
        patience: options.patience,
        stop: options.stop,
        hooks: {
          async saveCheckpoint(s) {
            await saveCheckpoint(
              checkpoints,
              { state: s, weights: readModelWeights(training.model), optimizer: optimizer.exportState() },
              options.keepCheckpoints,
            );
            log.write({ type: 'event', step: s.step, event: 'checkpoint' });
          },
          saveBest: () => saveBestWeights(options.runDir, readModelWeights(training.model)),
          async saveSamples(samples) {
            log.samples(samples);
            for (const [i, sample] of samples.entries()) {
              await writeValidationSample(options.runDir, `val-${i}`, sample);
            }
          },
          onStep(record) {
            log.write(record);
            options.onStep?.(record.step, record.epoch, record.loss);
          },
          onValidation: (record) => log.write(record),
          note: options.note,
        },
      },
      state,
    );
    const event = result.outcome === 'done' ? 'done' : result.outcome;
    log.write({
      type: 'event',
      step: result.state.step,
      event,
      ...(options.stop.reason ? { detail: options.stop.reason } : {}),
    });
    let usedBest = false;
    if (result.outcome !== 'interrupted' && result.state.best !== null) {
      writeModelWeights(training.model, await readBundle(join(options.runDir, 'best'), 'weights'));
      usedBest = true;
    }
    training.copyWeightsTo(options.model);
    return { ...result, resumedFrom, usedBest };
  } finally {
    log.close();
    optimizer.dispose();
    await data.close();
  }
}
