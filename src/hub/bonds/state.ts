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
  type RfqTrade,
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

/** A closing order concluded on its spread, waiting for its trade date's valuation. */
export interface ClosingOrder {
  /** The RFQ trade; its `px_e8` is the accepted spread, in 10^-8 basis points. */
  readonly trade: RfqTrade;
  readonly trade_date: string;
  readonly settlement_date: string;
  readonly settlement_trade_id: string;
}

/** A bond's latest closing valuation (the closing orders' quote benchmark). */
export interface Valuation {
  readonly date: string;
  readonly yield_e12: bigint;
}

/** The day's quota reference rates as written: RMB per unit. */
export type QuotaFxText = {
  readonly [C in 'HKD' | 'USD' | 'EUR']?: string | undefined;
};

/** Index fixings by index, then by date (ISO), exact rates in parts per 10^12 (fixings.ts). */
export type FixingTable = Map<string, Map<string, bigint>>;

type FixingRows = ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]>;

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
  readonly fixings: FixingTable;
  /** Bonds whose primary issue has been allocated (primary.ts), by ISIN. */
  readonly allocated: Set<string>;
  /** Ids of trades imported from other platforms (import_trade.ts): each is imported once. */
  readonly imported: Set<string>;
  /** The market date each bond was registered on, by ISIN (coupons before it predate the hub). */
  readonly registered_on: Map<string, string>;
  /** The cash asset each bond pays in, where not its currency (payment_asset.ts), by ISIN. */
  readonly payment_assets: Map<string, string>;
  /** Closing orders concluded and not yet priced, by settlement trade id (closing_orders.ts). */
  readonly closing_orders: Map<string, ClosingOrder>;
  /** Each bond's latest closing valuation, by ISIN. */
  readonly valuations: Map<string, Valuation>;
  /** The next coupon and redemption run on the hub clock (lifecycle.ts); 0 before the start. */
  readonly lifecycle: { next_us: number };
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
    fixings: new Map(),
    allocated: new Set(),
    imported: new Set(),
    registered_on: new Map(),
    payment_assets: new Map(),
    closing_orders: new Map(),
    valuations: new Map(),
    lifecycle: { next_us: 0 },
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
  readonly fixings?: FixingRows;
  readonly lifecycle_next_us?: number;
  readonly allocated?: readonly string[];
  readonly imported?: readonly string[];
  readonly registered_on?: ReadonlyArray<readonly [string, string]>;
  readonly payment_assets?: ReadonlyArray<readonly [string, string]>;
  readonly closing_orders?: readonly ClosingOrder[];
  readonly valuations?: ReadonlyArray<readonly [string, Valuation]>;
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
    fixings: snapshotFixings(state.fixings),
    lifecycle_next_us: state.lifecycle.next_us,
    allocated: [...state.allocated],
    imported: [...state.imported],
    registered_on: [...state.registered_on],
    payment_assets: [...state.payment_assets],
    closing_orders: [...state.closing_orders.values()],
    valuations: [...state.valuations],
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
    fixings: restoreFixings(snapshot.fixings),
    allocated: new Set(snapshot.allocated ?? []),
    imported: new Set(snapshot.imported ?? []),
    registered_on: new Map(snapshot.registered_on ?? []),
    payment_assets: new Map(snapshot.payment_assets ?? []),
    closing_orders: new Map((snapshot.closing_orders ?? []).map((o) => [o.settlement_trade_id, o])),
    valuations: new Map(snapshot.valuations ?? []),
    lifecycle: { next_us: snapshot.lifecycle_next_us ?? 0 },
    clock: { day_start_us: 0, day_end_us: 0 },
  };
  for (const terms of snapshot.bonds) state.bonds.set(terms.isin, bondRecord(terms));
  return state;
}

/** The fixings as snapshot rows: `[index, [[date, rate_e12 digits], …]]`. */
function snapshotFixings(fixings: FixingTable): FixingRows {
  return [...fixings].map(
    ([index, by_date]) =>
      [index, [...by_date].map(([date, rate]) => [date, rate.toString()] as const)] as const,
  );
}

function restoreFixings(rows: FixingRows | undefined): FixingTable {
  const table: FixingTable = new Map();
  for (const [index, dates] of rows ?? []) {
    table.set(index, new Map(dates.map(([date, rate]) => [date, BigInt(rate)])));
  }
  return table;
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
