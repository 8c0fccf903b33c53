/**
 * The financing domain in the hub (issue 15): the operator's Primary Liquidity Providers and the
 * open repos. In the snapshot and so in the digest.
 * @module
 */

import type { MarginTerms, RepoTerms } from '../../financing/index.js';
import {
  createFacilityState,
  type FacilitySnapshot,
  type FacilityState,
  restoreFacilities,
  snapshotFacilities,
} from './facility_state.js';

/** An open repo: its terms, the start leg's money and its settlement ids, its margin. */
export interface RepoRecord {
  readonly terms: RepoTerms;
  readonly purchase_price_minor: bigint;
  readonly start_trade_id: string;
  /** Cash units per RMB in 10^-8 for a cross-currency repo; null for RMB cash. */
  readonly fx_rate_e8: bigint | null;
  readonly margin_terms: MarginTerms;
  /** Cash margin the buyer holds from the seller (negative: the seller holds the buyer's). */
  readonly cash_margin_minor: bigint;
}

export interface FinancingState {
  readonly plps: Set<string>;
  readonly repos: Map<string, RepoRecord>;
  /** The HKMA facilities: settings, drawings, the intraday roll (facility_state.ts). */
  readonly facilities: FacilityState;
}

export function createFinancingState(): FinancingState {
  return { plps: new Set(), repos: new Map(), facilities: createFacilityState() };
}

export interface FinancingSnapshot {
  readonly plps: readonly string[];
  readonly repos: readonly RepoRecord[];
  /** Absent in snapshots taken before the facilities were in the hub. */
  readonly facilities?: FacilitySnapshot;
}

export function snapshotFinancing(state: FinancingState): FinancingSnapshot {
  return {
    plps: [...state.plps],
    repos: [...state.repos.values()],
    facilities: snapshotFacilities(state.facilities),
  };
}

/** Restores; a snapshot taken before financing was in the hub has none. */
export function restoreFinancing(snapshot: FinancingSnapshot | undefined): FinancingState {
  if (snapshot === undefined) return createFinancingState();
  return {
    plps: new Set(snapshot.plps),
    repos: new Map(snapshot.repos.map((r) => [r.terms.repo_id, r])),
    facilities: restoreFacilities(snapshot.facilities),
  };
}
