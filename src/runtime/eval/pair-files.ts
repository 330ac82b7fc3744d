import { UserError } from '../../common/user-error.js';
import { probabilityMapName, stemOfPath } from './stem.js';

export interface FilePair {
  readonly stem: string;
  readonly pred: string;
  readonly truth: string;
}

function listNames(files: readonly string[]): string {
  return files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ');
}

/**
 * Pairs predictions with ground truth by file stem (`pred/7.png` ↔ `truth/7.tif`). Every truth needs
 * a prediction and every prediction a truth; otherwise one line names the files without partners.
 */
export function pairByStem(preds: readonly string[], truths: readonly string[]): FilePair[] {
  const predByStem = new Map(
    preds.filter((f) => probabilityMapName(f) === null).map((f) => [stemOfPath(f), f]),
  );
  const truthByStem = new Map(truths.map((f) => [stemOfPath(f), f]));
  const noPred = [...truthByStem.entries()].filter(([s]) => !predByStem.has(s)).map(([, f]) => f);
  if (noPred.length > 0) {
    throw new UserError(
      `no prediction for ${listNames(noPred)} (predictions are matched to ground truth by file name)`,
    );
  }
  const noTruth = [...predByStem.entries()].filter(([s]) => !truthByStem.has(s)).map(([, f]) => f);
  if (noTruth.length > 0)
    throw new UserError(`no ground truth for ${listNames(noTruth)} (matched by file name)`);
  return [...truthByStem.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([stem, truth]) => ({ stem, truth, pred: predByStem.get(stem)! }));
}
