/**
 * The committed MONAI goldens (tests/monai/golden/*.json, written by harness/record.py) and the
 * unetc side of their checkpoints.
 */
import { readFileSync } from 'node:fs';
import type { IrGraph } from '../../src/compiler/ir/ir.js';

export interface GoldenRecord {
  readonly class: string;
  readonly note: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly input: readonly number[];
  readonly ok: boolean;
  readonly stage?: 'construct' | 'forward';
  readonly error?: string;
  readonly trainableParams?: number;
  /** Parameters no output depends on (no gradient reaches them): no counterpart in unetc. */
  readonly unusedParams?: number;
  readonly output?: readonly number[];
  /** Checkpoint → PyTorch shape (channels first, no batch). */
  readonly checkpoints?: Readonly<Record<string, readonly number[]>>;
}

export const goldenClasses = ['unet', 'attentionunet', 'basicunet', 'basicunetplusplus', 'dynunet'] as const;

export function readGolden(name: string): readonly GoldenRecord[] {
  const text = readFileSync(new URL(`golden/${name}.json`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { records: GoldenRecord[] }).records;
}

/** unetc's channels-last shape as PyTorch writes it: channels first. */
export const channelsFirst = (shape: readonly number[]): number[] => [shape.at(-1)!, ...shape.slice(0, -1)];

const notBlock = /_(concat|pad\d*|crop\d*)$/;

/** The last node of a block (ids `<prefix>_…`), not counting the merge that may follow it. */
function lastNode(graph: IrGraph, prefix: string, exclude = notBlock): IrGraph['nodes'][number] | undefined {
  return graph.nodes
    .filter((n) => (n.id === prefix || n.id.startsWith(`${prefix}_`)) && !exclude.test(n.id))
    .at(-1);
}

/**
 * The IR node standing for a harness checkpoint: enc<k> (encoder level k; the bottleneck at the
 * depth), up<k> (the map arriving at level k: the up-sampling, or for MONAI UNet its up layer's
 * residual unit), dec<k> (decoder level k), ds<j> (the deep-supervision head on level j),
 * x<i>_<j> (U-Net++ node X(i, j)), id:<layer> (that one unetc layer).
 */
export function checkpointNode(
  graph: IrGraph,
  depth: number,
  cls: string,
  name: string,
): IrGraph['nodes'][number] | undefined {
  if (name.startsWith('id:')) return graph.nodes.find((n) => n.id === name.slice(3));
  const grid = /^x(\d+)_(\d+)$/.exec(name);
  if (grid) return lastNode(graph, name);
  const m = /^(enc|up|dec|ds)(\d+)$/.exec(name);
  if (!m) return undefined;
  const k = Number(m[2]);
  switch (m[1]) {
    case 'enc':
      return lastNode(graph, k === depth ? 'bottleneck' : `enc${k}`);
    case 'up':
      return cls === 'UNet' ? lastNode(graph, `dec${k}`) : lastNode(graph, `dec${k}_up`, /$^/);
    case 'dec':
      return lastNode(graph, `dec${k}`);
    default:
      return graph.nodes.find((n) => n.id === `head_x${k}_${depth - k}`);
  }
}
