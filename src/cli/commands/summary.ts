import { Option, type Command } from 'commander';
import { modelToJson } from '../../compiler/report/model-json.js';
import type { ParamConvention } from '../../compiler/report/param-counts.js';
import { renderSummaryTable } from '../../compiler/report/summary-table.js';
import { checkedSpecFile, inputSizeOption, syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { ExitCode } from '../../common/user-error.js';
import type { RegisterCommand } from './index.js';

interface SummaryOptions extends SpecFileOptions {
  readonly format: 'text' | 'json';
  readonly convention: ParamConvention;
}

const examples = `
Examples:
  $ unetc summary specs/unet2015.unet                  layer table, params, FLOPs, memory, valid sizes
  $ unetc summary specs/unet2015.unet --input-size 188x188
  $ unetc summary specs/unetpp.unet --format json | jq .model.params
  $ unetc summary specs/attention-unet-monai.unet --convention pytorch    counts as model.parameters()

Exit status: 0 ok, 1 the spec has errors (printed on stderr), 2 usage or I/O problem.`;

export const registerSummary: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('summary')
    .summary('print the layer table and totals of a spec')
    .description(
      'Check one spec and print its layers (output shape, params) and totals: parameters, conv layers, FLOPs,\n' +
        'training memory at the spec batch, receptive field, input → output, valid input sizes, label crop.',
    )
    .argument('<file>', 'spec file (.unet, .yaml or any extension)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(
      new Option(
        '--convention <convention>',
        'parameter counts: keras (every weight) or pytorch (model.parameters())',
      )
        .choices(['keras', 'pytorch'])
        .default('keras'),
    )
    .addOption(syntaxOption())
    .addOption(inputSizeOption())
    .addHelpText('after', examples)
    .action((file: string, options: SummaryOptions) => {
      setExitCode(runSummary(file, options));
    });
};

export function runSummary(file: string, options: SummaryOptions): number {
  // Infos (e.g. "the receptive field exceeds the input") are for `check`; the table says enough.
  const model = checkedSpecFile(file, options, 'no summary', { quietInfos: true });
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify({ file, model: modelToJson(model) }, null, 2)}\n`);
  } else {
    process.stdout.write(renderSummaryTable(model, { convention: options.convention }));
  }
  return ExitCode.ok;
}
