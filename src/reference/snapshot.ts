/**
 * Snapshots of the reference state: plain arrays in Map order, encodable with kernel/codec.ts,
 * and back to an equal state with the same order.
 *
 * Restoring trusts its input: a snapshot is what `snapshotReference` wrote, guarded by the
 * storage layer's checksums. Duplicate ids would mean a corrupt snapshot, so they crash.
 * @module
 */

import { assert } from '../kernel/index.js';
import type { CashAsset } from './cash-assets.js';
import type { Investor } from './investors.js';
import type { Party } from './parties.js';
import type { Security } from './securities.js';
import { createReferenceState, type ReferenceState } from './state.js';

/** The reference state as plain arrays in Map order. */
export interface ReferenceSnapshot {
  readonly parties: readonly Party[];
  readonly investors: readonly Investor[];
  readonly cash_assets: readonly CashAsset[];
  readonly securities: readonly Security[];
}

/** The state as plain data: records are frozen, so sharing them is safe. */
export function snapshotReference(state: ReferenceState): ReferenceSnapshot {
  return {
    parties: [...state.parties.values()],
    investors: [...state.investors.values()],
    cash_assets: [...state.cash_assets.values()],
    securities: [...state.securities.values()],
  };
}

/** A state equal to the one the snapshot was taken of, with the same Map order. */
export function restoreReference(snapshot: ReferenceSnapshot): ReferenceState {
  const state = createReferenceState();
  fill(state.parties, snapshot.parties, (party) => ({
    ...party,
    roles: Object.freeze([...party.roles]),
    exchange_participant_of: Object.freeze([...party.exchange_participant_of]),
  }));
  fill(state.investors, snapshot.investors, (investor) => ({ ...investor }));
  fill(state.cash_assets, snapshot.cash_assets, (asset) => ({ ...asset }));
  fill(state.securities, snapshot.securities, (security) =>
    security.bond === undefined
      ? { ...security }
      : { ...security, bond: Object.freeze({ ...security.bond }) },
  );
  return state;
}

function fill<T extends { readonly id: string }>(
  map: Map<string, T>,
  records: readonly T[],
  copy: (record: T) => T,
): void {
  for (const record of records) {
    assert(!map.has(record.id), `corrupt reference snapshot: ${record.id} twice`);
    map.set(record.id, Object.freeze(copy(record)));
  }
}
