import { Option, type Command } from 'commander';
import { defaultOutputDir } from '../../common/default-output-dir.js';
import {
  checkedSpecFile,
  inputSizeOption,
  parseSizeList,
  syntaxOption,
  type SpecFileOptions,
} from '../spec-options.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import { refuseBeyondMemory } from '../memory-budget.js';
import type { RegisterCommand } from './index.js';
import { isTargetName, targetNames, type TargetName } from '../../compiler/emit/targets/index.js';
import type { LayersMode } from '../../compiler/emit/keras-layers-mode/keras-mode.js';

interface CompileOptions extends SpecFileOptions {
  readonly output?: string;
  readonly seed?: number;
  readonly prune?: number;
  readonly weights?: string;
  readonly input?: readonly number[];
  readonly target: TargetName;
  readonly force?: boolean;
  readonly layers: LayersMode;
}

const examples = `
Examples:
  $ unetc compile specs/unet2015.unet -o out/unet2015     model.json + weights, plan.json, summary.txt
  $ unetc compile specs/unet2015.unet --input-size 188x188 --seed 7
  $ unetc compile specs/unetpp.unet --prune L2 --weights runs/unetpp -o out/unetpp-l2
  $ unetc compile specs/unet2015.unet --target pytorch -o out/unet2015-pt   model.py, weights.py + .safetensors
  $ unetc compile specs/unet2015.unet --weights out/unet2015-pt/trained.safetensors   back from PyTorch

Load the result in tfjs:  await tf.loadLayersModel('file://out/unet2015/model.json')  (tfjs-node), or
tf.io.fromMemory with the parsed model.json and the .bin bytes (plain @tensorflow/tfjs). A model.json
that names Unetc… layers needs them registered first: import 'unetc/layers'.

An existing output directory keeps every file compile did not write; a non-empty directory that
unetc did not write is refused unless --force.

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
    .option(
      '-o, --output <dir>',
      "output directory (default: out/<spec name>); compile's own files in it are replaced, others kept",
    )
    .option('--force', 'write into a non-empty directory that unetc did not write (other files are kept)')
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
      '--weights <dir|file>',
      'start from the weights of a compiled/trained model directory (matched by layer name) or of a ' +
        "PyTorch state dict in .safetensors (the pytorch target's save_weights)",
    )
    .addOption(
      new Option('--target <name>', 'what to emit: tfjs (default), pytorch or onnx')
        .default('tfjs')
        .argParser(parseTarget),
    )
    .addOption(
      new Option(
        '--layers <mode>',
        'model.json layer classes: tfjs (default), keras (standard Keras classes wherever one exists; ' +
          'a note per layer that stays custom) or keras-strict (such a layer is an error)',
      )
        .choices(['tfjs', 'keras', 'keras-strict'])
        .default('tfjs'),
    )
    .addOption(syntaxOption())
    .addOption(inputSizeOption())
    .addOption(new Option('--input <HxW>', 'same as --input-size').argParser(parseSizeList).hideHelp())
    .addHelpText('after', examples)
    .action(async (file: string, options: CompileOptions) => {
      setExitCode(await runCompile(file, options));
    });
};

export async function runCompile(file: string, options: CompileOptions): Promise<number> {
  const inputSize = options.inputSize ?? options.input;
  const full = checkedSpecFile(file, { ...options, ...(inputSize ? { inputSize } : {}) }, 'nothing written');
  refuseBeyondMemory('compile', file, full);
  // The emitters load on first use, not at start-up: `unetc check` registers this command too.
  const { emitModel } = await import('../../api/compile.js');
  const outDir = options.output ?? defaultOutputDir('out', full.spec.name, 'model', '-o');
  const { model, files, notes } = await emitModel(
    full,
    {
      target: options.target,
      layers: options.layers,
      outDir,
      force: options.force ?? false,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.prune !== undefined ? { prune: options.prune } : {}),
      ...(options.weights !== undefined ? { weightsFrom: options.weights } : {}),
    },
    file,
  );
  const out = model.graph.outputs[0];
  const input = model.graph.nodes.find((n) => n.id === model.graph.input);
  process.stdout.write(
    `compiled ${file} → ${outDir}/ (${files.map((f) => f.name).join(', ')}): ` +
      `${model.summary.params.toLocaleString('en-US')} params, ${input?.shape.join('×') ?? '?'} → ${out?.shape.join('×') ?? '?'}\n`,
  );
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
  return ExitCode.ok;
}
