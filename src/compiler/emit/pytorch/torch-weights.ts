import { permuteAxes } from '../permute-axes.js';
import type { CheckedModel } from '../../ir/checked-model.js';
import type { IrNode } from '../../ir/ir.js';
import { GraphIndex } from '../graph-index.js';
import { modelWeights, preluSharedAxes, type WeightDecl } from '../layer-weights.js';
import { pythonNames } from './python-names.js';
import type { NamedTensor } from './safetensors.js';

/** Where one tfjs variable lives in the PyTorch state dict, and how its axes move. */
export interface TorchWeight {
  readonly tfjsName: string;
  readonly torchName: string;
  readonly tfjsShape: readonly number[];
  readonly torchShape: readonly number[];
  /** torch axis i is tfjs axis perm[i] (before reshaping to torchShape). */
  readonly perm: readonly number[];
}

const TORCH_NAME: Readonly<Record<string, string>> = {
  kernel: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
  alpha: 'weight',
};

const iota = (n: number): number[] => [...Array(n).keys()];

/**
 * Kernels: tfjs [...k, in, out] → torch [out, in, ...k], and transposed convs tfjs [...k, out, in]
 * → torch [in, out, ...k] — the same axis move, since both frameworks store the adjoint
 * correlation's kernel. PReLU: channels first, shared axes dropped (nn.PReLU keeps [C] or [1]).
 */
function layout(decl: WeightDecl, node: IrNode, dims: number): Pick<TorchWeight, 'torchShape' | 'perm'> {
  const rank = decl.shape.length;
  if (decl.name.endsWith('/kernel')) {
    const perm = [rank - 1, rank - 2, ...iota(rank - 2)];
    return { perm, torchShape: perm.map((i) => decl.shape[i] ?? 1) };
  }
  if (decl.name.endsWith('/alpha')) {
    const perm = [rank - 1, ...iota(rank - 1)];
    const full = perm.map((i) => decl.shape[i] ?? 1);
    const shared = preluSharedAxes(node).length;
    const torchShape = shared === dims ? [full[0] ?? 1] : shared === dims + 1 ? [1] : full;
    return { perm, torchShape };
  }
  return { perm: iota(rank), torchShape: decl.shape };
}

/** Every variable of the model with its PyTorch name and layout, in tfjs' weight order. */
export function torchWeightLayout(model: CheckedModel): TorchWeight[] {
  const index = new GraphIndex(model.graph);
  const names = pythonNames(model.graph);
  return modelWeights(index).map((decl) => {
    const slash = decl.name.lastIndexOf('/');
    const layer = decl.name.slice(0, slash);
    const weight = decl.name.slice(slash + 1);
    const node = index.node(layer);
    return {
      tfjsName: decl.name,
      torchName: `${names.get(layer) ?? layer}.${TORCH_NAME[weight] ?? weight}`,
      tfjsShape: decl.shape,
      ...layout(decl, node, model.graph.dims),
    };
  });
}

function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length).fill(0);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** tfjs variables (by tfjs name) → the PyTorch state dict of the generated model (float tensors). */
export function tfjsToTorchTensors(
  model: CheckedModel,
  weights: ReadonlyMap<string, Float32Array>,
): Map<string, NamedTensor> {
  const out = new Map<string, NamedTensor>();
  for (const w of torchWeightLayout(model)) {
    const values = weights.get(w.tfjsName);
    if (!values || values.length !== size(w.tfjsShape))
      throw new Error(`variable '${w.tfjsName}' is missing or has the wrong size`);
    out.set(w.torchName, { shape: w.torchShape, data: permuteAxes(values, w.tfjsShape, w.perm) });
  }
  return out;
}

/**
 * A PyTorch state dict (float tensors by state-dict name) → tfjs variables by name. Every variable
 * the model needs must be there with its shape; extra entries are an error too (a different
 * model). `from` names the source in messages.
 */
export function torchTensorsToTfjs(
  model: CheckedModel,
  tensors: ReadonlyMap<string, NamedTensor>,
  from = 'the PyTorch state dict',
): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const layout = torchWeightLayout(model);
  for (const w of layout) {
    const t = tensors.get(w.torchName);
    if (!t)
      throw new Error(
        `${from} has no tensor '${w.torchName}' that this model needs; save it with save_weights from this spec's model.py`,
      );
    if (t.shape.join('x') !== w.torchShape.join('x'))
      throw new Error(
        `tensor '${w.torchName}' in ${from} is [${t.shape.join(', ')}], this model needs [${w.torchShape.join(', ')}]`,
      );
    const fullShape = w.perm.map((p) => w.tfjsShape[p] ?? 1);
    out.set(w.tfjsName, permuteAxes(t.data, fullShape, inversePerm(w.perm)));
  }
  const known = new Set(layout.map((w) => w.torchName));
  const extra = [...tensors.keys()].filter((k) => !known.has(k));
  if (extra.length > 0)
    throw new Error(
      `${from} has tensors this model does not (${extra.slice(0, 3).join(', ')}): it was saved from another spec`,
    );
  return out;
}
