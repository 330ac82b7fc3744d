import type { IToken } from 'chevrotain';
import type { ArgumentCstNode, CallCstNode } from '../../../grammar/cst.generated.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import { childPointer, type JsonValue } from '../spec/document.js';
import { CALL_TYPE_KEY, positionalParameters } from '../spec/positional.js';
import { suggest } from '../spec/suggest.js';
import { first, realToken, setKey, type BuildState, type JsonObject } from './build-state.js';

/** A bare name is a string; `name(args)` is `{type: name, …args}`, positional arguments named from the table. */
export function buildCall(state: BuildState, node: CallCstNode, pointer: string): JsonValue | undefined {
  const name = first(node.children.Identifier);
  if (!realToken(name)) return undefined;
  const nameSpan = state.tokenSpan(name);
  if (!node.children.LParen) {
    state.valueSpans.set(pointer, nameSpan);
    return name.image;
  }
  state.valueSpans.set(pointer, state.nodeSpan(node) ?? nameSpan);
  const value: JsonObject = {};
  setKey(value, CALL_TYPE_KEY, name.image);
  const typePointer = childPointer(pointer, CALL_TYPE_KEY);
  state.keySpans.set(typePointer, nameSpan);
  state.valueSpans.set(typePointer, nameSpan);
  // A misspelt call (`maxpol(2)`) names its arguments like the call it resembles; the schema then
  // reports the name once, with a fix, instead of the arguments too.
  const known = Object.keys(positionalParameters);
  const params =
    positionalParameters[name.image] ?? positionalParameters[suggest(name.image, known) ?? ''] ?? [];
  let positional = 0;
  for (const argument of node.children.argument ?? []) {
    const named = first(argument.children.Identifier);
    if (named && first(argument.children.Colon)) namedArgument(state, value, argument, named, pointer);
    else positionalArgument(state, value, argument, name.image, params, positional++, pointer);
  }
  return value;
}

function namedArgument(
  state: BuildState,
  target: JsonObject,
  argument: ArgumentCstNode,
  named: IToken,
  pointer: string,
): void {
  if (!realToken(named)) return;
  const argPointer = childPointer(pointer, named.image);
  if (!state.claimKey(target, named.image, argPointer, state.tokenSpan(named))) return;
  const valueNode = first(argument.children.value);
  const value = valueNode ? state.inline(() => state.value(valueNode, argPointer)) : undefined;
  if (value !== undefined) setKey(target, named.image, value);
}

function positionalArgument(
  state: BuildState,
  target: JsonObject,
  argument: ArgumentCstNode,
  callName: string,
  params: readonly string[],
  index: number,
  pointer: string,
): void {
  const valueNode = first(argument.children.value);
  if (!valueNode) return;
  const param = params[index];
  const argSpan = state.nodeSpan(valueNode);
  if (param === undefined) {
    if (argSpan) {
      state.diagnostics.push(
        params.length === 0
          ? makeDiagnostic('UnknownCall', argSpan, { name: callName })
          : makeDiagnostic('TooManyArguments', argSpan, {
              name: callName,
              max: params.length,
              params: params.join(', '),
              count: index + 1,
            }),
      );
    }
    return;
  }
  const argPointer = childPointer(pointer, param);
  if (argSpan && !state.claimKey(target, param, argPointer, argSpan)) return;
  const value = state.inline(() => state.value(valueNode, argPointer));
  if (value !== undefined) setKey(target, param, value);
}
