/**
 * The financing domain in the hub (issue 15): the operator's Primary Liquidity Providers and the
 * open repos. In the snapshot and so in the digest.
 * @module
 */

import type { CollateralSchedule, MarginTerms, RepoTerms } from '../../financing/index.js';
import { emptyIndex, indexRegister } from './collateral_index.js';
import type {
  CollateralRegister,
  OtcClearState,
  OtcPosting,
  PledgeRecord,
  ReceivedCollateral,
  RepoReport,
  ReuseRecord,
} from './collateral_types.js';
import {
  createFacilityState,
  type FacilitySnapshot,
  type FacilityState,
  restoreFacilities,
  snapshotFacilities,
} from './facility_state.js';
import {
  MARGIN_DEADLINE_MINUTES_DEFAULT,
  type OutstandingCall,
  type TerminationProposal,
  type UnsecuredClaim,
} from './life_state.js';

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
  /** How long the payer of a margin call has to pay it (GMRA 2011 para 4; life_state.ts). */
  readonly margin_deadline_minutes: number;
}

export interface FinancingState {
  readonly plps: Set<string>;
  readonly repos: Map<string, RepoRecord>;
  /** Margin calls made and not yet paid, by repo id (at most one per repo). */
  readonly margin_calls: Map<string, OutstandingCall>;
  /** Unsecured claims left by close-outs, by claim id. */
  readonly claims: Map<string, UnsecuredClaim>;
  /** Proposals to end a term repo early, by repo id. */
  readonly terminations: Map<string, TerminationProposal>;
  /** Received collateral, its re-use and pledges (§10). */
  readonly collateral: CollateralRegister;
  readonly otc: OtcClearState;
  /** The same-day repo reports to the HKMA, the last `REPO_REPORT_DAYS_KEPT` days (§10). */
  readonly repo_reports: RepoReport[];
  /** The HKMA facilities: settings, drawings, the intraday roll (facility_state.ts). */
  readonly facilities: FacilityState;
  /** The operator's collateral schedule for Northbound repo, if set (repo_schedule.ts). */
  repo_schedule: CollateralSchedule | null;
}

export function createFinancingState(): FinancingState {
  return {
    plps: new Set(),
    repos: new Map(),
    margin_calls: new Map(),
    claims: new Map(),
    terminations: new Map(),
    collateral: {
      received: new Map(),
      reuses: new Map(),
      pledges: new Map(),
      index: emptyIndex(),
    },
    otc: { caps: new Map(), postings: new Map() },
    repo_reports: [],
    facilities: createFacilityState(),
    repo_schedule: null,
  };
}

export interface FinancingSnapshot {
  readonly plps: readonly string[];
  readonly repos: readonly RepoRecord[];
  /** The life cycle's state; absent in snapshots taken before it was built. */
  readonly margin_calls?: readonly OutstandingCall[];
  readonly claims?: readonly UnsecuredClaim[];
  readonly terminations?: readonly TerminationProposal[];
  /** Absent in snapshots taken before the collateral register (§10). */
  readonly received?: readonly ReceivedCollateral[];
  readonly reuses?: readonly (readonly [string, ReuseRecord])[];
  readonly pledges?: readonly (readonly [string, PledgeRecord])[];
  readonly otc_caps?: readonly (readonly [string, bigint])[];
  readonly otc_postings?: readonly OtcPosting[];
  readonly repo_reports?: readonly RepoReport[];
  /** Absent in snapshots taken before the facilities were in the hub. */
  readonly facilities?: FacilitySnapshot;
  readonly repo_schedule?: CollateralSchedule | null;
}

export function snapshotFinancing(state: FinancingState): FinancingSnapshot {
  const { collateral, otc } = state;
  return {
    plps: [...state.plps],
    repos: [...state.repos.values()],
    margin_calls: [...state.margin_calls.values()],
    claims: [...state.claims.values()],
    terminations: [...state.terminations.values()],
    received: [...collateral.received.values()],
    reuses: [...collateral.reuses],
    pledges: [...collateral.pledges],
    otc_caps: [...otc.caps],
    otc_postings: [...otc.postings.values()],
    repo_reports: [...state.repo_reports],
    facilities: snapshotFacilities(state.facilities),
    repo_schedule: state.repo_schedule,
  };
}

/** Restores; a snapshot taken before financing was in the hub has none. */
export function restoreFinancing(snapshot: FinancingSnapshot | undefined): FinancingState {
  if (snapshot === undefined) return createFinancingState();
  // A repo opened before margin deadlines were a term has the default.
  const repo = (r: RepoRecord): RepoRecord => ({
    ...r,
    margin_deadline_minutes: r.margin_deadline_minutes ?? MARGIN_DEADLINE_MINUTES_DEFAULT,
  });
  const received = new Map((snapshot.received ?? []).map((r) => [r.repo_id, r]));
  const reuses = new Map(snapshot.reuses ?? []);
  const pledges = new Map(snapshot.pledges ?? []);
  return {
    plps: new Set(snapshot.plps),
    repos: new Map(snapshot.repos.map((r) => [r.terms.repo_id, repo(r)])),
    margin_calls: new Map((snapshot.margin_calls ?? []).map((m) => [m.repo_id, m])),
    claims: new Map((snapshot.claims ?? []).map((m) => [m.claim_id, m])),
    terminations: new Map((snapshot.terminations ?? []).map((m) => [m.repo_id, m])),
    collateral: { received, reuses, pledges, index: indexRegister(received, reuses, pledges) },
    otc: {
      caps: new Map(snapshot.otc_caps ?? []),
      postings: new Map((snapshot.otc_postings ?? []).map((p) => [p.posting_id, p])),
    },
    repo_reports: [...(snapshot.repo_reports ?? [])],
    facilities: restoreFacilities(snapshot.facilities),
    repo_schedule: snapshot.repo_schedule ?? null,
  };
}
