/**
 * C0 and C1 control characters, DEL, and the Unicode bidirectional overrides. Echoed raw, a spec's
 * ESC or BEL can clear or retitle the terminal, a lone CR can overwrite a line, and bidi overrides
 * can make a message read differently from what it says. Tab and line feed are kept only where the
 * caller allows several lines.
 */
/* eslint-disable no-control-regex -- these patterns exist to find control characters */
export const unsafeMultiLine =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const unsafeOneLine = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const unsafeInJson = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** For text that may span lines (a diagnostic's hint): controls other than tab and newline become `\xNN`. */
export function escapeControl(text: string): string {
  return text.replace(unsafeMultiLine, visible);
}

/** For one-line messages (`unetc: …` on stderr): newlines become `\n` too. */
export function escapeControlOneLine(text: string): string {
  return text.replace(unsafeOneLine, visible);
}

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 controls and bidi overrides raw; as
 * `\uXXXX` escapes the document means the same and a `cat` of it is harmless.
 */
export function jsonWithEscapedControls(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    unsafeInJson,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
