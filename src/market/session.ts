/**
 * Session control, driven by the caller on the hub's clock: set the phase, uncross an auction,
 * expire DAY orders at the end of the day, start a new day with its reference prices, arm VCM.
 * @module
 */

import { ACCEPTED_VOID, accept, type Outcome, type Rejection, reject } from '../kernel/index.js';
import { publishIndicative, type UncrossResult, uncrossAuction } from './auction.js';
import { ASK, AUCTION_QUEUE, BID, type BookState, NIL } from './book_state.js';
import type { PriceLimits } from './config.js';
import { emitCancel } from './matching.js';
import { isAuction, isAuctionInput } from './phases.js';
import { changePhase, publishBbo } from './publish.js';
import { MarketRejection as Code } from './rejections.js';
import { CancelReason, Phase, TimeInForce } from './types.js';

export interface PhaseOptions {
  /** Auction price band (HK POS ±15 %, CAS ±5 %, or lowest ask / highest bid); null = none. */
  readonly price_band?: PriceLimits | null;
  /** Auction tie-break reference: previous close (opening), last trade (SZSE close), CAS ref. */
  readonly reference_price_units?: number;
  /** Which auction this is: `closing` enables the HK CAS fallback at the reference price. */
  readonly auction?: 'opening' | 'closing';
}

export interface DayReference {
  readonly previous_close_units: number;
  /** Today's limits (`dailyPriceLimits`), or null (HK; A shares in their first five days). */
  readonly price_limits: PriceLimits | null;
}

export function setBookPhase(
  b: BookState,
  phase: Phase,
  timestamp_us: number,
  options: PhaseOptions,
): Outcome<undefined> {
  const refusal = checkPhaseChange(b, phase);
  if (refusal !== null) return refusal;
  if (b.vcm !== null && b.phase === Phase.COOLING_OFF) b.vcm.cooling_until_us = 0;
  if (isAuction(phase)) {
    const band = options.price_band ?? null;
    b.auction_band_floor = band === null ? 0 : band.floor_units;
    b.auction_band_ceiling = band === null ? 0 : band.ceiling_units;
    b.auction_reference = options.reference_price_units ?? 0;
    b.auction_closing = options.auction === 'closing';
  }
  changePhase(b, phase, timestamp_us);
  if (isAuctionInput(phase)) publishIndicative(b, timestamp_us);
  return ACCEPTED_VOID;
}

function checkPhaseChange(b: BookState, phase: Phase): Rejection | null {
  if (!Number.isInteger(phase) || phase < Phase.CLOSED || phase > Phase.HALTED) {
    return reject(Code.INVALID_PHASE, 'Unknown phase', { phase });
  }
  if (phase === Phase.COOLING_OFF) {
    return reject(Code.INVALID_PHASE, 'Cooling-off is entered by the VCM, not set', { phase });
  }
  if (isAuction(phase) && b.config.eligibility !== null) {
    return reject(Code.AUCTION_NOT_SUPPORTED, 'Shared books trade continuously only', { phase });
  }
  if (isAuction(phase)) return null;
  if (b.isCrossed()) {
    return reject(Code.BOOK_CROSSED, 'The book is crossed: uncross the auction first', {
      best_bid_units: b.bestPrice(BID),
      best_ask_units: b.bestPrice(ASK),
    });
  }
  const pending =
    (b.l_count[AUCTION_QUEUE[BID]] as number) + (b.l_count[AUCTION_QUEUE[ASK]] as number);
  if (pending > 0) {
    return reject(Code.AUCTION_ORDERS_PENDING, 'At-auction orders are waiting: uncross first', {
      at_auction_orders: pending,
    });
  }
  return null;
}

export function uncrossBook(b: BookState, timestamp_us: number): Outcome<UncrossResult> {
  if (!isAuction(b.phase)) {
    return reject(Code.WRONG_SESSION, 'Only an auction can be uncrossed', { phase: b.phase });
  }
  const result = uncrossAuction(b, b.auction_closing, timestamp_us);
  publishBbo(b, timestamp_us);
  return accept(result);
}

/** Cancels every DAY order (and any at-auction order left) with reason DAY_EXPIRY. */
export function expireDayOrders(b: BookState, timestamp_us: number): Outcome<number> {
  if (b.phase !== Phase.CLOSED) {
    return reject(Code.WRONG_SESSION, 'DAY orders expire once the book is closed', {
      phase: b.phase,
    });
  }
  let expired = 0;
  for (const si of [BID, ASK]) {
    expired += expireLevel(b, AUCTION_QUEUE[si] as number, timestamp_us);
    for (let pos = (b.side_count[si] as number) - 1; pos >= 0; pos--) {
      expired += expireLevel(b, b.levelsOf(si)[pos] as number, timestamp_us);
    }
    b.trimSide(si);
  }
  publishBbo(b, timestamp_us);
  return accept(expired);
}

function expireLevel(b: BookState, level: number, timestamp_us: number): number {
  let expired = 0;
  for (let slot = b.l_head[level] as number; slot !== NIL; ) {
    const next = b.nextOf(slot);
    if (b.tifOf(slot) !== TimeInForce.GTC || level <= AUCTION_QUEUE[ASK]) {
      emitCancel(b, slot, b.remainingOf(slot), 0, CancelReason.DAY_EXPIRY, timestamp_us);
      b.discard(slot);
      expired++;
    }
    slot = next;
  }
  return expired;
}

/** A new trading day: reference prices and limits; last trade and VCM history are cleared. */
export function startBookDay(b: BookState, day: DayReference): Outcome<undefined> {
  if (b.phase !== Phase.CLOSED) {
    return reject(Code.WRONG_SESSION, 'A new day starts while the book is closed', {
      phase: b.phase,
    });
  }
  const limits = day.price_limits;
  if (!Number.isSafeInteger(day.previous_close_units) || day.previous_close_units < 0) {
    return reject(Code.INVALID_PRICE, 'Previous close must be a non-negative integer', {
      previous_close_units: day.previous_close_units,
    });
  }
  if (limits !== null && !(limits.floor_units > 0 && limits.floor_units <= limits.ceiling_units)) {
    return reject(Code.INVALID_PRICE, 'Price limits must be positive and in order', { ...limits });
  }
  b.previous_close = day.previous_close_units;
  b.price_floor = limits === null ? 0 : limits.floor_units;
  b.price_ceiling = limits === null ? Number.MAX_SAFE_INTEGER : limits.ceiling_units;
  b.last_trade_price = 0;
  if (b.vcm !== null) b.vcm.reset();
  return ACCEPTED_VOID;
}

export function armBookVcm(b: BookState, armed: boolean): Outcome<undefined> {
  if (b.vcm === null) {
    return reject(Code.VCM_NOT_CONFIGURED, 'This book has no volatility control mechanism', {});
  }
  b.vcm.armed = armed;
  return ACCEPTED_VOID;
}
