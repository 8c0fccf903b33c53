/**
 * Crashes with an AssertionError: the monitor is a reader of the hub's events, so a broken
 * expectation (a gap in the sequence, a bound the hub never reaches) is a wiring bug.
 * Hot paths write `if (broken) fail(\`…\`)` so the message is built only when it is needed.
 * @module
 */

import { AssertionError } from '../../../kernel/assert.js';

export function fail(message: string): never {
  throw new AssertionError(message);
}
