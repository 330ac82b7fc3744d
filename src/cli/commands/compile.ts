import path from 'node:path';
import { Option, type Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { renderDiagnosticText } from '../../compiler/diagnostics/render-text.js';
import { OutputPathError } from '../../common/atomic-write.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { useColor } from '../color.js';
import {
  compileSpecFile,
  inputSizeOption,
  parseSizeList,
  syntaxOption,
  type SpecFileOptions,
} from '../spec-options.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import { refuseBeyondMemory } from '../memory-budget.js';
import type { RegisterCommand } from './index.js';
import { isTargetName, targetNames, type TargetName } from '../../compiler/emit/targets/index.js';

interface CompileOptions extends SpecFileOptions {
  readonly output?: string;
  readonly seed?: number;
  readonly prune?: number;
  readonly weights?: string;
  readonly input?: readonly number[];
  readonly target: TargetName;
}

const examples = `
Examples:
  $ unetc compile specs/unet2015.unet -o out/unet2015     model.json + weights, plan.json, summary.txt
  $ unetc compile specs/unet2015.unet --input-size 188x188 --seed 7
  $ unetc compile specs/unetpp.unet --prune L2 --weights runs/unetpp -o out/unetpp-l2

Load the result in tfjs:  await tf.loadLayersModel('file://out/unet2015/model.json')  (tfjs-node), or
tf.io.fromMemory with the parsed model.json and the .bin bytes (plain @tensorflow/tfjs). A model.json
that names Unetc… layers needs them registered first: import 'unetc/dist/runtime/layers/index.js'.

Exit status: 0 written, 1 the spec has errors (printed on stderr), 2 usage or I/O problem.`;

function parseInteger(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n)) throw new UserError(`${flag} '${text}' is not an integer`);
    return n;
  };
}

/** `L2` or `2` → 2 (U-Net++ pruning level). */
export function parsePruneLevel(text: string): number {
  const m = /^L?(\d+)$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1) throw new UserError(`--prune '${text}' is not a pruning level — write e.g. L2`);
  return Number(m[1]);
}

function parseTarget(text: string): TargetName {
  if (!isTargetName(text))
    throw new UserError(`--target '${text}' is not a target — use ${targetNames.join(', ')}`);
  return text;
}

export const registerCompile: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('compile')
    .summary('compile a spec to a TensorFlow.js layers model and a training plan')
    .description(
      'Check a spec and write, atomically, a directory with model.json + group1-shard1of1.bin (the standard ' +
        'tfjs layers-model format, weights initialised as the spec says), plan.json (checked IR + training plan, ' +
        'schema/plan.schema.json) and summary.txt (the `unetc summary` table).',
    )
    .argument('<spec>', 'spec file (.unet, .yaml or any extension)')
    .option('-o, --output <dir>', 'output directory (default: out/<spec name>); replaced atomically')
    .addOption(
      new Option('--seed <n>', 'weight initialisation seed (default: the spec train seed, else 1)').argParser(
        parseInteger('--seed'),
      ),
    )
    .addOption(
      new Option('--prune <level>', 'U-Net++: keep only the sub-network up to head X0_k (L1…Ld)').argParser(
        parsePruneLevel,
      ),
    )
    .option(
      '--weights <dir>',
      'start from the weights of a compiled/trained model directory (matched by layer name)',
    )
    .addOption(
      new Option('--target <name>', 'what to emit: tfjs (default), pytorch or onnx')
        .default('tfjs')
        .argParser(parseTarget),
    )
    .addOption(syntaxOption())
    .addOption(inputSizeOption())
    .addOption(new Option('--input <HxW>', 'same as --input-size').argParser(parseSizeList).hideHelp())
    .addHelpText('after', examples)
    .action(async (file: string, options: CompileOptions) => {
      setExitCode(await runCompile(file, options));
    });
};

/**
 * The emitter (and the ajv of its plan schema) is imported on first use, not at start-up, so that
 * `unetc check`, which registers this command too, does not pay for loading it (issue 2).
 */
async function prepare(model: CheckedModel, options: CompileOptions): Promise<CheckedModel> {
  if (options.prune === undefined) return model;
  const { prunedModel } = await import('../../compiler/emit/prune-model.js');
  try {
    return prunedModel(model, options.prune);
  } catch (error) {
    throw new UserError(
      `--prune L${options.prune}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function trainedWeights(dir: string | undefined): Promise<Map<string, Float32Array> | undefined> {
  if (dir === undefined) return undefined;
  const { readModelDirWeights } = await import('../../compiler/emit/weights-file.js');
  try {
    return await readModelDirWeights(dir);
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}

export async function runCompile(file: string, options: CompileOptions): Promise<number> {
  const inputSize = options.inputSize ?? options.input;
  const result = compileSpecFile(file, { ...options, ...(inputSize ? { inputSize } : {}) });
  const color = useColor(process.stderr);
  for (const d of result.diagnostics)
    process.stderr.write(`${renderDiagnosticText(d, result.source, { color })}\n\n`);
  if (!result.model || hasErrors(result.diagnostics)) {
    process.stderr.write(`unetc: '${file}' has errors; nothing written\n`);
    return ExitCode.errors;
  }
  refuseBeyondMemory('compile', file, result.model);
  const model = await prepare(result.model, options);
  const full = result.model;
  const weights = await trainedWeights(options.weights);
  const outDir = options.output ?? path.join('out', model.spec.name);
  const { loadTarget } = await import('../../compiler/emit/targets/index.js');
  const { writeDirAtomic } = await import('../../common/atomic-write.js');
  const target = await loadTarget(options.target);
  let notes: readonly string[];
  let names: string[];
  try {
    const emitted = await target.emit(full, {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.prune !== undefined ? { prune: options.prune } : {}),
      ...(weights ? { weights, weightsFrom: options.weights } : {}),
    });
    names = emitted.files.map((f) => f.name);
    notes = emitted.notes;
    await writeDirAtomic(outDir, emitted.files);
  } catch (error) {
    if (error instanceof OutputPathError) throw new UserError(error.message);
    if (weights && error instanceof Error && /variable '/.test(error.message))
      throw new UserError(error.message);
    throw error;
  }
  const out = model.graph.outputs[0];
  const input = model.graph.nodes.find((n) => n.id === model.graph.input);
  process.stdout.write(
    `compiled ${file} → ${outDir}/ (${names.join(', ')}): ` +
      `${model.summary.params.toLocaleString('en-US')} params, ${input?.shape.join('×') ?? '?'} → ${out?.shape.join('×') ?? '?'}\n`,
  );
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
  return ExitCode.ok;
}
