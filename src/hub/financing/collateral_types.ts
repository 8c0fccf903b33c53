/**
 * The collateral register's data (docs/financing.md §10): received repo collateral, its re-use,
 * pledges, OTC Clear margin postings and the day's repo reports to the HKMA. Types only, shared
 * by the state, the register, OTC Clear and the reports (no cycles inside the folder).
 * @module
 */

import type { RepoCurrency, ReuseCase } from '../../financing/index.js';

/** Face a repo's buyer received as collateral, kept while the repo is open. */
export interface ReceivedCollateral {
  readonly repo_id: string;
  /** The repo's buyer, who holds the bonds with title but must deliver them back. */
  readonly party: string;
  readonly isin: string;
  readonly face_minor: bigint;
}

/** Which received repo the re-used face came from, and how much of it. */
export interface ReuseSource {
  readonly repo_id: string;
  readonly face_minor: bigint;
}

/** Received collateral re-used in one of the four cases, until it comes back. */
export interface ReuseRecord {
  readonly party: string;
  readonly isin: string;
  readonly face_minor: bigint;
  readonly use_case: ReuseCase;
  /** The new repo, OTC Clear posting, facility drawing or bond trade it went to. */
  readonly target_id: string;
  readonly date: string;
  readonly sources: readonly ReuseSource[];
}

/** Own bonds pledged to a facility without leaving the party's account (hook for facilities). */
export interface PledgeRecord {
  readonly party: string;
  readonly isin: string;
  readonly face_minor: bigint;
  readonly target_id: string;
}

export interface CollateralRegister {
  /** By repo id. */
  readonly received: Map<string, ReceivedCollateral>;
  /** By `reuseKey(use_case, target_id, isin)`. */
  readonly reuses: Map<string, ReuseRecord>;
  /** By `target_id|isin`. */
  readonly pledges: Map<string, PledgeRecord>;
  /** Look-ups derived from the three maps (collateral_index.ts); not in the snapshot. */
  readonly index: RegisterIndex;
}

/**
 * Sums and look-ups over the register by holding (`party|isin`), by source repo and by target,
 * kept as the register changes so no check scans every open repo or re-use.
 */
export interface RegisterIndex {
  /** The received repos of a holding, in the order they opened. */
  readonly received_by_holding: Map<string, Map<string, ReceivedCollateral>>;
  readonly received_face_by_holding: Map<string, bigint>;
  readonly reused_face_by_holding: Map<string, bigint>;
  /** Face of a source repo's received collateral out on re-use. */
  readonly reused_face_by_repo: Map<string, bigint>;
  /** Re-use keys by `use_case|target_id`. */
  readonly reuse_keys_by_target: Map<string, Set<string>>;
  readonly pledged_face_by_holding: Map<string, bigint>;
}

export type OtcAccountCategory = 'house' | 'client_cat1' | 'client_cat2';

/** Bonds a member posted to OTC Clear as margin, held in OTC Clear's margin account. */
export interface OtcPosting {
  readonly posting_id: string;
  readonly member: string;
  readonly account_category: OtcAccountCategory;
  readonly margin_type: 'initial';
  readonly isin: string;
  readonly face_minor: bigint;
  /** Ledger units moved (face / the bond's face value per unit). */
  readonly units: bigint;
  readonly market_value_minor: bigint;
  readonly haircut_ppm: number;
  /** The value after haircut counted against the member's cap (RMB fen). */
  readonly value_minor: bigint;
  readonly from_account_id: string;
  readonly margin_account_id: string;
  /** The repo whose received collateral this is (re-use case b), or null: own bonds. */
  readonly reuse_of: string | null;
  readonly date: string;
}

export interface OtcClearState {
  /** Each member's cap on Bond Connect collateral, value after haircut in RMB fen. */
  readonly caps: Map<string, bigint>;
  readonly postings: Map<string, OtcPosting>;
}

/** One line of the same-day repo report to the HKMA. */
export interface RepoReport {
  readonly date: string;
  readonly timestamp_us: number;
  readonly action: 'opened' | 'closed';
  readonly repo_id: string;
  readonly seller: string;
  readonly buyer: string;
  /** The Primary Liquidity Provider(s) among the two parties. */
  readonly plps: readonly string[];
  readonly isin: string;
  readonly face_minor: bigint;
  /** The purchase price at opening, the repurchase price at closing. */
  readonly cash_minor: bigint;
  readonly currency: RepoCurrency;
  readonly rate_e12: bigint;
  readonly haircut_ppm: number;
  readonly purchase_date: string;
  readonly repurchase_date: string | null;
  /** The repo whose received collateral was delivered in this one (re-use), or null. */
  readonly reuse_of: string | null;
}
