/**
 * Colour only for a terminal, and never when NO_COLOR is set (no-color.org); FORCE_COLOR forces it
 * (tests and CI logs that render ANSI).
 */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}
