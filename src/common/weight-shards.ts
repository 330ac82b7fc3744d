import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { UserError } from './user-error.js';

/** The part of a tfjs `weightsManifest` group that decides which files are read and how much. */
export interface ShardGroup {
  readonly paths: readonly string[];
  readonly weights: readonly {
    readonly name: string;
    readonly shape: readonly number[];
    readonly dtype?: string;
  }[];
}

const bytesPerValue: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/**
 * A model.json may come from anywhere, so its weight paths are checked before any byte is read:
 * each must name a regular file inside the model directory (no absolute path, no `..`, no
 * symlink leading out), and each group's files together must be exactly as long as its weights
 * need (so a path to /dev/zero or a huge file is never read). Returns the files per group.
 */
export async function checkedShardFiles(dir: string, groups: readonly ShardGroup[]): Promise<string[][]> {
  const modelJson = join(dir, 'model.json');
  let root: string;
  try {
    root = await realpath(dir);
  } catch {
    throw new UserError(`model directory ${dir} not found`);
  }
  const result: string[][] = [];
  for (const group of groups) {
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights))
      throw new UserError(`${modelJson}: a weightsManifest group lacks paths or weights; recompile the spec`);
    let actual = 0;
    const files: string[] = [];
    for (const p of group.paths) {
      const file = await containedFile(root, dir, p, modelJson);
      actual += (await stat(file)).size;
      files.push(file);
    }
    const needed = group.weights.reduce((n, w) => n + valueCount(w, modelJson) * dtypeBytes(w, modelJson), 0);
    if (actual !== needed) {
      throw new UserError(
        `${modelJson}: its weight files (${group.paths.join(', ')}) hold ${actual} bytes, its manifest needs ` +
          `${needed}; the weights are damaged or belong to another model — recompile or retrain`,
      );
    }
    result.push(files);
  }
  return result;
}

async function containedFile(root: string, dir: string, name: unknown, modelJson: string): Promise<string> {
  if (typeof name !== 'string' || name === '' || isAbsolute(name) || name.split(/[/\\]/).includes('..')) {
    throw new UserError(
      `${modelJson} names the weight file ${JSON.stringify(name)}, which is not inside ${dir}; ` +
        'weight paths must be plain file names in the model directory',
    );
  }
  let real: string;
  try {
    real = await realpath(join(dir, name));
  } catch {
    throw new UserError(`weight file ${join(dir, name)} named in model.json is missing; recompile the spec`);
  }
  const rel = relative(root, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UserError(
      `${modelJson}: the weight file ${JSON.stringify(name)} leads outside ${dir} (a link to ${real}); refusing to read it`,
    );
  }
  if (!(await stat(real)).isFile())
    throw new UserError(`${modelJson}: the weight file ${JSON.stringify(name)} is not a regular file`);
  return real;
}

function valueCount(weight: ShardGroup['weights'][number], modelJson: string): number {
  const shape = weight.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new UserError(`${modelJson}: weight '${weight.name}' has an invalid shape; recompile the spec`);
  return shape.reduce((a, b) => a * b, 1);
}

function dtypeBytes(weight: ShardGroup['weights'][number], modelJson: string): number {
  const bytes = bytesPerValue[weight.dtype ?? 'float32'];
  if (bytes === undefined)
    throw new UserError(
      `${modelJson}: weight '${weight.name}' has dtype ${String(weight.dtype)}; unetc reads float32`,
    );
  return bytes;
}
