/**
 * The posttrade domain's data: trades as the hub hands them over, and settlement instructions.
 *
 * A trade becomes one instruction per settling pair of parties. An exchange trade is novated to
 * its central counterparty, so it becomes two instructions (seller → CCP, CCP → buyer) that settle
 * independently; a bilateral trade (the shared virtual-asset book, a tokenized bond) is one
 * instruction (seller → buyer). Every instruction has a securities leg and, unless it is free of
 * payment, a cash leg in the opposite direction; a southbound instruction also has an RMB leg
 * between the Mainland investor and ChinaClear, converted at the published settlement rate.
 * @module
 */

import type { CurrencyCode, Market } from '../reference/index.js';

/** How an order reached the book (the hub's `OrderRoute`, repeated so no hub import is needed). */
export const ORDER_ROUTES = [
  'domestic',
  'northbound',
  'southbound',
  'vatp_local',
  'vatp_affiliate',
  'rfq',
] as const;
/** One of `ORDER_ROUTES`. */
export type OrderRoute = (typeof ORDER_ROUTES)[number];

/**
 * What the hub knows about a trade when it hands it to posttrade: the `trade` market event plus
 * the trade date, the instrument's currency, price scale and market (see docs/settlement.md for
 * the field-by-field mapping).
 */
export interface TradeForSettlement {
  /** The event's `trade_id` (`<ISIN>:<sequence>`); at most 33 characters. */
  readonly trade_id: string;
  /** The instrument's ISIN: the ledger asset of the securities leg. */
  readonly instrument: string;
  readonly market: Market;
  readonly price_units: number;
  readonly quantity_units: number;
  /** Beneficial owners (investor ids, or party ids for house trades). */
  readonly buyer: string;
  readonly seller: string;
  /** Exchange participants (brokers) that submitted the orders. */
  readonly buyer_participant: string;
  readonly seller_participant: string;
  readonly buy_route: OrderRoute;
  readonly sell_route: OrderRoute;
  readonly buy_venue: string;
  readonly sell_venue: string;
  readonly timestamp_us: number;
  /** The market date of the trade (T), `YYYY-MM-DD`. */
  readonly trade_date: string;
  /** The instrument's trading currency. */
  readonly currency: CurrencyCode;
  /** Decimal places of `price_units`. */
  readonly price_scale: number;
  /**
   * For bonds quoted per 100 of face value: the face value of one ledger unit in the currency's
   * minor units (the green bond's unit is 1.00, so 100). Omitted for per-unit prices.
   */
  readonly face_value_minor?: bigint | undefined;
  /**
   * The cash asset the trade settles in, where the parties chose one (e-HKD, a tokenized deposit,
   * a licensed stablecoin). Omitted: the configured asset for the currency.
   */
  readonly cash_asset?: string | undefined;
  /** A primary allocation: the seller is the issuer and delivers from its issuance account. */
  readonly primary?: boolean | undefined;
  /**
   * The cash the buyer pays, where the trade states it rather than price × quantity: a bond
   * traded on a clean price settles clean consideration plus accrued interest (an RFQ trade).
   */
  readonly cash_minor?: bigint | undefined;
  /**
   * The intended settlement date the parties agreed (an RFQ's SettlDate), for both legs, instead
   * of the stream's T+n. On or after the trade date.
   */
  readonly settlement_date?: string | undefined;
}

/** Each settlement stream has its own cycle, calendar, fail and penalty rules (config.ts). */
export const STREAMS = [
  'northbound',
  'cn_domestic',
  'southbound',
  'hk_domestic',
  'shared_book',
  'tokenized',
  'interbank',
  'cmu_rfq',
] as const;
/** One of `STREAMS`. */
export type Stream = (typeof STREAMS)[number];

/** BIS DvP model 1 (gross, real time) or model 3 (net, in cycles). */
export type SettlementModel = 'gross' | 'net';

/**
 * - `matched`: captured (both sides agree), not yet settled, nothing has failed yet.
 * - `pending`: part settled: the securities leg of a northbound instruction (money follows T+1).
 * - `settled`: every leg final. Irrevocable.
 * - `failed`: attempted on or after its settlement date and not (fully) settled; retried each cycle.
 * - `cancelled`: closed without settling: cancelled, bought in, or compensated by the reserve fund.
 */
export const INSTRUCTION_STATUSES = [
  'matched',
  'pending',
  'settled',
  'failed',
  'cancelled',
] as const;
/** One of `INSTRUCTION_STATUSES`. */
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

/** Why a leg did not settle. */
export const FAIL_REASONS = [
  'short_securities',
  'short_cash',
  'account_frozen',
  'counterparty_failed',
  'fx_failed',
  'ledger_refused',
] as const;
/** One of `FAIL_REASONS`. */
export type FailReason = (typeof FAIL_REASONS)[number];

/**
 * How an instruction that did not settle was closed; `final_fail`: still failing at the end of
 * its stream's re-settlement window (`resettle_days`).
 */
export type Closure = '' | 'settled' | 'cancelled' | 'bought_in' | 'compensated' | 'final_fail';

/** For a southbound instruction: whether the Mainland investor pays RMB (buy) or receives it. */
export type FxSide = 'none' | 'buy' | 'sell';

/** One settlement instruction. Fixed shape, plain data (bigints, strings, numbers). */
export interface Instruction {
  readonly id: string;
  /** Capture order: the settlement priority (earlier first) and the deterministic order. */
  readonly seq: number;
  readonly trade_id: string;
  readonly stream: Stream;
  /** The settlement system: the CCP's owner id (`CSDC`, `HKSCC`) or `BILATERAL`. */
  readonly group: string;
  readonly model: SettlementModel;
  readonly market: Market;
  readonly isin: string;
  readonly deliverer: string;
  readonly deliverer_participant: string;
  readonly receiver: string;
  readonly receiver_participant: string;
  /** `APMT` against payment, `FREE` free of payment (sese.023 codes). */
  readonly payment: 'APMT' | 'FREE';
  readonly currency: CurrencyCode;
  /** The asset of the cash leg; for southbound, HKD at the HKSCC tier. */
  readonly cash_asset: string;
  readonly trade_date: string;
  readonly securities_date: string;
  readonly cash_date: string;
  /** The first date a buy-in may be executed; `''` where the stream has none. */
  readonly buy_in_date: string;
  readonly captured_at_us: number;
  readonly quantity_units: bigint;
  readonly cash_minor: bigint;
  /** The trade price, its scale, and for bonds quoted per 100 the face value of a unit (else 0). */
  readonly price_units: number;
  readonly price_scale: number;
  readonly face_value_minor: bigint;
  readonly partial_allowed: boolean;
  readonly fx: FxSide;
  /** A trade of the shared order book with an affiliate's client on either side. */
  readonly shared_book: boolean;
  readonly affiliate_deliverer: boolean;
  readonly affiliate_receiver: boolean;
  /** Interned account indices (state.accounts); -1 where there is no such leg. */
  readonly sec_from: number;
  readonly sec_to: number;
  readonly cash_from: number;
  readonly cash_to: number;
  readonly rmb_from: number;
  readonly rmb_to: number;
  status: InstructionStatus;
  securities_settled: boolean;
  remaining_quantity_units: bigint;
  remaining_cash_minor: bigint;
  settled_quantity_units: bigint;
  settled_cash_minor: bigint;
  settled_rmb_minor: bigint;
  /** Settlement parts so far: each partial or final settlement is one. */
  parts: number;
  fail_reason: FailReason | '';
  failing_party: string;
  fail_count: number;
  penalty_minor: bigint;
  penalty_collected_minor: bigint;
  penalty_days: number;
  last_penalty_date: string;
  closure: Closure;
  final_at_us: number;
}
