/**
 * The financing domain in the hub (issue 15): the operator's Primary Liquidity Providers and the
 * open repos. In the snapshot and so in the digest.
 * @module
 */

import type { MarginTerms, RepoTerms } from '../../financing/index.js';

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
}

export function createFinancingState(): FinancingState {
  return { plps: new Set(), repos: new Map() };
}

export interface FinancingSnapshot {
  readonly plps: readonly string[];
  readonly repos: readonly RepoRecord[];
}

export function snapshotFinancing(state: FinancingState): FinancingSnapshot {
  return { plps: [...state.plps], repos: [...state.repos.values()] };
}

/** Restores; a snapshot taken before financing was in the hub has none. */
export function restoreFinancing(snapshot: FinancingSnapshot | undefined): FinancingState {
  if (snapshot === undefined) return createFinancingState();
  return {
    plps: new Set(snapshot.plps),
    repos: new Map(snapshot.repos.map((r) => [r.terms.repo_id, r])),
  };
}
