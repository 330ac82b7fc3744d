import { Option, type Command } from 'commander';
import type { IrGraph } from '../../compiler/ir/ir.js';
import { ExitCode } from '../../common/user-error.js';
import { checkedSpecFile, syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { parsePruneLevel } from './compile.js';
import type { RegisterCommand } from './index.js';

interface ExportOptions extends SpecFileOptions {
  readonly format: 'onnx';
  readonly output: string;
  readonly spec?: string;
  readonly prune?: number;
}

const examples = `
Examples:
  $ unetc export runs/isbi --format onnx -o isbi.onnx            a training run's final weights
  $ unetc export out/unet2015 -o deploy/                         deploy/model.onnx
  $ unetc export runs/unetpp --prune L2 -o unetpp-l2.onnx         a pruned U-Net++ sub-network

The model: ONNX opset 17; input [N, H, W, C] (3D: [N, D, H, W, C]), channels-last like the rest of
unetc (one Transpose at each end inside); outputs named as the spec's heads ("main", "X0_1" …);
batch and spatial axes dynamic (any size the checker admits); class names and layout in
metadata_props. Written atomically. Exit status: 0 written, 1 a layer has no ONNX form or the spec
has errors, 2 usage or I/O problem (weights that do not match the network, -o a file where a
directory is meant or the reverse).`;

/** The IR of --spec, to check the weights against (null without --spec); spec errors throw. */
function expectedGraph(options: ExportOptions): IrGraph | null {
  if (options.spec === undefined) return null;
  return checkedSpecFile(options.spec, options, 'nothing exported').graph;
}

export const registerExport: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('export')
    .summary('export a trained (or compiled) model to ONNX')
    .description(
      'Write the model of a training run or compiled directory, with its weights, as an ONNX file.',
    )
    .argument('<model>', 'training run directory or compiled model directory')
    .addOption(new Option('--format <format>', 'export format').choices(['onnx']).default('onnx'))
    .requiredOption('-o, --output <path>', 'a file ending in .onnx, or a directory (receives model.onnx)')
    .option('--spec <file>', 'check that the weights belong to this spec')
    .addOption(
      new Option('--prune <level>', 'U-Net++: only the sub-network up to head X0_k (L1…Ld)').argParser(
        parsePruneLevel,
      ),
    )
    .addOption(syntaxOption())
    .addHelpText('after', examples)
    .action(async (model: string, options: ExportOptions) => {
      setExitCode(await runExport(model, options));
    });
};

export async function runExport(modelPath: string, options: ExportOptions): Promise<number> {
  const { compiledDirOf, exportOnnx, onnxOutputFile } = await import('../../runtime/onnx/export-onnx.js');
  const { ONNX_OPSET } = await import('../../compiler/emit/onnx/onnx-model.js');
  const file = onnxOutputFile(options.output);
  const dir = compiledDirOf(modelPath);
  const expected = expectedGraph(options);
  const { bytes, plan } = await exportOnnx(dir, expected, options.prune);
  const { writeFileAtomic } = await import('../../common/atomic-write.js');
  writeFileAtomic(file, bytes, { mkdirs: true });
  if (plan.provenance.weightsFrom === null)
    process.stderr.write(
      `note: ${dir} holds freshly initialised weights (unetc compile), not trained ones\n`,
    );
  const outputs = plan.graph.outputs.map((o) => `'${o.name}'`).join(', ');
  process.stdout.write(
    `exported ${dir} → ${file} (ONNX opset ${ONNX_OPSET}, ${(bytes.length / 2 ** 20).toFixed(1)} MiB): input '${plan.graph.input}' channels-last, outputs ${outputs}\n`,
  );
  return ExitCode.ok;
}
