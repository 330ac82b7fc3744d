import { activations } from './activations.js';
import { kindsOf, type Vocabulary } from './descriptor.js';
import { downSampling } from './down-sampling.js';
import { losses } from './losses.js';
import { norms } from './norms.js';
import { optimizers } from './optimizers.js';
import { schedules } from './schedules.js';
import { skips, wholeNetworkSkips } from './skips.js';
import { upSampling } from './up-sampling.js';

export {
  callSignature,
  docsTableRow,
  kindsOf,
  positionalSignature,
  publicKindsOf,
  type KindDescriptor,
  type ParameterDescriptor,
  type ParameterValue,
  type Vocabulary,
} from './descriptor.js';
export {
  activations,
  downSampling,
  losses,
  norms,
  optimizers,
  schedules,
  skips,
  upSampling,
  wholeNetworkSkips,
};

/** Every described vocabulary of `train { }`, keyed by its spec key. */
export const trainingVocabularies: readonly Vocabulary<string>[] = [optimizers, schedules, losses];

/** Every described vocabulary of `network { }`. */
export const networkVocabularies: readonly Vocabulary<string>[] = [
  activations,
  norms,
  skips,
  downSampling,
  upSampling,
];

/** `call name → positional keys` for every kind that takes positional arguments. */
export function positionalOfVocabularies(): Record<string, readonly string[]> {
  const table: Record<string, readonly string[]> = {};
  for (const vocabulary of [...networkVocabularies, ...trainingVocabularies]) {
    for (const kind of kindsOf(vocabulary)) {
      const positional = vocabulary.kinds[kind]!.positional;
      if (positional.length > 0) table[kind] = positional;
    }
  }
  return table;
}
export { trainSettingDefaults, selectByChoices } from './train-settings.js';
export {
  augmentations,
  elasticSettings,
  type AugmentationDescriptor,
  type AugmentationKind,
  type RangeDescriptor,
} from './augmentations.js';
