import { positionalOfVocabularies } from '../vocabulary/index.js';

/**
 * The one table of positional call arguments: `maxpool(2)` means `{type: maxpool, kernel: 2}`.
 * The .unet document builder names positional arguments from it and `fmt` prints calls back with it,
 * so the two can never disagree. A call not listed here takes named arguments only.
 */
export const positionalParameters: Readonly<Record<string, readonly string[]>> = {
  // block
  dropout: ['rate'],
  // data
  range: ['min', 'max'],
  mean_std: ['mean', 'std'],
  // activations, norms, skips, down- and up-sampling; optimizers, schedules, losses: from their descriptors
  ...positionalOfVocabularies(),
};

/** The key a call's name is stored under in the document. */
export const CALL_TYPE_KEY = 'type';
