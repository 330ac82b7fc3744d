/**
 * The scalar settings of `train { }` and their defaults, in one place: the normaliser reads them
 * and tests hold the JSON Schema's descriptions and docs/language.md's table to them.
 */
export const trainSettingDefaults = {
  epochs: 40,
  steps_per_epoch: 100,
  /** The paper: one large tile per step. */
  batch: 1,
  seed: 0,
  'checkpoint.every': 100,
  'checkpoint.keep': 3,
  'early_stop.patience': 10,
  select_by: 'val_loss',
} as const;

/** What `select_by` may name: a validation metric, or `last` (keep the final weights). */
export const selectByChoices = ['val_loss', 'pixel_error', 'rand_error', 'dice', 'last'] as const;
