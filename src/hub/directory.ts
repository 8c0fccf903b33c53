/**
 * What the hub's domains need to know about who is who: assets and owners for the ledger, and the
 * actor behind each command (operators may act on everything; a broker may act for its clients).
 * @module
 */

import type { AccountDirectory, Actor } from '../ledger/index.js';
import { hasAsset, hasOwner, hasRole } from '../reference/index.js';
import type { HubState } from './state.js';

/** The built-in operator identity that submits genesis and system commands. */
export const OPERATOR_PARTICIPANT = 'operator';

export function accountDirectoryOf(state: HubState): AccountDirectory {
  return {
    assetExists: (asset) => hasAsset(state.reference, asset),
    ownerExists: (owner) => hasOwner(state.reference, owner),
  };
}

export function isOperator(state: HubState, participant: string): boolean {
  if (participant === OPERATOR_PARTICIPANT) return true;
  const party = state.reference.parties.get(participant);
  return party !== undefined && hasRole(party, 'operator');
}

export function actorOf(state: HubState, participant: string): Actor {
  const operator = isOperator(state, participant);
  return {
    participant,
    operator,
    actsFor: (owner) =>
      operator ||
      owner === participant ||
      state.reference.investors.get(owner)?.broker === participant,
  };
}
