/** Everything about a run's progress that is not a tensor: the JSON part of a checkpoint. */
export interface ValidationRecord {
  /** 1-based epoch the validation closed. */
  readonly epoch: number;
  /** Steps completed when it ran. */
  readonly step: number;
  /** val_loss, pixel_error, dice, iou, rand_error, … (null where undefined, e.g. no objects). */
  readonly metrics: Readonly<Record<string, number | null>>;
}

export interface BestModel {
  readonly metric: string;
  readonly value: number;
  readonly epoch: number;
  readonly step: number;
}

export interface TrainProgressState {
  /** Steps completed; the next step to run has this 0-based index. */
  readonly step: number;
  /** Epochs completed. */
  readonly epoch: number;
  readonly seed: number;
  /**
   * Randomness is derived, not sequential: data order and augmentation per (seed, step) by the data
   * pipeline and dropout masks per (seed, step, layer) here, so this records the scheme and seed
   * instead of a generator state that would have to be advanced in lock-step.
   */
  readonly rng: { readonly scheme: 'derived-per-step'; readonly seed: number };
  /** Position of the data pipeline (the next batch index), for the data source to resume from. */
  readonly dataCursor: number;
  readonly history: readonly ValidationRecord[];
  readonly best: BestModel | null;
  /** Validations since the best one (early stopping compares it with the patience). */
  readonly sinceBest: number;
}

export function initialState(seed: number): TrainProgressState {
  return {
    step: 0,
    epoch: 0,
    seed,
    rng: { scheme: 'derived-per-step', seed },
    dataCursor: 0,
    history: [],
    best: null,
    sinceBest: 0,
  };
}
