/**
 * The equilibrium price of a call auction, per exchange:
 *
 * 1. maximum executable volume: `min(B(p), A(p))`, where B(p) is the buy quantity willing to pay
 *    ≥ p (at-auction orders included) and A(p) the sell quantity willing to accept ≤ p;
 * 2. SSE/SZSE only: every bid above p and every ask below p must execute in full;
 *    SEHK only: p must lie within [lowest limit ask, highest limit bid];
 * 3. minimum imbalance |B(p) − A(p)|;
 * 4. the reference-price rule:
 *    - SSE (Trading Rules 3.5.2): the midpoint of the remaining prices, rounded half up to the tick;
 *    - SZSE: the remaining price nearest the reference (opening: previous close; closing: last
 *      trade), the higher one when two are equally near;
 *    - SEHK: the highest remaining price when all have a buy surplus, the lowest when all have a
 *      sell surplus, otherwise the one nearest the reference (previous close for the POS, the CAS
 *      reference price), the higher one when two are equally near.
 *
 * Candidate prices are the limit prices in the book (the rules speak of "申报价格", order prices).
 * One ascending sweep over both sides' levels: O(levels), no allocation.
 * @module
 */

import { ASK, AUCTION_QUEUE, BID, type BookState } from './book_state.js';
import { tickFloor } from './tick_rule.js';

/** The tracker of tied best candidates during the sweep, reused across calls. */
export class AuctionPrice {
  price = 0;
  volume = 0;
  imbalance = 0;
  tied_low = 0;
  tied_high = 0;
  all_buy_surplus = true;
  all_sell_surplus = true;
  nearest = 0;
  nearest_distance = 0;
  reference = 0;
}

/** Computes price, volume and imbalance into `out`; price 0 means no auction price. */
export function auctionPrice(b: BookState, reference: number, out: AuctionPrice): void {
  out.price = 0;
  out.volume = 0;
  out.imbalance = 0;
  out.reference = reference;
  const rule = b.config.auction_rule;
  const bid_prices = b.keysOf(BID);
  const bid_levels = b.levelsOf(BID);
  const ask_levels = b.levelsOf(ASK);
  const bid_count = b.side_count[BID] as number;
  const market_bid = b.l_volume[AUCTION_QUEUE[BID]] as number;
  const market_ask = b.l_volume[AUCTION_QUEUE[ASK]] as number;
  const limit_bid_total = (b.side_volume[BID] as number) - market_bid;
  const high_bid = bid_count > 0 ? (bid_prices[bid_count - 1] as number) : 0;
  const low_ask = b.bestPrice(ASK);
  if (rule === 'hkex' && (high_bid === 0 || low_ask === 0 || high_bid < low_ask)) return;
  let bi = 0;
  let ai = (b.side_count[ASK] as number) - 1;
  let bids_below = 0;
  let asks_up_to = market_ask;
  while (bi < bid_count || ai >= 0) {
    const bid_price = bi < bid_count ? (b.l_price[bid_levels[bi] as number] as number) : Infinity;
    const ask_price = ai >= 0 ? (b.l_price[ask_levels[ai] as number] as number) : Infinity;
    const price = Math.min(bid_price, ask_price);
    let ask_at = 0;
    let bid_at = 0;
    if (ask_price === price) {
      ask_at = b.l_volume[ask_levels[ai] as number] as number;
      asks_up_to += ask_at;
      ai--;
    }
    if (bid_price === price) {
      bid_at = b.l_volume[bid_levels[bi] as number] as number;
      bi++;
    }
    const buy = market_bid + limit_bid_total - bids_below;
    bids_below += bid_at;
    if (bid_at === 0 && ask_at === 0) continue; // only lazily kept empty levels at this price
    const in_range = rule !== 'hkex' || (price >= low_ask && price <= high_bid);
    if (in_range) consider(out, rule !== 'hkex', price, buy, asks_up_to, bid_at, ask_at);
  }
  if (out.volume > 0) out.price = breakTie(b, out);
}

function consider(
  out: AuctionPrice,
  full_execution_rule: boolean,
  price: number,
  buy: number,
  sell: number,
  bid_at: number,
  ask_at: number,
): void {
  const volume = Math.min(buy, sell);
  if (volume === 0) return;
  // SSE/SZSE condition (2): bids above and asks below the price execute in full.
  if (full_execution_rule && (buy - bid_at > volume || sell - ask_at > volume)) return;
  const imbalance = buy - sell;
  const size = Math.abs(imbalance);
  const best_size = Math.abs(out.imbalance);
  if (volume > out.volume || (volume === out.volume && size < best_size)) {
    out.volume = volume;
    out.imbalance = imbalance;
    out.tied_low = price;
    out.all_buy_surplus = true;
    out.all_sell_surplus = true;
    out.nearest = 0;
  } else if (volume < out.volume || size > best_size) {
    return;
  }
  out.tied_high = price;
  if (imbalance <= 0) out.all_buy_surplus = false;
  if (imbalance >= 0) out.all_sell_surplus = false;
  const distance = Math.abs(price - out.reference);
  // Ascending sweep: on equal distance the later (higher) price wins.
  if (out.nearest === 0 || distance <= out.nearest_distance) {
    out.nearest = price;
    out.nearest_distance = distance;
  }
}

function breakTie(b: BookState, out: AuctionPrice): number {
  if (out.tied_low === out.tied_high) return out.tied_low;
  const rule = b.config.auction_rule;
  if (rule === 'sse') return midpointOnTick(b, out.tied_low, out.tied_high);
  if (rule === 'hkex' && out.all_buy_surplus) return out.tied_high;
  if (rule === 'hkex' && out.all_sell_surplus) return out.tied_low;
  if (out.reference === 0) return out.tied_high;
  return out.nearest;
}

/** (low + high) / 2 rounded half up to the tick grid. */
export function midpointOnTick(b: BookState, low: number, high: number): number {
  const tick = b.config.tick;
  const twice = low + high;
  const floor = tickFloor(tick, Math.floor(twice / 2));
  const ceil = floor * 2 === twice ? floor : tick.ticksAway(floor, 1);
  return twice - 2 * floor < 2 * ceil - twice ? floor : ceil;
}

/** Buy and sell quantities willing to trade at `price` (at-auction orders included). */
export function volumesAt(b: BookState, price: number): { buy: number; sell: number } {
  let buy = b.l_volume[AUCTION_QUEUE[BID]] as number;
  let sell = b.l_volume[AUCTION_QUEUE[ASK]] as number;
  for (const si of [BID, ASK]) {
    const levels = b.levelsOf(si);
    for (let pos = (b.side_count[si] as number) - 1; pos >= 0; pos--) {
      const level = levels[pos] as number;
      const level_price = b.l_price[level] as number;
      if (si === BID ? level_price < price : level_price > price) break;
      if (si === BID) buy += b.l_volume[level] as number;
      else sell += b.l_volume[level] as number;
    }
  }
  return { buy, sell };
}
