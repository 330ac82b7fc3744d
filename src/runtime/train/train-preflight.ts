import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { UserError } from '../../common/user-error.js';
import { Dataset, type DatasetOptions } from '../data/dataset.js';
import { listSources, type SourceSets } from '../data/pair-sources.js';
import { preflightSamples } from './sample-preflight.js';
import { metricDirection } from './validation.js';

export type TrainSection = NonNullable<CheckedModel['spec']['train']>;
export type DataSection = NonNullable<CheckedModel['spec']['data']>;

/** The sections training needs, present and consistent. */
export interface TrainableSpec {
  readonly train: TrainSection;
  readonly data: DataSection;
}

/**
 * The spec-level checks that remain at run time: a compiled directory's plan may lack the
 * train/data sections the checker only requires of specs that train, and select_by names a
 * metric the runtime defines. select_by / early_stop consistency is the checker’s (UNC4510); a
 * plan reaching here passed it. Runs before the run directory is touched.
 */
export function checkTrainableSpec(
  checked: CheckedModel,
  specPath: string,
  write: (line: string) => void,
): TrainableSpec {
  const { train, data } = checked.spec;
  if (!train) throw new UserError(`${specPath} has no train { } section; add one to train this network`);
  if (!data) throw new UserError(`${specPath} has no data { } section; say where the images and masks are`);
  if (train.selectBy !== 'last' && !(train.selectBy in metricDirection)) {
    throw new UserError(
      `select_by: '${train.selectBy}' is not a validation metric; use one of ${Object.keys(metricDirection).join(', ')}, or last`,
    );
  }
  if (train.loss.kind === 'weighted_ce' && data.weightMap === null) {
    write('note: loss weighted_ce without a data.weight_map: every pixel weighs 1 (plain cross-entropy)');
  }
  return { train, data };
}

/**
 * Lists the training and validation samples and decodes every one of them once (sample-preflight.ts),
 * so bad input fails in seconds with a message naming the file, before the backend starts.
 */
export async function listAndCheckSamples(options: {
  readonly checked: CheckedModel;
  readonly data: DataSection;
  readonly specPath: string;
  readonly specDir: string;
  readonly seed: number;
  readonly dataset: DatasetOptions;
  readonly write: (line: string) => void;
}): Promise<SourceSets> {
  const network = options.checked.spec.network;
  const sources = await listSources(options.data, options.specDir, {
    dims: network.dims,
    seed: options.seed,
  });
  if (sources.train.length === 0)
    throw new UserError(`${options.specPath}: every sample went to validation; lower data.validation`);
  options.write(`checking ${sources.train.length + sources.validation.length} samples`);
  await preflightSamples(new Dataset([...sources.train, ...sources.validation], options.dataset), network);
  return sources;
}
