/**
 * Read-only views over `HubState.bonds` for the API and the console (issue 14, docs/bonds.md
 * §8.9): RFQs with their quotes, the day's bond trades, coupon schedules and yield points. Each
 * view is scoped like the bond events (docs/api.md, "Who may do and see what"): the requester's
 * side sees all of its RFQ, a dealer asked the RFQ and its own quotes, nobody else anything; an
 * operator everything. Nothing here changes state.
 * @module
 */

import {
  couponFraction,
  couponRate,
  PRICE_SCALE,
  RATE_SCALE,
  yieldFromCleanPrice,
} from '../../bonds/index.js';
import { dayNumber, divRound, isoDate } from '../../kernel/index.js';
import type { QuoteRecord, RfqRecord, RfqStatus } from '../../market/rfq/index.js';
import { fixingAtStart, fixingForDay } from './fixings.js';
import type { BondRecord, BondsState } from './state.js';
import { tradeMoney } from './trade.js';

/** Who is looking: everything for an operator, else the parties it acts for. */
export interface BondViewer {
  readonly all: boolean;
  sees(party: string): boolean;
}

export interface QuoteView {
  readonly quote_id: string;
  readonly dealer: string;
  readonly px_e8: bigint;
  readonly valid_until_us: number;
  readonly state: QuoteRecord['state'];
}

export interface RfqView {
  readonly quote_req_id: string;
  readonly requester: string;
  readonly security_id: string;
  readonly side: string;
  readonly order_qty_minor: bigint;
  readonly price_type: string;
  readonly dealers: readonly string[];
  readonly direction: string;
  readonly settlement_date: string;
  readonly status: RfqStatus;
  readonly requested_at_us: number;
  /** The quote window's end (exclusive): the RFQ expires then unless finished before. */
  readonly expires_at_us: number;
  readonly quotes: readonly QuoteView[];
  /** The dealers who declined (a dealer sees only itself here). */
  readonly declined: readonly string[];
  readonly trade_id: string | null;
}

export interface RfqFilter {
  readonly status?: RfqStatus | 'open' | undefined;
  readonly security_id?: string | undefined;
  readonly party?: string | undefined;
  readonly limit?: number | undefined;
}

/** The RFQ as the viewer may see it, or undefined when it is none of its business. */
export function rfqView(
  bonds: BondsState,
  quote_req_id: string,
  viewer: BondViewer,
): RfqView | undefined {
  const rfq = bonds.rfq.rfqs.get(quote_req_id);
  if (rfq === undefined) return undefined;
  return scopedRfq(bonds, rfq, viewer);
}

/** The day's RFQs the viewer may see, newest first, filtered. */
export function listRfqViews(
  bonds: BondsState,
  viewer: BondViewer,
  filter: RfqFilter = {},
): RfqView[] {
  const records = [...bonds.rfq.rfqs.values()].reverse();
  const views: RfqView[] = [];
  const limit = filter.limit ?? Number.MAX_SAFE_INTEGER;
  for (const rfq of records) {
    if (views.length >= limit) break;
    if (!matches(rfq, filter)) continue;
    const view = scopedRfq(bonds, rfq, viewer);
    if (view !== undefined) views.push(view);
  }
  return views;
}

function matches(rfq: RfqRecord, filter: RfqFilter): boolean {
  const { status, security_id, party } = filter;
  if (status === 'open' && !(rfq.status === 'requested' || rfq.status === 'quoted')) return false;
  if (status !== undefined && status !== 'open' && rfq.status !== status) return false;
  if (security_id !== undefined && rfq.request.security_id !== security_id) return false;
  if (party !== undefined) {
    const { requester, dealers } = rfq.request;
    if (requester !== party && !dealers.includes(party)) return false;
  }
  return true;
}

function scopedRfq(bonds: BondsState, rfq: RfqRecord, viewer: BondViewer): RfqView | undefined {
  const { request } = rfq;
  const whole = viewer.all || viewer.sees(request.requester);
  if (!whole && !request.dealers.some((d) => viewer.sees(d))) return undefined;
  const own = (dealer: string) => whole || viewer.sees(dealer);
  const meta = bonds.rfq_meta.get(request.quote_req_id);
  const trade = rfq.trade;
  return {
    quote_req_id: request.quote_req_id,
    requester: request.requester,
    security_id: request.security_id,
    side: request.side,
    order_qty_minor: request.order_qty_minor,
    price_type: request.price_type,
    dealers: [...request.dealers],
    direction: meta?.direction ?? '',
    settlement_date: meta?.settlement_date ?? '',
    status: rfq.status,
    requested_at_us: rfq.requested_at_us,
    expires_at_us: rfq.expires_at_us,
    quotes: rfq.quotes.filter((q) => own(q.dealer)).map(quoteView),
    declined: [...rfq.declined].filter(own),
    trade_id: trade !== undefined && own(trade.dealer) ? trade.trade_id : null,
  };
}

function quoteView(q: QuoteRecord): QuoteView {
  return {
    quote_id: q.quote_id,
    dealer: q.dealer,
    px_e8: q.px_e8,
    valid_until_us: q.valid_until_us,
    state: q.state,
  };
}

export interface BondTradeView {
  readonly trade_id: string;
  readonly quote_req_id: string;
  readonly security_id: string;
  readonly currency: string;
  readonly direction: string;
  readonly buyer: string;
  readonly seller: string;
  readonly dealer: string;
  readonly requester: string;
  readonly quantity_minor: bigint;
  readonly px_e8: bigint;
  readonly settlement_date: string;
  readonly clean_consideration_minor: bigint;
  readonly accrued_minor: bigint;
  readonly settlement_amount_minor: bigint;
  readonly transact_time_us: number;
}

/** The day's RFQ trades the viewer is a side of (all for an operator), newest first. */
export function listBondTradeViews(
  bonds: BondsState,
  viewer: BondViewer,
  security_id?: string,
): BondTradeView[] {
  const trades: BondTradeView[] = [];
  for (const rfq of [...bonds.rfq.rfqs.values()].reverse()) {
    const trade = rfq.trade;
    if (trade === undefined) continue;
    if (security_id !== undefined && trade.security_id !== security_id) continue;
    if (!viewer.all && !viewer.sees(trade.buyer) && !viewer.sees(trade.seller)) continue;
    const view = tradeView(bonds, rfq);
    if (view !== undefined) trades.push(view);
  }
  return trades;
}

function tradeView(bonds: BondsState, rfq: RfqRecord): BondTradeView | undefined {
  const trade = rfq.trade;
  const bond = bonds.bonds.get(rfq.request.security_id);
  const meta = bonds.rfq_meta.get(rfq.request.quote_req_id);
  if (trade === undefined || bond === undefined || meta === undefined) return undefined;
  // A closing order's price is its spread until the valuation prices it (closing_orders.ts).
  if (rfq.request.price_type === 'spread_bps') return undefined;
  const fixing = fixingForDay(bonds.fixings, bond.schedule, dayNumber(meta.settlement_date));
  const money = tradeMoney(bond, trade.quantity_minor, trade.px_e8, meta.settlement_date, fixing);
  if (!money.ok) return undefined;
  return {
    trade_id: trade.trade_id,
    quote_req_id: trade.quote_req_id,
    security_id: trade.security_id,
    currency: bond.terms.currency,
    direction: meta.direction,
    buyer: trade.buyer,
    seller: trade.seller,
    dealer: trade.dealer,
    requester: trade.requester,
    quantity_minor: trade.quantity_minor,
    px_e8: trade.px_e8,
    settlement_date: meta.settlement_date,
    ...money.value,
    transact_time_us: trade.transact_time_us,
  };
}

/**
 * paid; due (payment date reached, not paid); upcoming; before_registration (paid before the bond
 * was registered in the hub: the hub neither ran nor owes it).
 */
export type CouponStatus = 'paid' | 'due' | 'upcoming' | 'before_registration';

export interface CouponView {
  readonly isin: string;
  readonly currency: string;
  /** The period's unadjusted end (the `coupon_date` of `bonds.pay_coupon`). */
  readonly coupon_date: string;
  readonly payment_date: string;
  /** The coupon per 100 of face, in 10^-8, rounded half up (null: floating, no fixing). */
  readonly coupon_per_100_e8: bigint | null;
  /** paid; due (payment date reached, not paid); upcoming. */
  readonly status: CouponStatus;
}

/** Every coupon of the bond, in date order; `today` is the market date (YYYY-MM-DD). */
export function couponViews(bonds: BondsState, isin: string, today: string): CouponView[] {
  const bond = bonds.bonds.get(isin);
  if (bond === undefined || bond.terms.coupon.kind === 'zero') return [];
  const registered_on = bonds.registered_on.get(isin) ?? '';
  return bond.schedule.periods.map((period) => {
    const coupon_date = isoDate(period.end_day);
    const payment_date = isoDate(period.payment_day);
    const paid = bonds.coupons_paid.has(`${isin}:${coupon_date}`);
    const status = couponStatus(paid, payment_date, today, registered_on);
    return {
      isin,
      currency: bond.terms.currency,
      coupon_date,
      payment_date,
      coupon_per_100_e8: couponPer100(bonds, bond, period),
      status,
    };
  });
}

function couponStatus(
  paid: boolean,
  payment_date: string,
  today: string,
  registered_on: string,
): CouponStatus {
  if (paid) return 'paid';
  if (payment_date < registered_on) return 'before_registration';
  return today >= payment_date ? 'due' : 'upcoming';
}

function couponPer100(
  bonds: BondsState,
  bond: BondRecord,
  period: BondRecord['schedule']['periods'][number],
) {
  // A floating period's rate is known once its fixing is (fixings.ts).
  const fixing = fixingAtStart(bonds.fixings, bond.schedule, period.start_day);
  const rate = couponRate(bond.schedule, fixing);
  if (!rate.ok) return null;
  const fraction = couponFraction(bond.schedule, period);
  const numerator = rate.value * fraction.numerator * 100n * PRICE_SCALE;
  return divRound(numerator, RATE_SCALE * fraction.denominator, 'half_up');
}

export interface YieldPoint {
  readonly isin: string;
  readonly issuer_name: string;
  readonly currency: string;
  readonly maturity_date: string;
  /** From the last trade's settlement date to maturity. */
  readonly days_to_maturity: number;
  readonly px_e8: bigint;
  /** Yield to maturity of the last trade's clean price, in 10^-12 (docs/bonds.md §2.4). */
  readonly yield_e12: bigint;
}

/**
 * Per bond, the yield of the last RFQ trade of the day the viewer may see (a side of it, or an
 * operator: RFQ trades are not public prints). A trade the yield cannot be computed for is left
 * out. The point carries the price and yield, no parties.
 */
export function yieldPoints(bonds: BondsState, viewer: BondViewer): YieldPoint[] {
  const last = new Map<string, RfqRecord>();
  for (const rfq of bonds.rfq.rfqs.values()) {
    const trade = rfq.trade;
    if (trade === undefined) continue;
    if (viewer.all || viewer.sees(trade.buyer) || viewer.sees(trade.seller))
      last.set(rfq.request.security_id, rfq);
  }
  const points: YieldPoint[] = [];
  for (const [isin, rfq] of last) {
    const bond = bonds.bonds.get(isin);
    const meta = bonds.rfq_meta.get(rfq.request.quote_req_id);
    const trade = rfq.trade;
    if (bond === undefined || meta === undefined || trade === undefined) continue;
    if (trade.price_type !== 'percent_of_par') continue;
    const day = dayNumber(meta.settlement_date);
    const yield_e12 = yieldFromCleanPrice(bond.schedule, day, trade.px_e8);
    if (!yield_e12.ok) continue;
    points.push({
      isin,
      issuer_name: bond.terms.issuer_name,
      currency: bond.terms.currency,
      maturity_date: bond.terms.maturity_date,
      days_to_maturity: bond.schedule.maturity_day - day,
      px_e8: trade.px_e8,
      yield_e12: yield_e12.value,
    });
  }
  return points;
}

export interface MakerView {
  readonly dealer: string;
  readonly directions: readonly string[];
}

/** The registered market makers and their directions, in registration order (public). */
export function listMakers(bonds: BondsState): MakerView[] {
  return [...bonds.makers].map(([dealer, directions]) => ({ dealer, directions: [...directions] }));
}
