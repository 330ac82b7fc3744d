import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphIndex } from '../../../src/compiler/emit/graph-index.js';
import { modelWeights } from '../../../src/compiler/emit/layer-weights.js';
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import { onnxGraphProblems } from '../../../src/compiler/emit/onnx/check-onnx-graph.js';
import { onnx } from '../../../src/compiler/emit/onnx/onnx-graph-builder.js';
import { ONNX_OPSET } from '../../../src/compiler/emit/onnx/onnx-model.js';
import { emitOnnx } from '../../../src/compiler/emit/onnx/onnx-target.js';
import { compileFile, smallSpec, specFiles } from './onnx-fixtures.js';

const python = process.env['UNETC_PYTHON'] ?? '/usr/bin/python3';
const fixturesDir = path.join(import.meta.dirname, 'fixtures');

/** Checks each file with onnx.checker (full check: with shape inference); prints one JSON line. */
const checkerScript = `
import json, sys, onnx
from onnx import checker, shape_inference
report = {}
for path in sys.argv[1:]:
    model = onnx.load(path)
    checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, strict_mode=True)
    report[path] = {
        "opset": [o.version for o in model.opset_import if o.domain == ""][0],
        "outputs": [o.name for o in inferred.graph.output],
        "meta": {p.key: p.value for p in model.metadata_props},
    }
print(json.dumps(report))
`;

/** Zero weights: the structure does not depend on the values, and drawing 31 M of them is slow. */
function zeroWeights(model: CheckedModel): Map<string, Float32Array> {
  return new Map(
    modelWeights(new GraphIndex(model.graph)).map((d) => [
      d.name,
      new Float32Array(d.shape.reduce((a, b) => a * b, 1)),
    ]),
  );
}

describe('ONNX structure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unetc-onnx-check-'));
  const files: { name: string; file: string; model: CheckedModel; problems: string[] }[] = [];
  beforeAll(async () => {
    const models = [
      ...specFiles.map((f) => ({ name: f, model: () => smallSpec(f) })),
      ...readdirSync(fixturesDir)
        .filter((f) => f.endsWith('.unet'))
        .map((f) => ({ name: f, model: () => compileFile(join(fixturesDir, f)) })),
    ];
    for (const { name, model: compile } of models) {
      const model = compile();
      const bytes = emitOnnx(model, { weights: zeroWeights(model) });
      const file = join(dir, `${name}.onnx`);
      writeFileSync(file, bytes);
      files.push({ name, file, model, problems: onnxGraphProblems(bytes) });
      // Let the test runner's own messages through between the large models.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }, 300_000);

  it('every node input is defined and every initializer matches its shape (all specs and fixtures)', () => {
    expect(files.length).toBe(specFiles.length + 4);
    for (const { name, problems } of files) expect(problems, name).toEqual([]);
  });

  it('the structural check catches an undefined input and a short initializer', () => {
    const decoded = onnx.ModelProto.decode(emitOnnx(smallSpec('unet-nuclei.unet'), {}));
    decoded.graph!.node![3]!.input![0] = 'nowhere';
    decoded.graph!.initializer![0]!.dims = [999];
    const problems = onnxGraphProblems(onnx.ModelProto.encode(decoded).finish());
    expect(problems.some((p) => p.includes("reads 'nowhere' before it is defined"))).toBe(true);
    expect(problems.some((p) => /holds \d+ values, its shape \[999\] needs 999/.test(p))).toBe(true);
  });

  it(`passes onnx.checker (full check, opset ${ONNX_OPSET}) for every spec and fixture, in one Python process`, () => {
    const out = execFileSync(python, ['-c', checkerScript, ...files.map((f) => f.file)], {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });
    const report = JSON.parse(out) as Record<
      string,
      { opset: number; outputs: string[]; meta: Record<string, string> }
    >;
    for (const { file, model } of files) {
      expect(report[file]!.opset).toBe(ONNX_OPSET);
      expect(report[file]!.outputs).toEqual(model.graph.outputs.map((o) => o.name));
      expect(JSON.parse(report[file]!.meta['unetc.outputs']!)).toEqual(
        model.graph.outputs.map((o) => o.name),
      );
    }
  }, 300_000);
});
