import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import { expandNetwork } from '../../src/compiler/check/expand-network.js';
import { propagateAxis } from '../../src/compiler/check/propagate-sizes.js';
import { computeSizeRule, satisfiesRule } from '../../src/compiler/check/size-rules.js';
import { validateGraph } from '../../src/compiler/ir/validate-graph.js';
import { fakeLocate, spec } from './fixtures.js';
import { netOptions } from './random-nets.js';

const SIZE_CODES = /^UNC30\d\d$/;

describe('checker properties over random U-Nets', () => {
  it('never throws, and every accepted graph is well-formed', () => {
    fc.assert(
      fc.property(netOptions, (o) => {
        const result = checkSpec(spec(o), fakeLocate().locate);
        expect(result.diagnostics.filter((d) => d.code === 'UNC9000')).toEqual([]);
        if (result.model) {
          expect(validateGraph(result.model.graph)).toEqual([]);
          const out = result.model.graph.outputs[0]!.shape;
          expect(out.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the size rule predicts exactly which input sizes pass the shape checks', () => {
    fc.assert(
      fc.property(
        netOptions,
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 8, maxLength: 8 }),
        (o, probes) => {
          const net = spec(o).network;
          const { graph } = expandNetwork(net, [], fakeLocate().locate);
          const output = graph.outputs[0]!.node;
          for (let axis = 0; axis < net.dims; axis++) {
            const { rule } = computeSizeRule(graph, axis, output);
            const sizes: number[] = [];
            for (const s of probes) {
              const ok = propagateAxis(graph, axis, s, sizes);
              expect(rule !== undefined && satisfiesRule(rule, s)).toBe(ok);
              if (ok) {
                expect(sizes.every((n) => Number.isInteger(n) && n > 0)).toBe(true);
                expect(sizes[output]).toBe(rule!.outputScale * s + rule!.outputShift);
              }
            }
            if (rule) {
              expect(propagateAxis(graph, axis, rule.min, sizes)).toBe(true);
              if (rule.min > 1) expect(propagateAxis(graph, axis, rule.min - 1, sizes)).toBe(false);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts the input exactly when every axis satisfies its rule (no size diagnostics otherwise)', () => {
    fc.assert(
      fc.property(netOptions, (o) => {
        const result = checkSpec(spec(o), fakeLocate().locate);
        const sizeErrors = result.diagnostics.filter(
          (d) => SIZE_CODES.test(d.code) && d.severity === 'error',
        );
        const wiring = result.diagnostics.filter((d) => !SIZE_CODES.test(d.code) && d.severity === 'error');
        if (wiring.length > 0) return;
        const net = spec(o).network;
        const { graph } = expandNetwork(net, [], fakeLocate().locate);
        const valid = net.inputSize.every((s, axis) => {
          const { rule } = computeSizeRule(graph, axis, graph.outputs[0]!.node);
          return rule !== undefined && satisfiesRule(rule, s);
        });
        expect(sizeErrors.length === 0).toBe(valid);
        if (valid) expect(result.model).toBeDefined();
        else expect(sizeErrors.every((d) => d.hint !== undefined && d.related !== undefined)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('every admissible size checks cleanly, and the IR output matches the rule', () => {
    fc.assert(
      fc.property(netOptions, fc.integer({ min: 0, max: 3 }), (o, k) => {
        const base = spec(o);
        const { graph } = expandNetwork(base.network, [], fakeLocate().locate);
        const rules = base.network.inputSize.map(
          (_, axis) => computeSizeRule(graph, axis, graph.outputs[0]!.node).rule,
        );
        if (rules.some((r) => r === undefined)) return;
        const input = rules.map((r) => r!.min + k * r!.modulus);
        const result = checkSpec(spec({ ...o, input }), fakeLocate().locate);
        expect(result.diagnostics.filter((d) => SIZE_CODES.test(d.code) && d.severity === 'error')).toEqual(
          [],
        );
        if (!result.model) return;
        expect(validateGraph(result.model.graph)).toEqual([]);
        const out = result.model.graph.outputs[0]!.shape;
        input.forEach((s, axis) =>
          expect(out[axis]).toBe(rules[axis]!.outputScale * s + rules[axis]!.outputShift),
        );
        expect(result.model.summary.params).toBe(
          result.model.graph.nodes.reduce((sum, n) => sum + n.params, 0),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('size-rule search', () => {
  it('lifting congruences finds the same rule as trying every residue', () => {
    fc.assert(
      fc.property(netOptions, (o) => {
        const { graph } = expandNetwork(spec(o).network, [], fakeLocate().locate);
        const output = graph.outputs[0]!.node;
        for (let axis = 0; axis < graph.dims; axis++) {
          const scanned = computeSizeRule(graph, axis, output).rule;
          const lifted = computeSizeRule(graph, axis, output, 0).rule;
          if (scanned && scanned.modulus === 1) continue;
          expect(lifted).toEqual(scanned);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('handles a depth-10, stride-8 network without trying 8¹⁰ residues', () => {
    const o = {
      input: [64, 64],
      depth: 10,
      filters: 1,
      block: { padding: 'same' as const },
      down: { kind: 'maxpool' as const, stride: [8, 8] },
    };
    const { graph } = expandNetwork(spec(o).network, [], fakeLocate().locate);
    const { rule } = computeSizeRule(graph, 0, graph.outputs[0]!.node);
    expect(rule).toEqual({ modulus: 8 ** 10, min: 8 ** 10, outputScale: 1, outputShift: 0 });
  });
});
