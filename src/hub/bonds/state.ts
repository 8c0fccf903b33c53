/**
 * The bonds domain in the hub (issue 14, phase 2): registered bonds with their coupon schedules,
 * market makers per direction, investors' access, the RFQ book and the Southbound bond quota.
 * Snapshots keep the terms only; each schedule is rebuilt from its terms on restore, so it can
 * never disagree with them.
 * @module
 */

import { type BondSchedule, type BondTerms, buildSchedule } from '../../bonds/index.js';
import {
  createRfqBook,
  type RfqBook,
  type RfqBookSnapshot,
  restoreRfqBook,
  snapshotRfqBook,
} from '../../market/rfq/index.js';
import type { BondDirection } from '../../protocol/bonds.js';
import {
  createSouthboundBondQuota,
  type SouthboundBondQuotaReport,
  type SouthboundBondQuotaState,
  type SouthboundChannel,
  southboundBondQuotaReport,
} from '../../rules/index.js';

export interface BondRecord {
  readonly terms: BondTerms;
  readonly schedule: BondSchedule;
}

/** Who may trade bonds in which direction (the operator's eligibility list). */
export interface BondAccess {
  readonly northbound: boolean;
  /** The Southbound channel: Bond Connect (quota), or QDII/RQDII (exempt); null = none. */
  readonly southbound_channel: SouthboundChannel | null;
}

/** What the hub keeps beside an RFQ that the state machine does not know. */
export interface RfqMeta {
  readonly direction: BondDirection;
  /** SettlDate (64), fixed at the request. */
  readonly settlement_date: string;
  /** The settlement currency (Settlement currency chosen Southbound; absent: the bond's). */
  readonly settlement_currency?: string;
}

/** The day's quota reference rates as written: RMB per unit. */
export type QuotaFxText = {
  readonly [C in 'HKD' | 'USD' | 'EUR']?: string | undefined;
};

export interface BondsState {
  /** Registered bonds by ISIN, in registration order. */
  readonly bonds: Map<string, BondRecord>;
  /** Market makers and the directions they make markets in, in registration order. */
  readonly makers: Map<string, BondDirection[]>;
  readonly access: Map<string, BondAccess>;
  readonly rfq: RfqBook;
  readonly rfq_meta: Map<string, RfqMeta>;
  readonly quota: SouthboundBondQuotaState;
  /** Quota reference rates by date (a few dates kept). */
  readonly quota_fx: Map<string, QuotaFxText>;
  /** Coupons paid, as `<ISIN>:<coupon date>`, in payment order. */
  readonly coupons_paid: Set<string>;
  /** Bonds redeemed at maturity (ISINs). */
  readonly redeemed: Set<string>;
  /**
   * The bounds of the quota's market day on the hub clock: a cache derived from `quota.date`
   * (not in the snapshot; empty after a restore, filled by the next command).
   */
  readonly clock: { day_start_us: number; day_end_us: number };
}

export function createBondsState(): BondsState {
  return {
    bonds: new Map(),
    makers: new Map(),
    access: new Map(),
    rfq: createRfqBook([]),
    rfq_meta: new Map(),
    quota: createSouthboundBondQuota(''),
    quota_fx: new Map(),
    coupons_paid: new Set(),
    redeemed: new Set(),
    clock: { day_start_us: 0, day_end_us: 0 },
  };
}

type QuotaSnapshot = Omit<SouthboundBondQuotaState, 'trades'> & {
  readonly trades: ReadonlyArray<readonly [string, unknown]>;
};

export interface BondsSnapshot {
  readonly bonds: readonly BondTerms[];
  readonly makers?: ReadonlyArray<readonly [string, readonly BondDirection[]]>;
  readonly access?: ReadonlyArray<readonly [string, BondAccess]>;
  readonly rfq?: RfqBookSnapshot;
  readonly rfq_meta?: ReadonlyArray<readonly [string, RfqMeta]>;
  readonly quota?: QuotaSnapshot;
  readonly quota_fx?: ReadonlyArray<readonly [string, QuotaFxText]>;
  readonly coupons_paid?: readonly string[];
  readonly redeemed?: readonly string[];
}

export function snapshotBonds(state: BondsState): BondsSnapshot {
  return {
    bonds: [...state.bonds.values()].map((record) => record.terms),
    makers: [...state.makers].map(([dealer, directions]) => [dealer, [...directions]] as const),
    access: [...state.access],
    rfq: snapshotRfqBook(state.rfq),
    rfq_meta: [...state.rfq_meta],
    quota: { ...state.quota, trades: [...state.quota.trades] },
    quota_fx: [...state.quota_fx],
    coupons_paid: [...state.coupons_paid],
    redeemed: [...state.redeemed],
  };
}

/** Restores; a snapshot taken before bonds were in the hub has none. */
export function restoreBonds(snapshot: BondsSnapshot | undefined): BondsState {
  const empty = createBondsState();
  if (snapshot === undefined) return empty;
  const quota =
    snapshot.quota === undefined
      ? empty.quota
      : ({
          ...snapshot.quota,
          trades: new Map(snapshot.quota.trades),
        } as SouthboundBondQuotaState);
  const state: BondsState = {
    bonds: new Map(),
    makers: new Map((snapshot.makers ?? []).map(([d, directions]) => [d, [...directions]])),
    access: new Map(snapshot.access ?? []),
    rfq: snapshot.rfq === undefined ? empty.rfq : restoreRfqBook(snapshot.rfq),
    rfq_meta: new Map(snapshot.rfq_meta ?? []),
    quota,
    quota_fx: new Map(snapshot.quota_fx ?? []),
    coupons_paid: new Set(snapshot.coupons_paid ?? []),
    redeemed: new Set(snapshot.redeemed ?? []),
    clock: { day_start_us: 0, day_end_us: 0 },
  };
  for (const terms of snapshot.bonds) state.bonds.set(terms.isin, bondRecord(terms));
  return state;
}

export function bondRecord(terms: BondTerms): BondRecord {
  return { terms, schedule: buildSchedule(terms) };
}

/** Every registered bond's terms, in registration order. */
export function listBonds(state: BondsState): readonly BondTerms[] {
  return [...state.bonds.values()].map((record) => record.terms);
}

/** The Southbound bond quota as published (docs/bonds.md §3). */
export function bondQuotaReport(state: BondsState): SouthboundBondQuotaReport {
  return southboundBondQuotaReport(state.quota);
}

/** Northbound for bonds of the Mainland interbank market, Southbound for offshore bonds. */
export function directionOf(terms: BondTerms): BondDirection {
  switch (terms.issuer_kind) {
    case 'cgb':
    case 'policy_bank':
    case 'local_gov':
    case 'corporate':
      return 'northbound';
    default:
      return 'southbound';
  }
}
