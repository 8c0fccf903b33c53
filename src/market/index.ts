/**
 * The market domain: price-time-priority order books for SSE, SZSE, SEHK and shared virtual-asset
 * books, with call auctions, price controls, self-trade prevention by beneficial owner and an
 * eligibility matrix across venues. Pure and deterministic: time arrives as `timestamp_us` on every
 * operation; nothing here reads a clock, randomness, the environment or I/O.
 *
 * See docs/market.md for the rules, data structures and benchmark.
 * @module
 */

export type { UncrossResult } from './auction.js';
export type { DepthLevel, OrderView } from './book.js';
export { OrderBook } from './book.js';
export type { PriceCage } from './cage.js';
export { cageBound, cageReference } from './cage.js';
export type {
  AuctionRule,
  BookConfig,
  BookConfigInput,
  MarketOrderRule,
  OddLotPolicy,
  PrefundHook,
  PrefundRequest,
  PriceLimits,
  VcmConfig,
} from './config.js';
export {
  checkBookSizes,
  dailyPriceLimits,
  LEVELS_MAX_DEFAULT,
  normalizeConfig,
  ORDERS_MAX_DEFAULT,
  priceBand,
} from './config.js';
export type { EligibilityMatrix, MatchParty } from './eligibility.js';
export { eligibilityMatrix, SharedBookClass, sharedBookEligibility } from './eligibility.js';
export type { AnyEvent, BookListener } from './events.js';
export {
  BboEvent,
  CancelEvent,
  copyEvent,
  IndicativeEvent,
  NULL_LISTENER,
  OrderEvent,
  PhaseEvent,
  RecordingListener,
  ReplaceEvent,
  TradeEvent,
} from './events.js';
export type { MarketSnapshot } from './market.js';
export { MARKET_SNAPSHOT_VERSION, Market } from './market.js';
export {
  acceptsCancels,
  auctionKindForSession,
  bookPhaseForSession,
  isAuction,
  isContinuous,
} from './phases.js';
export { MarketRejection } from './rejections.js';
export * as rfq from './rfq/index.js';
export type { DayReference, PhaseOptions } from './session.js';
export type { BookSnapshot, OrderColumns } from './snapshot.js';
export { BOOK_SNAPSHOT_VERSION } from './snapshot.js';
export type { TickRule, TickTableFunctions } from './tick_rule.js';
export {
  referenceTickRule,
  tickCeil,
  tickFloor,
  tickRuleFromTable,
  uniformTickRule,
} from './tick_rule.js';
export type { OrderRequest } from './types.js';
export {
  Aggressor,
  CANCEL_REASON_NAMES,
  CancelReason,
  OrderType,
  orderRequest,
  PHASE_NAMES,
  Phase,
  Side,
  StpMode,
  TimeInForce,
} from './types.js';
