/**
 * Hand-built IR graphs in the shape the lowering produces (ids, ops, roles), so the drawing can be
 * tested without the front end: the paper's U-Net, U-Net++ and an attention U-Net.
 */
import type { IrAttrs, IrGraph, IrNode, IrRole } from '../../src/compiler/ir/ir.js';

class Builder {
  readonly nodes: IrNode[] = [];
  add(id: string, attrs: IrAttrs, inputs: string[], shape: number[], role: IrRole): string {
    this.nodes.push({ id, attrs, inputs, shape, params: 0, flops: 0, role, origin: '/network' });
    return id;
  }
  shape(id: string): number[] {
    return [...this.nodes.find((n) => n.id === id)!.shape];
  }
}

const conv = (
  filters: number,
  kernel: number,
  padding: 'valid' | 'same',
  activation: 'relu' | 'linear' | 'softmax' = 'relu',
): IrAttrs => ({
  op: 'conv',
  filters,
  kernel: [kernel, kernel],
  strides: [1, 1],
  dilation: [1, 1],
  padding,
  useBias: true,
  activation,
});
const pool: IrAttrs = { op: 'max_pool', pool: [2, 2], strides: [2, 2], padding: 'valid' };
const up = (filters: number): IrAttrs => ({
  op: 'conv_transpose',
  filters,
  kernel: [2, 2],
  strides: [2, 2],
  padding: 'valid',
  outputPadding: [0, 0],
  useBias: true,
  activation: 'linear',
});
const role = (stage: IrRole['stage'], level: number, column: number): IrRole => ({ stage, level, column });

function block(
  b: Builder,
  prefix: string,
  input: string,
  filters: number,
  padding: 'valid' | 'same',
  r: IrRole,
): string {
  let x = input;
  for (let k = 1; k <= 2; k++) {
    const [h, w] = b.shape(x);
    const shrink = padding === 'valid' ? 2 : 0;
    x = b.add(`${prefix}_conv${k}`, conv(filters, 3, padding), [x], [h! - shrink, w! - shrink, filters], r);
  }
  return x;
}

export function paperUnet(
  size = 572,
  depth = 4,
  base = 64,
  padding: 'valid' | 'same' = 'valid',
  attention = false,
): IrGraph {
  const b = new Builder();
  let x = b.add('input', { op: 'input' }, [], [size, size, 1], role('input', 0, 0));
  const skips: string[] = [];
  for (let l = 0; l <= depth; l++) {
    const f = base * 2 ** l;
    if (l > 0) {
      const [h, w, c] = b.shape(x);
      x = b.add(`down${l - 1}_pool`, pool, [x], [h! / 2, w! / 2, c!], role('down', l - 1, 0));
    }
    x = block(
      b,
      l === depth ? 'bottleneck' : `enc${l}`,
      x,
      f,
      padding,
      role(l === depth ? 'bottleneck' : 'encoder', l, 0),
    );
    if (l === depth)
      x = b.add(
        'bottleneck_dropout',
        { op: 'dropout', rate: 0.5, spatial: false },
        [x],
        b.shape(x),
        role('bottleneck', l, 0),
      );
    skips.push(x);
  }
  for (let l = depth - 1; l >= 0; l--) {
    const f = base * 2 ** l;
    const column = depth - l;
    const [h, w] = b.shape(x);
    const u = b.add(`up${l}_upconv`, up(f), [x], [h! * 2, w! * 2, f], role('up', l, column));
    let skip = skips[l]!;
    if (attention) {
      const g = role('gate', l, 0);
      const [sh, sw] = b.shape(skip);
      const inter = f / 2;
      const wx = b.add(
        `gate${l}_wx`,
        { ...conv(inter, 2, 'valid', 'linear'), strides: [2, 2] } as IrAttrs,
        [skip],
        [sh! / 2, sw! / 2, inter],
        g,
      );
      const wg = b.add(`gate${l}_wg`, conv(inter, 1, 'same', 'linear'), [x], [sh! / 2, sw! / 2, inter], g);
      const sum = b.add(`gate${l}_add`, { op: 'add' }, [wx, wg], [sh! / 2, sw! / 2, inter], g);
      const relu = b.add(
        `gate${l}_relu`,
        { op: 'activation', kind: 'relu' },
        [sum],
        [sh! / 2, sw! / 2, inter],
        g,
      );
      const psi = b.add(`gate${l}_psi`, conv(1, 1, 'same', 'linear'), [relu], [sh! / 2, sw! / 2, 1], g);
      const sig = b.add(
        `gate${l}_sigmoid`,
        { op: 'activation', kind: 'sigmoid' },
        [psi],
        [sh! / 2, sw! / 2, 1],
        g,
      );
      const alpha = b.add(
        `gate${l}_resize`,
        { op: 'resize_like', interpolation: 'bilinear' },
        [sig, skip],
        [sh!, sw!, 1],
        g,
      );
      skip = b.add(`gate${l}_multiply`, { op: 'multiply' }, [skip, alpha], [sh!, sw!, f], g);
    }
    const [sh] = b.shape(skip);
    const target = h! * 2;
    if (sh !== target) {
      const m = (sh! - target) / 2;
      skip = b.add(
        `skip${l}_crop`,
        {
          op: 'crop',
          cropping: [
            [m, m],
            [m, m],
          ],
        },
        [skip],
        [target, target, f],
        role('skip', l, 0),
      );
    }
    const cat = b.add(
      `dec${l}_concat`,
      { op: 'concat' },
      [u, skip],
      [target, target, 2 * f],
      role('skip', l, 0),
    );
    x = block(b, `dec${l}`, cat, f, padding, role('decoder', l, column));
  }
  const [h, w] = b.shape(x);
  const head = b.add('head_conv', conv(2, 1, 'same', 'softmax'), [x], [h!, w!, 2], role('head', 0, depth));
  return {
    dims: 2,
    nodes: b.nodes,
    input: 'input',
    outputs: [{ node: head, name: 'main', lossWeight: 1, shape: [h!, w!, 2] }],
  };
}

/** U-Net++ (Zhou 2018): X(i,j) = H([X(i,0..j−1), U(X(i+1,j−1))]), same padding, heads on X(0,1..L). */
export function unetPlusPlus(size = 96, depth = 3, base = 32, deepSupervision = true): IrGraph {
  const b = new Builder();
  const X = new Map<string, string>();
  const input = b.add('input', { op: 'input' }, [], [size, size, 1], role('input', 0, 0));
  for (let i = 0; i <= depth; i++) {
    let x = input;
    if (i > 0) {
      const [h, w, c] = b.shape(X.get(`${i - 1},0`)!);
      x = b.add(
        `down${i - 1}_pool`,
        pool,
        [X.get(`${i - 1},0`)!],
        [h! / 2, w! / 2, c!],
        role('down', i - 1, 0),
      );
    }
    X.set(
      `${i},0`,
      block(b, `x${i}_0`, x, base * 2 ** i, 'same', role(i === depth ? 'bottleneck' : 'encoder', i, 0)),
    );
  }
  const outputs: IrGraph['outputs'][number][] = [];
  for (let j = 1; j <= depth; j++) {
    for (let i = 0; i + j <= depth; i++) {
      const f = base * 2 ** i;
      const below = X.get(`${i + 1},${j - 1}`)!;
      const [h, w] = b.shape(below);
      const u = b.add(`x${i}_${j}_up`, up(f), [below], [h! * 2, w! * 2, f], role('up', i, j));
      const parts = [...Array.from({ length: j }, (_, k) => X.get(`${i},${k}`)!), u];
      const cat = b.add(
        `x${i}_${j}_concat`,
        { op: 'concat' },
        parts,
        [h! * 2, w! * 2, f * (j + 1)],
        role('decoder', i, j),
      );
      X.set(`${i},${j}`, block(b, `x${i}_${j}`, cat, f, 'same', role('decoder', i, j)));
      if (i === 0 && (deepSupervision || j === depth)) {
        const head = b.add(
          `head_x0_${j}`,
          conv(1, 1, 'same', 'linear'),
          [X.get(`0,${j}`)!],
          [size, size, 1],
          role('head', 0, j),
        );
        const act = b.add(
          `head_x0_${j}_sigmoid`,
          { op: 'activation', kind: 'sigmoid' },
          [head],
          [size, size, 1],
          role('head', 0, j),
        );
        outputs.push({ node: act, name: `X0_${j}`, lossWeight: 1 / depth, shape: [size, size, 1] });
      }
    }
  }
  return { dims: 2, nodes: b.nodes, input: 'input', outputs: outputs.reverse() };
}
