/**
 * The `default` of a switch over a closed union: TypeScript rejects the call when a member has no
 * case, so adding a kind (an IR op, a skip type, a loss) fails to compile wherever it is not yet
 * handled instead of silently falling through. At run time (data from outside the type system) it
 * throws, which a check turns into an internal-error diagnostic.
 */
export function assertNever(value: never, what = 'kind'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
