import type { IParserErrorMessageProvider, TokenType } from 'chevrotain';
import { CstParser } from './chevrotain.js';
import {
  allTokens,
  BadQuantity,
  Colon,
  Comma,
  False,
  Identifier,
  LBracket,
  LCurly,
  LParen,
  NumberLiteral,
  Quantity,
  Range,
  RBracket,
  RCurly,
  RParen,
  Semicolon,
  Shape,
  StringLiteral,
  True,
} from './tokens.js';

/**
 * What a rule expects, in words, for "expected X but found Y" messages. Chevrotain lists token
 * alternatives; a user wants "a value", not twelve token names.
 */
const ruleExpectations: Readonly<Record<string, string>> = {
  value: 'a value (number, quantity, shape, range, string, name, list or { … })',
  entry: "':' or '{' after the key",
  key: 'a key',
  label: "a label or '{'",
  argument: 'an argument',
};

function labelOf(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function expectationOf(ruleName: string, paths: readonly (readonly TokenType[])[]): string {
  const byRule = ruleExpectations[ruleName];
  if (byRule !== undefined) return byRule;
  const labels = [...new Set(paths.map((path) => (path[0] ? labelOf(path[0]) : 'end of file')))];
  return labels.join(' or ');
}

/** Messages are only the "expected" phrase; parse.ts wraps them in the catalogue template. */
const expectationProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => labelOf(expected),
  buildNotAllInputParsedMessage: () => 'a key',
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    expectationOf(ruleName, expectedPathsPerAlt.flat()),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    expectationOf(ruleName, expectedIterationPaths),
};

/**
 * The `.unet` grammar, and nothing else: it builds a CST; meaning lives in build-document.ts.
 * Rule names match the productions of grammar/unetc.ebnf one for one.
 */
export class UnetParser extends CstParser {
  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      errorMessageProvider: expectationProvider,
      maxLookahead: 3,
      nodeLocationTracking: 'onlyOffset',
    });
    this.performSelfAnalysis();
  }

  /** file := entry* */
  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.entry));
  });

  /** entry := key ( ':' value | label? block ) ( ',' | ';' )? */
  entry = this.RULE('entry', () => {
    this.SUBRULE(this.key);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Colon);
          this.SUBRULE(this.value);
        },
      },
      {
        // A label must be followed by '{': `depth 4` is a missing ':' (reported as such), not a labeled block.
        GATE: () => this.LA(1).tokenType === LCurly || this.LA(2).tokenType === LCurly,
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.label));
          this.SUBRULE(this.block);
        },
      },
    ]);
    this.OPTION2(() => this.SUBRULE(this.separator));
  });

  /** separator := ',' | ';' */
  separator = this.RULE('separator', () => {
    this.OR([{ ALT: () => this.CONSUME(Comma) }, { ALT: () => this.CONSUME(Semicolon) }]);
  });

  /** key := name | string */
  key = this.RULE('key', () => {
    this.OR([{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.CONSUME(StringLiteral) }]);
  });

  /** label := number | name | string */
  label = this.RULE('label', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(StringLiteral) },
    ]);
  });

  /** block := '{' entry* '}' */
  block = this.RULE('block', () => {
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.entry));
    this.CONSUME(RCurly);
  });

  /** value := scalar | list | call | block */
  value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.scalar) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.block) },
    ]);
  });

  /** scalar := number | quantity | shape | range | string | 'true' | 'false' */
  scalar = this.RULE('scalar', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(Quantity) },
      { ALT: () => this.CONSUME(BadQuantity) },
      { ALT: () => this.CONSUME(Shape) },
      { ALT: () => this.CONSUME(Range) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
    ]);
  });

  /** list := '[' ( value ','? )* ']'   — commas separate, and a trailing one is fine */
  list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.MANY(() => {
      this.SUBRULE(this.value);
      this.OPTION(() => this.CONSUME(Comma));
    });
    this.CONSUME(RBracket);
  });

  /** call := name ( '(' ( argument ','? )* ')' )?   — a bare name is a call without arguments */
  call = this.RULE('call', () => {
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.MANY(() => {
        this.SUBRULE(this.argument);
        this.OPTION2(() => this.CONSUME(Comma));
      });
      this.CONSUME(RParen);
    });
  });

  /** argument := name ':' value | value */
  argument = this.RULE('argument', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Identifier);
          this.CONSUME(Colon);
          this.SUBRULE(this.value);
        },
      },
      { ALT: () => this.SUBRULE2(this.value) },
    ]);
  });
}

/** One instance, reset through `.input` for every parse (building a parser is the expensive part). */
export const unetParser = new UnetParser();
