/**
 * Assertions that stay on in production.
 *
 * An assertion failure is a bug in Hutong, never a user error: user errors are rejections
 * (see rejection.ts). Following TigerBeetle, the only safe response to a broken invariant is to
 * crash loudly, so nothing here is ever caught and ignored.
 * @module
 */

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function assert(condition: boolean, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Marks a branch the type system proves impossible; crashes if reached at run time. */
export function unreachable(value: never, message = 'unreachable'): never {
  throw new AssertionError(`${message}: ${JSON.stringify(value, bigint_as_string)}`);
}

function bigint_as_string(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
