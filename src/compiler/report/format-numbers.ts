/** Number and shape formatting shared by the human reports (summary table, check output). */

/** 31030658 → "31,030,658" (fixed grouping, independent of the machine's locale). */
export function groupDigits(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** [572, 572, 1] → "572×572×1". */
export function shapeText(shape: readonly number[]): string {
  return shape.join('×');
}

/** Bytes in binary units: 1536 → "1.5 KiB". */
export function bytesText(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** Decimal SI for operation counts: 1.2e11 → "120.0 G". */
export function siText(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, name] of units) {
    if (Math.abs(n) >= scale) return `${(n / scale).toFixed(n / scale < 10 ? 2 : 1)} ${name}`;
  }
  return String(n);
}

/** Pads cells to column widths; numeric columns (by index) are right-aligned. */
export function alignColumns(
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number>,
): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
