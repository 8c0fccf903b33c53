/**
 * An event's body as the projections store it: plainJson's text (bigints as decimal strings), by
 * JSON.stringify without a replacer when the event holds no bigint. V8's stringify without a
 * replacer takes its fast path, several times quicker; the text is the same when no value is a
 * bigint, and a bigint makes the plain call throw, after which the event's type goes through the
 * replacer from then on.
 * @module
 */

import type { HubEvent } from '../hub/index.js';
import { plainJson } from '../kernel/codec.js';

/** Event types seen holding a bigint: serialised with plainJson's replacer from then on. */
const BIGINT_TYPES = new Set<string>();

/** plainJson(event), by the fast path unless the event's type has held a bigint before. */
export function eventJson(event: HubEvent): string {
  if (!BIGINT_TYPES.has(event.type)) {
    try {
      return JSON.stringify(event);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      BIGINT_TYPES.add(event.type);
    }
  }
  return plainJson(event);
}
