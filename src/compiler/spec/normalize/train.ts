import { assertNever } from '../../../common/assert-never.js';
import type { OptimizerSpec, ScheduleSpec, TrainSpec } from '../pipeline-spec.js';
import { kindsOf, losses, optimizers, schedules, type Vocabulary } from '../../vocabulary/index.js';
import { selectByChoices, trainSettingDefaults as defaults } from '../../vocabulary/train-settings.js';
import { checkApplicable } from './applicable.js';
import {
  asObject,
  boolOr,
  child,
  intOr,
  numberOr,
  oneOf,
  type Located,
  type NormalizeContext,
} from './context.js';
import { get, mergeCallLayers } from './merge.js';

/**
 * A call of a described vocabulary, merged over its layers: its kind (the vocabulary's default when
 * absent), the parameters the kind does not accept reported, and a reader that falls back to the
 * kind's default.
 */
function describedCall<K extends string>(ctx: NormalizeContext, loc: Located, vocabulary: Vocabulary<K>) {
  const merged = mergeCallLayers([loc]);
  const kind = oneOf(get(merged, 'type').value, kindsOf(vocabulary), vocabulary.defaultKind);
  const defaults = vocabulary.kinds[kind].defaults;
  checkApplicable(ctx, merged, kind, Object.keys(defaults), vocabulary.key);
  const number = (key: string): number => numberOr(get(merged, key).value, defaults[key] as number);
  const flag = (key: string): boolean => boolOr(get(merged, key).value, defaults[key] as boolean);
  return { kind, number, flag };
}

/** `sgd(lr: 0.01, momentum: 0.99)` (the paper's momentum) | `adam(lr: 1e-4)`. */
function optimizer(ctx: NormalizeContext, loc: Located): OptimizerSpec {
  const { kind, number, flag } = describedCall(ctx, loc, optimizers);
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
  const { kind, number } = describedCall(ctx, loc, schedules);
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
  const loss = describedCall(ctx, child(loc, 'loss'), losses);
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
