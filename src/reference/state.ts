/**
 * The reference state: parties, investors, cash assets and securities, each in a `Map` whose
 * insertion order is the deterministic order of everything built from it. The registration
 * functions live beside their records (parties.ts, investors.ts, cash-assets.ts, securities.ts);
 * each validates first and changes the state only when it accepts.
 * @module
 */

import { accept, type Outcome } from '../kernel/index.js';
import type { CashAsset } from './cash-assets.js';
import { refuse } from './codes.js';
import type { Investor } from './investors.js';
import type { Party } from './parties.js';
import type { Security } from './securities.js';

/** All reference data, keyed by id; insertion order is the deterministic order. */
export interface ReferenceState {
  readonly parties: Map<string, Party>;
  readonly investors: Map<string, Investor>;
  readonly cash_assets: Map<string, CashAsset>;
  readonly securities: Map<string, Security>;
}

/** An empty reference state. */
export function createReferenceState(): ReferenceState {
  return {
    parties: new Map(),
    investors: new Map(),
    cash_assets: new Map(),
    securities: new Map(),
  };
}

/** Whether `asset_id` is a registered cash asset or security. */
export function hasAsset(state: ReferenceState, asset_id: string): boolean {
  return state.cash_assets.has(asset_id) || state.securities.has(asset_id);
}

/**
 * The ledger scale of an asset: a cash asset's currency minor units, 0 for a security (whole
 * units); `UNKNOWN_ASSET` otherwise.
 */
export function assetScale(state: ReferenceState, asset_id: string): Outcome<number> {
  const cash = state.cash_assets.get(asset_id);
  if (cash !== undefined) return accept(cash.scale);
  if (state.securities.has(asset_id)) return accept(0);
  return refuse('UNKNOWN_ASSET', `No cash asset or security ${asset_id}`, { asset: asset_id });
}

/** Whether `id` is a registered party or investor: the owners of ledger accounts. */
export function hasOwner(state: ReferenceState, id: string): boolean {
  return state.parties.has(id) || state.investors.has(id);
}
