import type { CheckedModel } from '../ir/checked-model.js';
import { renderSummaryTable } from '../report/summary-table.js';

/**
 * summary.txt of a compiled directory: exactly the table `unetc summary` prints (one renderer,
 * src/compiler/report/summary-table.ts), so the two never drift apart.
 */
export function summaryText(model: CheckedModel): string {
  return renderSummaryTable(model);
}
