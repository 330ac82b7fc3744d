/**
 * Checks of the data and train sections that need the checked network: tile sizes against the
 * size rules, predict overlap against the output tile, loss against head activation, weighted CE
 * without a weight map, batch norm at batch 1, data classes against the network.
 */
import { losses } from '../vocabulary/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { NetGraph } from '../ir/net-graph.js';
import type { ModelSpec, TilingSpec } from '../spec/spec.js';
import type { Locate } from './net-builder.js';
import { axisNames, sizeFix, sizeHint, type SizeContext } from './size-diagnostics.js';
import { formatSizeRule, satisfiesRule } from './size-rules.js';

const tilePointer = (t: TilingSpec): string => (t.$path.endsWith('/tile') ? t.$path : `${t.$path}/tile`);

function checkTile(which: string, t: TilingSpec, ctx: SizeContext, out: Diagnostic[]): boolean {
  const net = ctx.net;
  const pointer = tilePointer(t);
  if (t.tile.length !== net.dims) {
    out.push(
      makeDiagnostic('TileDimsMismatch', ctx.locate(pointer), {
        which,
        tile: t.tile.join('×'),
        count: t.tile.length,
        dims: net.dims,
      }),
    );
    return false;
  }
  if (t.tile.every((s, axis) => s === net.inputSize[axis])) return true;
  const names = axisNames(net.dims);
  const bad = t.tile.flatMap((s, axis) => {
    const rule = ctx.rules[axis]?.rule;
    return rule && !satisfiesRule(rule, s) ? [`${names[axis]} = ${s} ∉ {${formatSizeRule(rule)}}`] : [];
  });
  if (bad.length === 0) return true;
  const fix = sizeFix(ctx, pointer, t.tile, undefined);
  out.push(
    makeDiagnostic(
      'TileSizeInvalid',
      ctx.locate(pointer),
      { which, tile: t.tile.join('×'), problem: bad.join(', '), rule: sizeHint(ctx, t.tile) },
      fix ? { fix } : {},
    ),
  );
  return false;
}

function checkOverlap(t: TilingSpec, ctx: SizeContext, out: Diagnostic[]): void {
  t.overlap.forEach((overlap, axis) => {
    const rule = ctx.rules[axis]?.rule;
    const tile = t.tile[axis];
    if (!rule || tile === undefined) return;
    const outTile = rule.outputScale * tile + rule.outputShift;
    if (overlap > 0 && overlap >= outTile) {
      out.push(makeDiagnostic('OverlapTooLarge', ctx.locate(`${t.$path}/overlap`), { overlap, outTile }));
    }
  });
}

function checkLoss(spec: ModelSpec, graph: NetGraph, locate: Locate, out: Diagnostic[]): void {
  const train = spec.train;
  if (!train) return;
  const head = spec.network.head;
  const loss = train.loss;
  const at = locate(loss.$path);
  // On ONE sigmoid channel (binary: background + foreground) ce / weighted_ce are the binary
  // cross-entropy on the foreground probability, weight map included; the trainer computes that.
  const binary = head.activation === 'sigmoid' && head.channels === 1;
  const described = losses.kinds[loss.kind];
  if (described.head === 'softmax' && head.activation === 'sigmoid' && !binary) {
    out.push(
      makeDiagnostic('LossNeedsSoftmax', at, {
        loss: loss.kind,
        classes: spec.network.classes,
        activation: head.activation,
      }),
    );
  }
  if (described.head === 'sigmoid' && head.activation === 'softmax' && head.channels > 1)
    out.push(makeDiagnostic('BceWithSoftmax', at));
  if (described.needsWeightMap && !spec.data?.weightMap)
    out.push(makeDiagnostic('WeightedCeWithoutWeightMap', at));
  if (train.batch <= 1) {
    const bn = graph.nodes.find((n) => n.attrs.op === 'norm' && n.attrs.kind === 'batch');
    if (bn) {
      const related = [{ span: locate(bn.origin), message: bn.id }];
      out.push(
        makeDiagnostic(
          'BatchNormAtBatchOne',
          locate(`${train.$path}/batch`),
          { batch: train.batch },
          { related },
        ),
      );
    }
  }
}

/** Tile and overlap checks: they need the size rules (every axis has one). */
export function checkTiles(spec: ModelSpec, ctx: SizeContext, out: Diagnostic[]): void {
  const data = spec.data;
  if (!data) return;
  checkTile('train', data.train, ctx, out);
  if (checkTile('predict', data.predict, ctx, out)) checkOverlap(data.predict, ctx, out);
}

/** Checks that need the network's wiring but not its sizes. */
export function checkTraining(spec: ModelSpec, graph: NetGraph, locate: Locate, out: Diagnostic[]): void {
  const data = spec.data;
  const count = data?.classMap.length ?? 0;
  const head = spec.network.head;
  // One sigmoid channel may be trained from masks that list the background too.
  const binary = head.activation === 'sigmoid' && head.channels === 1 && count <= 2;
  if (data && count > 0 && count !== spec.network.classes && !binary) {
    out.push(
      makeDiagnostic('DataClassesMismatch', locate(`${data.$path}/classes`), {
        count,
        classes: spec.network.classes,
      }),
    );
  }
  checkLoss(spec, graph, locate, out);
  const train = spec.train;
  if (train?.selectBy === 'last' && train.earlyStop !== null)
    out.push(makeDiagnostic('EarlyStopWithoutMetric', locate(train.earlyStop.$path)));
}
