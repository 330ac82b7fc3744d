import type { IrGraph } from '../../ir/ir.js';

/**
 * Names nn.Module already uses (or that the generated code needs): an IR node called `training`
 * or `forward` must not shadow them. Python keywords cannot be attribute names at all.
 */
const RESERVED = new Set([
  ...['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue'],
  ...['def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in'],
  ...['is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield'],
  ...['forward', 'logits', 'training', 'train', 'eval', 'parameters', 'modules', 'children', 'apply'],
  ...['cuda', 'cpu', 'to', 'float', 'half', 'double', 'state_dict', 'load_state_dict', 'buffers', 'type'],
  ...['torch', 'nn', 'F', 'self', 'x', 'dump_patches', 'call_super_init', 'Sequence', 'Tuple'],
  // model.py's own helpers and constants, which forward's locals must not shadow.
  ...['resize', 'upsample', 'PReLUPerActivation', 'SPEC_NAME', 'DIMS', 'INPUT_SHAPE', 'OUTPUT_NAMES'],
  ...['OUTPUT_SHAPES', 'HEAD_KINDS', 'LOSS_WEIGHTS', 'CLASSES', 'PARAMS', 'UNet'],
]);

function pythonIdentifier(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_]/g, '_');
  const name = /^[0-9]/.test(cleaned) ? `n_${cleaned}` : cleaned;
  return RESERVED.has(name) || name.startsWith('_') ? `l_${name}` : name;
}

/**
 * The Python name of every IR node: its id where that is a valid identifier (the usual case —
 * "enc0_conv1", "x1_2_concat"), else a cleaned, still unique form. The same name is the module
 * attribute (hence the state-dict prefix) and the local variable in `forward`.
 */
export function pythonNames(graph: IrGraph): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const node of graph.nodes) {
    const base = pythonIdentifier(node.id);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    names.set(node.id, name);
  }
  return names;
}
