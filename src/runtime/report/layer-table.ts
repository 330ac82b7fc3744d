import type { IrGraph } from '../../compiler/ir/ir.js';
import { describeLayer } from '../../compiler/report/describe-layer.js';
import { escapeHtml, formatNumber } from './html-escape.js';

/** The model's layers as an HTML table: one row per IR node, as `unetc summary` lists them. */
export function layerTable(graph: IrGraph): string {
  const rows = graph.nodes.map((node) => {
    const where =
      node.role.stage === 'input'
        ? ''
        : `${node.role.stage} ${node.role.level}${node.role.column ? `,${node.role.column}` : ''}`;
    return (
      `<tr><td><code>${escapeHtml(node.id)}</code></td><td>${escapeHtml(describeLayer(node))}</td>` +
      `<td>${escapeHtml(node.shape.join('×'))}</td><td class="num">${node.params ? formatNumber(node.params) : ''}</td>` +
      `<td>${escapeHtml(where)}</td><td>${node.inputs.map((i) => `<code>${escapeHtml(i)}</code>`).join(', ')}</td></tr>`
    );
  });
  const total = graph.nodes.reduce((s, n) => s + n.params, 0);
  return (
    '<table class="layers"><thead><tr><th>layer</th><th>op</th><th>output</th><th>params</th><th>role</th><th>inputs</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody><tfoot><tr><td colspan="3">total</td><td class="num">${formatNumber(total)}</td><td colspan="2"></td></tr></tfoot></table>`
  );
}
