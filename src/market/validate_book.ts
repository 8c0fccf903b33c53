/**
 * Continuous-trading checks that look at the book: the operation's match limits (limit price,
 * market-order protection, VCM band), post-only, HK price-queue limits and the VCM cooling-off
 * rule. Still read-only: the only write is `b.limits`, the scratch record of this operation.
 * @module
 */

import { type Rejection, reject } from '../kernel/index.js';
import { ASK, BID, type BookState } from './book_state.js';
import { priceBand } from './config.js';
import { thresholdKey } from './matching.js';
import { isAuction } from './phases.js';
import { crossesEligible, reachesOutsideBand } from './prechecks.js';
import { MarketRejection as Code } from './rejections.js';
import { tickCeil, tickFloor } from './tick_rule.js';
import { type OrderRequest, OrderType, Phase, Side } from './types.js';

/**
 * HK: the nominal price is the last trade (or previous close), pulled up to a higher best bid or
 * down to a lower best ask. In call auctions the book may be crossed, so there it is the last
 * trade (or previous close) alone.
 */
export function nominalPrice(b: BookState): number {
  const base = b.last_trade_price > 0 ? b.last_trade_price : b.previous_close;
  if (isAuction(b.phase)) return base;
  const bid = b.bestPrice(BID);
  const ask = b.bestPrice(ASK);
  if (bid > 0 && bid > base) return bid;
  if (ask > 0 && ask < base) return ask;
  return base;
}

export function checkAgainstBook(
  b: BookState,
  r: OrderRequest,
  timestamp_us: number,
): Rejection | null {
  prepareLimits(b, r, timestamp_us);
  const group = groupOfRequest(b, r);
  if (r.post_only && crossesEligible(b, r.side, b.limits.threshold_key, group)) {
    return reject(Code.POST_ONLY_WOULD_CROSS, 'Post-only order would trade on entry', {
      price_units: r.price_units,
      best_opposite_units: b.bestPrice(r.side === Side.BUY ? ASK : BID),
    });
  }
  return checkQueues(b, r) ?? checkCoolingOff(b, r);
}

export function groupOfRequest(b: BookState, r: OrderRequest): number {
  const eligibility = b.config.eligibility;
  return eligibility === null ? 0 : r.venue * eligibility.classes + r.investor_class;
}

/** Fills `b.limits` for this order: limit threshold, level limit and VCM band. */
export function prepareLimits(b: BookState, r: OrderRequest, timestamp_us: number): void {
  const limits = b.limits;
  limits.stopped = false;
  limits.band_hit = false;
  limits.levels_max = 0;
  limits.threshold_key = thresholdKey(r.side, r.price_units);
  if (r.type === OrderType.MARKET) prepareMarketProtection(b, r);
  limits.band_on = false;
  const vcm = b.vcm;
  if (vcm === null) return;
  if (b.phase === Phase.COOLING_OFF) {
    limits.band_on = true;
    limits.band_floor = vcm.band_floor;
    limits.band_ceiling = vcm.band_ceiling;
  } else if (vcm.armed) {
    const reference = vcm.referenceAt(timestamp_us);
    if (reference === 0) return;
    const band = priceBand(reference, vcm.config.trigger_bps, b.config.tick);
    limits.band_on = true;
    limits.band_floor = band.floor_units;
    limits.band_ceiling = band.ceiling_units;
  }
}

function prepareMarketProtection(b: BookState, r: OrderRequest): void {
  const rule = b.config.market_orders;
  if (rule === null) return;
  const limits = b.limits;
  limits.levels_max = rule.levels_max;
  const best = b.bestPrice(r.side === Side.BUY ? ASK : BID);
  if (rule.band_bps === 0 || best === 0) return;
  const tick = b.config.tick;
  const protection =
    r.side === Side.BUY
      ? tickFloor(tick, Math.floor((best * (10_000 + rule.band_bps)) / 10_000))
      : tickCeil(tick, Math.ceil((best * (10_000 - rule.band_bps)) / 10_000));
  const key = thresholdKey(r.side, protection);
  if (key > limits.threshold_key) limits.threshold_key = key;
}

/** HK: a limit order trades only at one price queue, an enhanced limit order at up to ten. */
function checkQueues(b: BookState, r: OrderRequest): Rejection | null {
  let queues = 0;
  if (r.type === OrderType.LIMIT) queues = b.config.limit_queues_max;
  else if (r.type === OrderType.ENHANCED_LIMIT) queues = b.config.enhanced_limit_queues_max;
  if (queues === 0) return null;
  const best = b.bestPrice(r.side === Side.BUY ? ASK : BID);
  if (best === 0) return null;
  const step = r.side === Side.BUY ? queues - 1 : -(queues - 1);
  const furthest = step === 0 ? best : b.config.tick.ticksAway(best, step);
  const too_far = r.side === Side.BUY ? r.price_units > furthest : r.price_units < furthest;
  if (!too_far) return null;
  return reject(
    Code.TOO_MANY_PRICE_QUEUES,
    `Order would trade through more than ${queues} queues`,
    {
      price_units: r.price_units,
      best_opposite_units: best,
      furthest_allowed_units: furthest,
      queues_max: queues,
    },
  );
}

function checkCoolingOff(b: BookState, r: OrderRequest): Rejection | null {
  if (b.phase !== Phase.COOLING_OFF) return null;
  const limits = b.limits;
  const outside = reachesOutsideBand(
    b,
    r.side,
    limits.threshold_key,
    r.quantity_units,
    limits.band_floor,
    limits.band_ceiling,
  );
  if (!outside) return null;
  return reject(Code.VCM_PRICE_OUTSIDE_BAND, 'Order would trade outside the VCM cooling-off band', {
    price_units: r.price_units,
    band_floor_units: limits.band_floor,
    band_ceiling_units: limits.band_ceiling,
  });
}
