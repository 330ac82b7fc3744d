import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { writeFileAtomic } from '../../common/atomic-write.js';
import { checkedSpecFile, inputSizeOption, syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import type { RegisterCommand } from './index.js';

interface GraphOptions extends SpecFileOptions {
  readonly output?: string;
  readonly format: 'svg' | 'json';
}

const examples = `
Examples:
  $ unetc graph specs/unet2015.unet -o unet.svg       the paper's Figure 1: 572×572 → 388×388
  $ unetc graph specs/unetpp.unet -o unetpp.svg       U-Net++ grid X(i,j) with dense skips and heads
  $ unetc graph runs/isbi -o model.svg                a training run or compiled model directory (plan.json)
  $ unetc graph specs/unet2015.unet --input-size 188x188 | rsvg-convert -o unet.png

Exit status: 0 ok, 1 the spec has errors (printed on stderr), 2 usage or I/O problem.`;

export const registerGraph: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('graph')
    .summary('draw the network as the U-Net paper draws it (SVG)')
    .description(
      "Draw a spec (or a compiled model directory) like the paper's Figure 1: one box per feature map with its\n" +
        'channels and size, arrows for convs, pools, up-convs, copy-and-crop skips, attention gates and heads.',
    )
    .argument('<spec>', 'spec file (.unet, .yaml) or compiled model directory')
    .option('-o, --output <file>', 'write the SVG here (atomically) instead of stdout')
    .addOption(
      new Option('-f, --format <format>', 'svg, or json for the drawing model')
        .choices(['svg', 'json'])
        .default('svg'),
    )
    .addOption(syntaxOption())
    .addOption(inputSizeOption())
    .addHelpText('after', examples)
    .action(async (spec: string, options: GraphOptions) => {
      setExitCode(await runGraph(spec, options));
    });
};

/** The drawing code is imported on first use, so that `unetc check` does not load it. */
export async function runGraph(path: string, options: GraphOptions): Promise<number> {
  if (options.output?.toLowerCase().endsWith('.png')) {
    throw new UserError(
      `cannot write '${options.output}': unetc draws SVG only — write '.svg' and convert it (e.g. rsvg-convert -o x.png x.svg)`,
    );
  }
  const model = loadModel(path, options);
  const { renderNetworkSvg, visualModelOf } = await import('../../compiler/graph/index.js');
  const text =
    options.format === 'json'
      ? `${JSON.stringify(visualModelOf(model), null, 2)}\n`
      : renderNetworkSvg(model);
  if (options.output !== undefined) {
    if (existsSync(options.output) && statSync(options.output).isDirectory()) {
      throw new UserError(
        `cannot write '${options.output}': it is a directory — name a file such as unet.svg`,
      );
    }
    writeFileAtomic(options.output, text);
  } else process.stdout.write(text);
  return ExitCode.ok;
}

/** A compiled directory's (or run's) plan.json carries the checked model; a spec is compiled here. */
function loadModel(path: string, options: GraphOptions): CheckedModel {
  if (existsSync(path) && statSync(path).isDirectory()) {
    // A compiled directory, or a training run (its final model, else the compiled start).
    const planPath = ['.', 'model', 'compiled']
      .map((sub) => join(path, sub, 'plan.json'))
      .find((p) => existsSync(p));
    if (planPath === undefined)
      throw new UserError(
        `'${path}' is a directory without plan.json — pass a spec file, a compiled model directory or a training run`,
      );
    try {
      const plan = JSON.parse(readFileSync(planPath, 'utf8')) as CheckedModel;
      if (!plan.graph?.nodes || !plan.spec?.network) throw new Error('no graph');
      return plan;
    } catch {
      throw new UserError(`'${planPath}' is not a unetc plan — recompile the model with unetc compile`);
    }
  }
  return checkedSpecFile(path, options, 'nothing drawn');
}
