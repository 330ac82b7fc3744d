import { writeFileSync } from 'node:fs';
import { encode } from 'fast-png';

/** Writes a one-channel PNG whose rows are the given sample values (8-bit, or 16-bit). */
export function writeGrayPng(path: string, rows: readonly (readonly number[])[], depth: 8 | 16 = 8): void {
  const values = rows.flat();
  const data = depth === 8 ? Uint8Array.from(values) : Uint16Array.from(values);
  writeFileSync(path, encode({ width: rows[0]!.length, height: rows.length, data, channels: 1, depth }));
}

/** The bytes of an 8-bit one-channel PNG with the given rows. */
export function grayPngBytes(rows: readonly (readonly number[])[]): Uint8Array {
  const data = Uint8Array.from(rows.flat());
  return encode({ width: rows[0]!.length, height: rows.length, data, channels: 1, depth: 8 });
}
