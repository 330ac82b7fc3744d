import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

/**
 * The token vocabulary of `.unet` text. Every token has a `label`, so parser messages quote
 * `'{'` or `number`, never a token's internal name.
 */

/** A number literal's text, shared by the compound tokens below (no leading '+', no bare '.5'). */
const NUM = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** Units a quantity may carry: pixels, voxels (= pixels), degrees, percent. */
const UNIT = String.raw`(?:px|vx|deg|%)`;
/** A quantity or number must not run on into a name: `10pxx` is not `10px` followed by `x`. */
const END = String.raw`(?![A-Za-z0-9_])`;

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\uFEFF]+/,
  group: Lexer.SKIPPED,
  label: 'whitespace',
});

/** Comments are kept on their own channel: the parser never sees them, `fmt` re-attaches them. */
export const Comment = createToken({
  name: 'Comment',
  pattern: /(?:#|\/\/)[^\n\r]*/,
  group: 'comments',
  label: 'comment',
});

export const Range = createToken({
  name: 'Range',
  pattern: new RegExp(`${NUM}${UNIT}?\\.\\.${NUM}${UNIT}?${END}`),
  start_chars_hint: ['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  label: 'range',
});

/**
 * `572x572x1`, `572 x 572 x 1`, `572×572`: spaces only within a line, so a key on the next line never
 * joins. A sign is accepted so that `-572 x 572 x 1` is one shape reported as a negative size, not a
 * cascade of syntax errors.
 */
export const Shape = createToken({
  name: 'Shape',
  pattern: /-?\d+(?:[ \t]*[x×][ \t]*-?\d+)+(?![A-Za-z0-9_])/,
  start_chars_hint: ['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  label: 'shape',
});

export const Quantity = createToken({
  name: 'Quantity',
  pattern: new RegExp(`${NUM}${UNIT}${END}`),
  start_chars_hint: ['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  label: 'quantity',
});

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: new RegExp(`${NUM}(?![A-Za-z0-9_.%])`),
  start_chars_hint: ['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  label: 'number',
});

/** A number glued to letters that are not a unit (`10pz`): lexed whole so the message can name the unit. */
export const BadQuantity = createToken({
  name: 'BadQuantity',
  pattern: new RegExp(`${NUM}[A-Za-z_][A-Za-z0-9_]*`),
  start_chars_hint: ['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  label: 'quantity',
});

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
  label: 'string',
});

/** A string missing its closing quote at the end of the line; reported once, then read as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  label: 'string',
});

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'name',
});

export const True = createToken({ name: 'True', pattern: /true/, longer_alt: Identifier, label: "'true'" });
export const False = createToken({
  name: 'False',
  pattern: /false/,
  longer_alt: Identifier,
  label: "'false'",
});

export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: "'}'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, label: "']'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
/** Not part of the language: lexed so that `depth = 4` is one clear error (see slips.ts), read as ':'. */
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });

/**
 * Order matters: the lexer takes the FIRST pattern that matches, not the longest.
 * - Comment before everything, so `#` and `//` text is never tokenised.
 * - Range before Quantity and Number (`0.9..1.1` would otherwise lex as `0.9` then `..`).
 * - Shape before Number and Identifier (`572x572` would otherwise be `572` then `x572`).
 * - Quantity before Number (Number refuses a following letter or '%', so `10px` never splits),
 *   and BadQuantity after both, catching `10pz` as one token with a clear message.
 * - StringLiteral before UnterminatedString (the latter is the same prefix without the quote).
 * - True/False before Identifier (with `longer_alt`, so `trueish` stays an identifier).
 */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Range,
  Shape,
  Quantity,
  NumberLiteral,
  BadQuantity,
  StringLiteral,
  UnterminatedString,
  True,
  False,
  Identifier,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Colon,
  Comma,
  Semicolon,
  Equals,
];

export const unetLexer = new Lexer(allTokens, { ensureOptimizations: false, positionTracking: 'full' });
