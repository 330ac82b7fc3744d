import { assertNever } from '../../../common/assert-never.js';
import type { OptimizerSpec, ScheduleSpec, TrainSpec } from '../pipeline-spec.js';
import { losses, optimizers, schedules } from '../../vocabulary/index.js';
import { selectByChoices, trainSettingDefaults as defaults } from '../../vocabulary/train-settings.js';
import { describedCall } from './described-call.js';
import { asObject, child, intOr, oneOf, type Located, type NormalizeContext } from './context.js';
import { mergeCallLayers } from './merge.js';

/** `sgd(lr: 0.01, momentum: 0.99)` (the paper's momentum) | `adam(lr: 1e-4)`. */
function optimizer(ctx: NormalizeContext, loc: Located): OptimizerSpec {
  const { kind, number, flag } = describedCall(ctx, mergeCallLayers([loc]), optimizers);
  switch (kind) {
    case 'adam':
      return {
        kind,
        lr: number('lr'),
        beta1: number('beta1'),
        beta2: number('beta2'),
        epsilon: number('epsilon'),
        weightDecay: number('weight_decay'),
        $path: loc.pointer,
      };
    case 'sgd':
      return {
        kind,
        lr: number('lr'),
        momentum: number('momentum'),
        nesterov: flag('nesterov'),
        weightDecay: number('weight_decay'),
        $path: loc.pointer,
      };
    default:
      return assertNever(kind, 'optimizer');
  }
}

function schedule(ctx: NormalizeContext, loc: Located): ScheduleSpec {
  const { kind, number } = describedCall(ctx, mergeCallLayers([loc]), schedules);
  switch (kind) {
    case 'step':
      return { kind, every: number('every'), factor: number('factor'), $path: loc.pointer };
    case 'poly':
      return { kind, power: number('power'), $path: loc.pointer };
    case 'cosine':
      return { kind, minLr: number('min_lr'), $path: loc.pointer };
    case 'constant':
      return { kind, $path: loc.pointer };
    default:
      return assertNever(kind, 'schedule');
  }
}

/** `train { … }` → TrainSpec, or null without a train section. The paper: SGD, momentum 0.99, batch 1, weighted CE. */
export function normalizeTrain(ctx: NormalizeContext, loc: Located): TrainSpec | null {
  if (!asObject(loc.value)) return null;
  const loss = describedCall(ctx, mergeCallLayers([child(loc, 'loss')]), losses);
  const checkpoint = child(loc, 'checkpoint');
  const earlyStop = child(loc, 'early_stop');
  return {
    $path: loc.pointer,
    optimizer: optimizer(ctx, child(loc, 'optimizer')),
    schedule: schedule(ctx, child(loc, 'schedule')),
    loss: {
      $path: child(loc, 'loss').pointer,
      kind: loss.kind,
      // Recorded for every kind (plan.json's shape); only focal / ce_dice read them.
      gamma: loss.kind === 'focal' ? loss.number('gamma') : (losses.kinds.focal.defaults['gamma'] as number),
      diceWeight:
        loss.kind === 'ce_dice'
          ? loss.number('dice_weight')
          : (losses.kinds.ce_dice.defaults['dice_weight'] as number),
    },
    epochs: intOr(child(loc, 'epochs').value, defaults.epochs),
    stepsPerEpoch: intOr(child(loc, 'steps_per_epoch').value, defaults.steps_per_epoch),
    batch: intOr(child(loc, 'batch').value, defaults.batch),
    seed: intOr(child(loc, 'seed').value, defaults.seed),
    checkpointEvery: intOr(child(checkpoint, 'every').value, defaults['checkpoint.every']),
    keepCheckpoints: intOr(child(checkpoint, 'keep').value, defaults['checkpoint.keep']),
    selectBy: oneOf(child(loc, 'select_by').value, selectByChoices, defaults.select_by),
    earlyStop: asObject(earlyStop.value)
      ? {
          patience: intOr(child(earlyStop, 'patience').value, defaults['early_stop.patience']),
          $path: earlyStop.pointer,
        }
      : null,
  };
}
