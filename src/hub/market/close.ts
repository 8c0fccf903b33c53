/**
 * The official closing price, which is the base of the next day's daily limits (SSE/SZSE) and of
 * the quotation rule and auction references (SEHK). It is not simply the last trade:
 *
 * - SSE and SZSE: the closing call auction's price; if the closing call auction does not produce
 *   a price, the volume-weighted average price of the trades in the minute up to and including
 *   the last trade of the day (SSE 交易规则 (2023 rev.) §3.6; SZSE 交易规则 (2023 rev.) §3.7).
 * - SEHK: the CAS reference price is the median of five nominal prices taken at 15-second
 *   intervals from 15:59:00 to 16:00:00 (11:59–12:00 on half days); the closing price is the
 *   CAS's final price, or that reference price when the CAS produces none (HKEX Trading
 *   Mechanism, Closing Auction Session).
 *
 * An A share with no trade on a day keeps the previous close. See docs/market.md §5.
 *
 * The minute's trades are kept in one-second buckets (at most 61), so the VWAP window has
 * one-second resolution, like the VCM reference.
 * @module
 */

import { divRound } from '../../kernel/index.js';
import type { TickRule } from '../../market/index.js';

export const CLOSE_WINDOW_US = 60_000_000;
const US_PER_SECOND = 1_000_000;
/** HK CAS reference: five nominal prices, every 15 seconds, ending when the CAS starts. */
export const NOMINAL_SAMPLE_OFFSETS_S = [60, 45, 30, 15, 0] as const;

export interface MinuteBucket {
  readonly second: number;
  notional_units: bigint;
  quantity_units: number;
}

/** One instrument's trading day, as far as its close is concerned. */
export interface CloseTracker {
  /** Trades within a minute of the last one, in one-second buckets, oldest first. */
  minute: MinuteBucket[];
  last_trade_us: number;
  /** The closing auction's price; 0 until a closing auction produces one. */
  closing_auction_units: number;
  /** HK: the nominal prices sampled for the CAS reference (0 = no nominal price). */
  nominal_samples_units: number[];
}

export type CloseMethod = 'closing_auction' | 'last_minute_vwap' | 'cas_reference';

export function emptyTracker(): CloseTracker {
  return { minute: [], last_trade_us: 0, closing_auction_units: 0, nominal_samples_units: [] };
}

export function recordTrade(
  tracker: CloseTracker,
  price_units: number,
  quantity_units: number,
  timestamp_us: number,
): void {
  const second = Math.floor(timestamp_us / US_PER_SECOND);
  const last = tracker.minute[tracker.minute.length - 1];
  const notional = BigInt(price_units) * BigInt(quantity_units);
  if (last !== undefined && last.second === second) {
    last.notional_units += notional;
    last.quantity_units += quantity_units;
  } else {
    tracker.minute.push({ second, notional_units: notional, quantity_units });
  }
  tracker.last_trade_us = Math.max(tracker.last_trade_us, timestamp_us);
  const first_second = Math.floor((tracker.last_trade_us - CLOSE_WINDOW_US) / US_PER_SECOND);
  let drop = 0;
  while (drop < tracker.minute.length && (tracker.minute[drop]?.second ?? 0) < first_second) {
    drop += 1;
  }
  if (drop > 0) tracker.minute.splice(0, drop);
}

/** VWAP of the last minute's trades, rounded half up to the tick; 0 without trades. */
export function lastMinuteVwap(tracker: CloseTracker, tick: TickRule): number {
  let notional = 0n;
  let quantity = 0n;
  for (const bucket of tracker.minute) {
    notional += bucket.notional_units;
    quantity += BigInt(bucket.quantity_units);
  }
  if (quantity === 0n) return 0;
  const raw = Number(divRound(notional, quantity, 'half_up'));
  const tick_units = BigInt(tick.tickSizeAt(raw));
  return Number(divRound(BigInt(raw), tick_units, 'half_up') * tick_units);
}

/** The median of the positive samples (the lower middle of an even count); 0 if none. */
export function medianNominal(samples: readonly number[]): number {
  const prices = samples.filter((price) => price > 0).sort((a, b) => a - b);
  if (prices.length === 0) return 0;
  return prices[Math.floor((prices.length - 1) / 2)] as number;
}

/** The official close of the day and how it was found; null when nothing traded. */
export function officialClose(
  tracker: CloseTracker,
  hk: boolean,
  tick: TickRule,
): { price_units: number; method: CloseMethod } | null {
  if (tracker.closing_auction_units > 0) {
    return { price_units: tracker.closing_auction_units, method: 'closing_auction' };
  }
  if (hk) {
    const reference = medianNominal(tracker.nominal_samples_units);
    return reference > 0 ? { price_units: reference, method: 'cas_reference' } : null;
  }
  const vwap = lastMinuteVwap(tracker, tick);
  return vwap > 0 ? { price_units: vwap, method: 'last_minute_vwap' } : null;
}
