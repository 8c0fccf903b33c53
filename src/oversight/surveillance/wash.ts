/**
 * Wash trades and improper matched orders (MAR Annex I A(c): no change in beneficial ownership;
 * CEA §4c(a)(1)–(2)): trades whose buyer and seller are the same beneficial owner, or accounts of
 * one linked group, where the two orders were entered close together with matching sizes — the
 * RedDeer "pairing" analysis. Accidental self-matches (an old resting order hit by the same owner's
 * later order of another size) fail the pairing test; repetition in the window is required.
 * @module
 */

import type { TradeExecuted } from '../../hub/market_events.js';
import { assert } from '../../kernel/assert.js';
import type { LinkedGroup, WashParams } from './config.js';
import {
  acceptedEntry,
  type BatchContext,
  distinct,
  evidence,
  figure,
  orderEvidence,
  tradeEntry,
  tradeEvidence,
} from './evidence.js';
import { formatE4, notionalE4 } from './notional.js';
import type { OrderRec } from './state.js';
import type { EvidenceOrder, EvidenceTrade, TimelineEntry } from './types.js';

const PAIR_TRADES_MAX = 64;

interface WashTrade {
  readonly trade: EvidenceTrade;
  readonly orders: readonly [EvidenceOrder, EvidenceOrder];
  readonly entries: readonly TimelineEntry[];
  readonly gap_us: number;
  readonly difference_bps: number;
  readonly value_e4: bigint;
}

interface PairState {
  trades: WashTrade[];
}

export class WashDetector {
  private readonly group_of = new Map<string, string>();
  /** `<group or owner> \0 <instrument>` → recent wash trades; cleared every day. */
  private pairs = new Map<string, PairState>();

  constructor(
    private readonly params: WashParams,
    groups: readonly LinkedGroup[],
  ) {
    for (const group of groups)
      for (const owner of group.owners) this.group_of.set(owner, group.group_id);
  }

  resetDay(): void {
    this.pairs = new Map();
  }

  onTrade(e: TradeExecuted, buy: OrderRec, sell: OrderRec, ctx: BatchContext): void {
    let group = e.buyer;
    if (e.buyer !== e.seller) {
      const buyer_group = this.group_of.get(e.buyer);
      if (buyer_group === undefined || buyer_group !== this.group_of.get(e.seller)) return;
      group = buyer_group;
    }
    const p = this.params;
    const gap_us = Math.abs(buy.accepted_us - sell.accepted_us);
    if (gap_us > p.pair_gap_max_us) return;
    const larger = Math.max(buy.quantity_units, sell.quantity_units);
    const difference = Math.abs(buy.quantity_units - sell.quantity_units);
    if (difference * 10_000 > p.volume_difference_bps_max * larger) return;
    const state = this.pairState(`${group}\u0000${e.instrument}`);
    state.trades = state.trades.filter((t) => ctx.now_us - t.trade.timestamp_us <= p.window_us);
    if (state.trades.length >= PAIR_TRADES_MAX) state.trades.shift();
    const info = buy.oi.instrument.info;
    const trade = tradeEvidence(e, ctx.seq);
    state.trades.push({
      trade,
      orders: [orderEvidence(buy, 'wash_buy'), orderEvidence(sell, 'wash_sell')],
      entries: [
        acceptedEntry(buy, 'wash buy'),
        acceptedEntry(sell, 'wash sell'),
        tradeEntry(trade),
      ],
      gap_us,
      difference_bps: Math.floor((difference * 10_000) / larger),
      value_e4: notionalE4(e.price_units, e.quantity_units, info.price_scale),
    });
    if (state.trades.length < p.trades_min) return;
    this.raise(state.trades, info.market, info.currency, ctx);
    state.trades = [];
  }

  private pairState(key: string): PairState {
    let state = this.pairs.get(key);
    if (state === undefined) {
      state = { trades: [] };
      this.pairs.set(key, state);
    }
    return state;
  }

  private raise(
    trades: readonly WashTrade[],
    market: string,
    currency: string,
    ctx: BatchContext,
  ): void {
    const first = trades[0];
    assert(first !== undefined, 'a wash alert has trades');
    const owners = distinct(trades.flatMap((t) => [t.trade.buyer, t.trade.seller]));
    const same_owner = owners.length === 1;
    const volume = trades.reduce((sum, t) => sum + t.trade.quantity_units, 0);
    const value = trades.reduce((sum, t) => sum + t.value_e4, 0n);
    const gap_ms = Math.floor(Math.max(...trades.map((t) => t.gap_us)) / 1000);
    const difference = Math.max(...trades.map((t) => t.difference_bps));
    const orders = trades.flatMap((t) => t.orders);
    ctx.raise({
      kind: 'wash_trade',
      subtype: same_owner ? 'same_owner' : 'linked_accounts',
      severity: 'high',
      owners,
      participants: distinct(orders.map((o) => o.participant)),
      instrument: first.trade.instrument,
      market,
      window_start_us: Math.min(...orders.map((o) => o.accepted_us)),
      window_end_us: ctx.now_us,
      summary:
        `${trades.length} trades in ${first.trade.instrument} with ${owners.join(' and ')} on ` +
        `both sides (${same_owner ? 'same beneficial owner' : 'linked accounts'}): ${volume} units, ` +
        `${currency} ${formatE4(value)}`,
      evidence: evidence(
        [
          figure('wash_trades', trades.length, this.params.trades_min, '>=', 'trades'),
          figure(
            'pair_gap_max_ms',
            gap_ms,
            Math.floor(this.params.pair_gap_max_us / 1000),
            '<=',
            'ms',
          ),
          figure(
            'volume_difference_bps_max',
            difference,
            this.params.volume_difference_bps_max,
            '<=',
            'bps',
          ),
          figure('volume_units', volume, null, '', 'units'),
          figure('value', formatE4(value), null, '', currency),
        ],
        orders,
        trades.map((t) => t.trade),
        trades.flatMap((t) => t.entries),
      ),
    });
  }
}
