import type { ModelSummary } from '../ir/checked-model.js';
import type { CheckedModel } from '../ir/checked-model.js';
import type { IrGraph, IrOutput } from '../ir/ir.js';
import type { ModelSpec } from '../spec/spec.js';
import type {
  AugmentSpec,
  DataSpec,
  LossSpec,
  OptimizerSpec,
  ScheduleSpec,
  SupervisionSpec,
} from '../spec/spec.js';

/** plan.json format version; bump on any incompatible change (schema/plan.schema.json follows it). */
export const PLAN_VERSION = 1;

/** Everything the trainer needs beyond the graph, resolved from the spec. Null where the spec has no such section. */
export interface TrainingSection {
  readonly data: DataSpec | null;
  readonly augment: AugmentSpec | null;
  readonly loss: LossSpec | null;
  readonly optimizer: OptimizerSpec | null;
  readonly schedule: ScheduleSpec | null;
  readonly batch: number | null;
  readonly epochs: number | null;
  readonly stepsPerEpoch: number | null;
  readonly seed: number | null;
  readonly checkpoint: { readonly every: number; readonly keep: number } | null;
  readonly selectBy: string | null;
  readonly earlyStop: { readonly patience: number } | null;
  /** The model's outputs with their loss weights (deep supervision: one per head). */
  readonly outputs: readonly IrOutput[];
  /** How much to crop labels per side to match the output ([before, after] per axis). */
  readonly labelCrop: readonly (readonly [number, number])[];
  /** Deep supervision's inference mode, or null for a single head. */
  readonly supervision: Pick<SupervisionSpec, 'inference' | 'resolution' | 'prune'> | null;
}

/** Where a compiled directory came from. */
export interface PlanProvenance {
  readonly seed: number;
  /** U-Net++ pruning level the graph was cut to (L1…Ld), or null for the full graph. */
  readonly prune: number | null;
  /** Directory the weights were copied from (`compile --weights`), or null if freshly initialised. */
  readonly weightsFrom: string | null;
}

/** plan.json: the checked IR plus the training plan. */
export interface Plan {
  readonly version: typeof PLAN_VERSION;
  readonly generator: string;
  readonly spec: ModelSpec;
  readonly graph: IrGraph;
  readonly summary: ModelSummary;
  readonly training: TrainingSection;
  readonly provenance: PlanProvenance;
}

function trainingSection(model: CheckedModel): TrainingSection {
  const { spec, graph, summary } = model;
  const train = spec.train;
  const supervision = spec.network.supervision;
  return {
    data: spec.data,
    augment: spec.augment,
    loss: train?.loss ?? null,
    optimizer: train?.optimizer ?? null,
    schedule: train?.schedule ?? null,
    batch: train?.batch ?? null,
    epochs: train?.epochs ?? null,
    stepsPerEpoch: train?.stepsPerEpoch ?? null,
    seed: train?.seed ?? null,
    checkpoint: train ? { every: train.checkpointEvery, keep: train.keepCheckpoints } : null,
    selectBy: train?.selectBy ?? null,
    earlyStop: train?.earlyStop ? { patience: train.earlyStop.patience } : null,
    outputs: graph.outputs,
    labelCrop: summary.labelCrop,
    supervision: supervision
      ? { inference: supervision.inference, resolution: supervision.resolution, prune: supervision.prune }
      : null,
  };
}

/** Builds plan.json's content (validate it with `validatePlan` before writing). */
export function trainingPlan(model: CheckedModel, provenance: PlanProvenance, generator: string): Plan {
  return {
    version: PLAN_VERSION,
    generator,
    spec: model.spec,
    graph: model.graph,
    summary: model.summary,
    training: trainingSection(model),
    provenance,
  };
}
