/**
 * Small checks shared by the operator inputs.
 * @module
 */

import type { Rejection } from '../kernel/index.js';
import type { ReferenceState } from '../reference/index.js';
import { refuse } from './codes.js';

/** Refuses an owner id that is neither an investor nor a party. */
export function checkOwnerOf(reference: ReferenceState, owner: string): Rejection | null {
  if (reference.investors.has(owner) || reference.parties.has(owner)) return null;
  return refuse('UNKNOWN_OWNER', `No investor or party ${owner}`, { owner });
}
