import type { LossKind, OptimizerSpec, ScheduleSpec, TrainSpec } from '../pipeline-spec.js';
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

/** `sgd(lr: 0.01, momentum: 0.99)` (the paper's momentum) | `adam(lr: 1e-4)`. */
function optimizer(ctx: NormalizeContext, loc: Located): OptimizerSpec {
  const merged = mergeCallLayers([loc]);
  const kind = oneOf(get(merged, 'type').value, ['sgd', 'adam'] as const, 'sgd');
  const n = (key: string, fallback: number): number => numberOr(get(merged, key).value, fallback);
  if (kind === 'adam') {
    checkApplicable(ctx, merged, kind, ['lr', 'beta1', 'beta2', 'epsilon', 'weight_decay'], 'optimizer');
    return {
      kind,
      lr: n('lr', 1e-4),
      beta1: n('beta1', 0.9),
      beta2: n('beta2', 0.999),
      epsilon: n('epsilon', 1e-7),
      weightDecay: n('weight_decay', 0),
      $path: loc.pointer,
    };
  }
  checkApplicable(ctx, merged, kind, ['lr', 'momentum', 'nesterov', 'weight_decay'], 'optimizer');
  return {
    kind,
    lr: n('lr', 0.01),
    momentum: n('momentum', 0.99),
    nesterov: boolOr(get(merged, 'nesterov').value, false),
    weightDecay: n('weight_decay', 0),
    $path: loc.pointer,
  };
}

function schedule(ctx: NormalizeContext, loc: Located): ScheduleSpec {
  const merged = mergeCallLayers([loc]);
  const kind = oneOf(get(merged, 'type').value, ['constant', 'step', 'poly', 'cosine'] as const, 'constant');
  const n = (key: string, fallback: number): number => numberOr(get(merged, key).value, fallback);
  const accepted = { constant: [], step: ['every', 'factor'], poly: ['power'], cosine: ['min_lr'] }[kind];
  checkApplicable(ctx, merged, kind, accepted, 'schedule');
  switch (kind) {
    case 'step':
      return { kind, every: n('every', 10), factor: n('factor', 0.5), $path: loc.pointer };
    case 'poly':
      return { kind, power: n('power', 0.9), $path: loc.pointer };
    case 'cosine':
      return { kind, minLr: n('min_lr', 0), $path: loc.pointer };
    default:
      return { kind: 'constant', $path: loc.pointer };
  }
}

const lossKinds: readonly LossKind[] = ['weighted_ce', 'ce', 'bce', 'dice', 'ce_dice', 'focal'];

/** `train { … }` → TrainSpec, or null without a train section. The paper: SGD, momentum 0.99, batch 1, weighted CE. */
export function normalizeTrain(ctx: NormalizeContext, loc: Located): TrainSpec | null {
  if (!asObject(loc.value)) return null;
  const loss = mergeCallLayers([child(loc, 'loss')]);
  const lossKind = oneOf(get(loss, 'type').value, lossKinds, 'weighted_ce');
  checkApplicable(
    ctx,
    loss,
    lossKind,
    lossKind === 'focal' ? ['gamma'] : lossKind === 'ce_dice' ? ['dice_weight'] : [],
    'loss',
  );
  const checkpoint = child(loc, 'checkpoint');
  const earlyStop = child(loc, 'early_stop');
  return {
    $path: loc.pointer,
    optimizer: optimizer(ctx, child(loc, 'optimizer')),
    schedule: schedule(ctx, child(loc, 'schedule')),
    loss: {
      $path: child(loc, 'loss').pointer,
      kind: lossKind,
      gamma: numberOr(get(loss, 'gamma').value, 2),
      diceWeight: numberOr(get(loss, 'dice_weight').value, 1),
    },
    epochs: intOr(child(loc, 'epochs').value, 40),
    stepsPerEpoch: intOr(child(loc, 'steps_per_epoch').value, 100),
    batch: intOr(child(loc, 'batch').value, 1),
    seed: intOr(child(loc, 'seed').value, 0),
    checkpointEvery: intOr(child(checkpoint, 'every').value, 100),
    keepCheckpoints: intOr(child(checkpoint, 'keep').value, 3),
    selectBy: oneOf(
      child(loc, 'select_by').value,
      ['val_loss', 'pixel_error', 'rand_error', 'dice', 'last'] as const,
      'val_loss',
    ),
    earlyStop: asObject(earlyStop.value)
      ? { patience: intOr(child(earlyStop, 'patience').value, 10), $path: earlyStop.pointer }
      : null,
  };
}
