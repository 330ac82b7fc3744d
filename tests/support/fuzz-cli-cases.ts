/**
 * Hostile CLI cases for scripts/fuzz-cli.ts: each is a set of files to lay out in a scratch folder,
 * the unetc arguments to run there, and which paths the command may create or rewrite. Pure
 * functions of a seeded PRNG, so a failing case is reproduced from its seed and index.
 */
import { garbage, mutate, tokenSoup, type Random } from './fuzz-inputs.js';
import { hostileImage, hostileModel, hostileSpecBomb } from './fuzz-cli-hostile.js';

/** Files by path relative to the case folder; a Buffer is binary, `{ symlink }` is a link. */
export type CaseFile = string | Uint8Array | { readonly symlink: string };

export interface CliCase {
  readonly kind: CaseKind;
  readonly files: Readonly<Record<string, CaseFile>>;
  readonly argv: readonly string[];
  /** Paths (relative, '/'-separated prefixes) the command may create or change. */
  readonly outputs: readonly string[];
  /** Seconds before the case counts as a hang. */
  readonly timeout: number;
}

export const caseKinds = ['spec', 'bomb', 'name', 'output', 'image', 'model'] as const;
export type CaseKind = (typeof caseKinds)[number];

/** How often each in-process kind is drawn: mostly specs (cheap), some images and models (tfjs). */
const weights: Readonly<Record<CaseKind, number>> = {
  spec: 64,
  bomb: 12,
  name: 6,
  output: 4,
  image: 8,
  model: 6,
};

export interface CaseResources {
  /** Real specs to mutate (shipped specs and test cases). */
  readonly seeds: readonly { readonly name: string; readonly text: string }[];
  /** The tiny trainable spec (32×32, depth 2): the base for name, output and memory cases. */
  readonly tinySpec: string;
  /** A compiled tiny model: file name → bytes. */
  readonly tinyModel: Readonly<Record<string, Uint8Array>>;
  /** A small valid PNG the tiny model can segment. */
  readonly image: Uint8Array;
  /** Its 0/255 mask, for the trainings. */
  readonly mask: Uint8Array;
}

export const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
export const int = (rand: Random, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

export function drawKind(rand: Random, kinds: readonly CaseKind[]): CaseKind {
  const total = kinds.reduce((sum, k) => sum + weights[k], 0);
  let r = rand() * total;
  for (const k of kinds) {
    r -= weights[k];
    if (r < 0) return k;
  }
  return kinds[kinds.length - 1]!;
}

export function makeCase(rand: Random, kind: CaseKind, res: CaseResources): CliCase {
  switch (kind) {
    case 'spec':
      return specCase(rand, res);
    case 'bomb': {
      const { name, text } = hostileSpecBomb(rand);
      return { kind, files: { [name]: text }, ...specCommand(rand, name) };
    }
    case 'name':
      return nameCase(rand, res);
    case 'output':
      return outputCase(rand, res);
    case 'image': {
      const { name, file } = hostileImage(rand, res.image);
      const files = { ...modelFiles(res), [name]: file };
      return { kind, files, argv: predictArgs(rand, name), outputs: ['pred'], timeout: 60 };
    }
    case 'model': {
      const files = { ...modelFiles(res), ...prefixed('model/', hostileModel(rand, res.tinyModel)) };
      files['img.png'] = res.image;
      return { kind, files, argv: predictArgs(rand, 'img.png'), outputs: ['pred'], timeout: 60 };
    }
  }
}

function specCase(rand: Random, res: CaseResources): CliCase {
  const base = pick(rand, res.seeds);
  const r = rand();
  const yaml = /\.ya?ml$/.test(base.name);
  const name = r < 0.7 ? (yaml ? 'spec.yaml' : 'spec.unet') : rand() < 0.5 ? 'spec.unet' : 'spec.yaml';
  const text = r < 0.7 ? mutate(rand, base.text, 6) : r < 0.9 ? tokenSoup(rand, 120) : garbage(rand, 400);
  return { kind: 'spec', files: { [name]: text }, ...specCommand(rand, name) };
}

/** A command that reads one spec and writes at most under `out/` (or rewrites the spec with fmt -w). */
function specCommand(rand: Random, spec: string): Pick<CliCase, 'argv' | 'outputs' | 'timeout'> {
  const commands: readonly (readonly string[])[] = [
    ['check', spec],
    ['check', spec, '--format', 'json'],
    ['check', spec, '--format', 'sarif', '-o', 'out/report.sarif'],
    ['check', spec, '--format', 'github'],
    ['check', spec, '--fix'],
    ['fmt', spec],
    ['fmt', '--check', spec],
    ['fmt', spec, '--to', spec.endsWith('.unet') ? 'yaml' : 'unet'],
    ['fmt', '-w', spec],
    ['summary', spec],
    ['summary', spec, '--format', 'json'],
    ['graph', spec, '-o', 'out/graph.svg'],
    ['check', spec, '--input-size', pick(rand, ['64x64', '1x1', '0x0', '99999x99999', '64x64x64'])],
  ];
  const argv = pick(rand, commands);
  const rewrites = argv.includes('-w') || argv.includes('--fix');
  return { argv, outputs: rewrites ? ['out', spec] : ['out'], timeout: 30 };
}

const hostileNames = [
  '..',
  '.',
  '../../victim',
  '../../../../../../tmp/unetc-fuzz-escape',
  '/tmp/unetc-fuzz-absolute',
  'a/../../b',
  'con',
  '',
  ' ',
  'x'.repeat(300),
  'name\u001b[2J\u0007',
  'n\u202eame',
  'über-net',
  'back\\\\slash',
];

function nameCase(rand: Random, res: CaseResources): CliCase {
  const name = pick(rand, hostileNames);
  const description = pick(rand, ['ok', '\u001b]0;pwned\u0007', 'line\\nbreak', '\u0000']);
  const spec = res.tinySpec
    .replace(/^name: .*$/m, `name: ${JSON.stringify(name)}\ndescription: ${JSON.stringify(description)}`)
    .replace(/filters: 4/, `filters: ${pick(rand, ['4', '8', '16384'])}`);
  const argv = pick(rand, [
    ['compile', 'spec.unet'],
    ['compile', 'spec.unet', '-o', 'out/model'],
    ['check', 'spec.unet'],
    ['summary', 'spec.unet'],
    ['graph', 'spec.unet', '-o', 'out/g.svg'],
  ]);
  return { kind: 'name', files: { 'spec.unet': spec }, argv, outputs: ['out'], timeout: 60 };
}

function outputCase(rand: Random, res: CaseResources): CliCase {
  const target = pick(rand, ['keep', '.', 'notes.txt', 'out/new', 'keep/inner', '..']);
  const argv = pick(rand, [
    ['compile', 'spec.unet', '-o', target],
    // `-o .. --force` asks to write above the case folder, where only the sentinels may be.
    ['compile', 'spec.unet', '-o', target, ...(target === '..' ? [] : ['--force'])],
    ['check', 'spec.unet', '--format', 'json', '-o', target],
    ['graph', 'spec.unet', '-o', target],
  ]);
  // A new folder may be created; an existing one (the user's) must be refused or keep its files.
  const fresh = target === 'out/new' || target === 'keep/inner';
  // A file named by -o of a command that writes one file is the user's choice to overwrite.
  const writesFile = argv[0] !== 'compile' && target === 'notes.txt';
  // compile --force writes its own files (and their list) into a folder it did not make, nothing else.
  const owned = argv[0] === 'compile' && argv.includes('--force') ? compiledFileNames(target) : [];
  const outputs = [...(fresh || writesFile ? ['out', target] : ['out']), ...owned];
  return { kind: 'output', files: { 'spec.unet': res.tinySpec }, argv, outputs, timeout: 60 };
}

/** The files `unetc compile` (tfjs target) owns in its output folder. */
function compiledFileNames(dir: string): string[] {
  const names = ['model.json', 'group1-shard1of1.bin', 'plan.json', 'summary.txt', '.unetc-output.json'];
  return names.map((n) => (dir === '.' ? n : `${dir}/${n}`));
}

function modelFiles(res: CaseResources): Record<string, CaseFile> {
  return prefixed('model/', res.tinyModel);
}

function predictArgs(rand: Random, image: string): string[] {
  const extra = pick(rand, [[], ['--tta', 'flips'], ['--probabilities'], ['--tile', '32x32']]);
  return ['predict', 'model', image, '-o', 'pred', '--backend', 'cpu', ...extra];
}

function prefixed(prefix: string, files: Readonly<Record<string, CaseFile>>): Record<string, CaseFile> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}${k}`, v]));
}
