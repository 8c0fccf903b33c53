/**
 * The exchanges' abnormal programme-trading behaviours, monitored in real time (SSE/SZSE
 * 程序化交易管理实施细则, 2025; connect-rules.md §4.2): 瞬时申报速率异常 (orders + cancels in one
 * second), 频繁瞬时撤单 (many orders cancelled within a second of entry, with a high cancel
 * ratio), 频繁拉抬打压 (repeated one-minute pushes with a large share of the minute's volume) and
 * 短时间大额成交 (large aggressive one-way value in a minute that moves the price). The
 * exchanges do not publish the numbers; the presets are ours.
 * @module
 */

import type { TradeExecuted } from '../../hub/market_events.js';
import { US_PER_MINUTE } from '../../kernel/time.js';
import type { AbnormalParams } from './config.js';
import { type BatchContext, entry, evidence, figure, orderEvidence } from './evidence.js';
import { formatE4, majorToE4, notionalE4, shareBps } from './notional.js';
import { ticksBetween } from './reference.js';
import {
  BUY,
  type InstrumentState,
  type OrderRec,
  type OwnerInstrument,
  type OwnerState,
  sideName,
} from './state.js';

const PUSH_MINUTES_MAX = 256;

export class AbnormalTradingDetector {
  private readonly large_min_e4: bigint;

  constructor(private readonly params: AbnormalParams) {
    this.large_min_e4 = majorToE4(params.large_value_min_major);
  }

  /** After an order or cancel: `in_second` is the owner's count over the last second. */
  onMessage(owner: OwnerState, in_second: number, rec: OrderRec, ctx: BatchContext): void {
    if (owner.burst_alerted || in_second < this.params.burst_messages_min) return;
    owner.burst_alerted = true;
    this.raiseOwner(owner, rec, 'order_burst', ctx, [
      figure('messages_in_one_second', in_second, this.params.burst_messages_min, '>=', 'messages'),
      figure('messages_today', owner.messages_today, null, '', 'messages'),
    ]);
  }

  onUserCancel(rec: OrderRec, ctx: BatchContext): void {
    const owner = rec.oi.owner;
    const p = this.params;
    if (ctx.now_us - rec.accepted_us >= p.rapid_cancel_us) return;
    owner.rapid_cancels_today += 1;
    if (owner.rapid_alerted || owner.rapid_cancels_today < p.rapid_cancels_min) return;
    const ratio = shareBps(owner.cancels_today, owner.orders_today);
    if (ratio < p.rapid_cancel_ratio_bps_min) return;
    owner.rapid_alerted = true;
    this.raiseOwner(owner, rec, 'rapid_cancel', ctx, [
      figure(
        'cancelled_within_1s_today',
        owner.rapid_cancels_today,
        p.rapid_cancels_min,
        '>=',
        'orders',
      ),
      figure('cancel_ratio_bps', ratio, p.rapid_cancel_ratio_bps_min, '>=', 'bps'),
      figure('orders_today', owner.orders_today, null, '', 'orders'),
      figure('cancels_today', owner.cancels_today, null, '', 'cancels'),
    ]);
  }

  /** Per trade, before the instrument's last price moves: the minute's pushes and large trades. */
  onTrade(
    e: TradeExecuted,
    buy: OrderRec,
    sell: OrderRec,
    before_units: number,
    ctx: BatchContext,
  ): void {
    const instrument = buy.oi.instrument;
    const minute = Math.floor(ctx.now_us / US_PER_MINUTE);
    if (minute !== instrument.minute_index) {
      if (instrument.minute_index >= 0 && before_units > 0) {
        instrument.minute_moves_units += Math.abs(before_units - instrument.minute_open_units);
        instrument.minute_moves_count += 1;
      }
      instrument.minute_index = minute;
      instrument.minute_open_units = before_units || e.price_units;
      instrument.minute_volume_units = 0;
    }
    instrument.minute_volume_units += e.quantity_units;
    if (e.aggressor === 'auction') return;
    const rec = e.aggressor === 'buy' ? buy : sell;
    const oi = rec.oi;
    if (oi.minute_index !== minute) {
      oi.minute_index = minute;
      oi.minute_agg_units = [0, 0];
      oi.minute_agg_e4 = [0n, 0n];
      oi.minute_orders = 0;
      oi.minute_pushed = false;
      oi.minute_large = false;
    }
    if (oi.minute_last_order_id !== rec.order_id) {
      oi.minute_last_order_id = rec.order_id;
      oi.minute_orders += 1;
    }
    oi.minute_agg_units[rec.side] += e.quantity_units;
    oi.minute_agg_e4[rec.side] += notionalE4(
      e.price_units,
      e.quantity_units,
      instrument.info.price_scale,
    );
    const move = e.price_units - instrument.minute_open_units;
    // Nothing to test unless the price moved the owner's way (and something is left to find).
    if ((rec.side === BUY ? move : -move) <= 0 || (oi.minute_pushed && oi.minute_large)) return;
    const signed = ticksBetween(instrument.info.tick, instrument.minute_open_units, e.price_units);
    const ticks = rec.side === BUY ? signed : -signed;
    if (ticks > 0) this.checkPush(oi, rec, ticks, Math.abs(move), ctx);
    const bps = Math.floor(
      ((rec.side === BUY ? move : -move) * 10_000) / instrument.minute_open_units,
    );
    this.checkLarge(oi, rec, bps, ctx);
  }

  private checkPush(
    oi: OwnerInstrument,
    rec: OrderRec,
    ticks: number,
    move_units: number,
    ctx: BatchContext,
  ): void {
    const p = this.params;
    if (oi.minute_pushed || ticks < p.push_move_ticks_min || oi.minute_orders < p.push_orders_min)
      return;
    const vs_typical = typicalPct(move_units, oi.instrument);
    if (vs_typical < p.push_move_vs_typical_pct_min) return;
    const one_way = oi.minute_agg_units[rec.side] - oi.minute_agg_units[rec.side === BUY ? 1 : 0];
    if (one_way * 10_000 < p.push_share_bps_min * oi.instrument.minute_volume_units) return;
    oi.minute_pushed = true;
    const minutes = oi.push_minutes[rec.side];
    if (minutes.length < PUSH_MINUTES_MAX) minutes.push(oi.minute_index * US_PER_MINUTE);
    if (oi.push_alerted || minutes.length < p.pushes_min) return;
    oi.push_alerted = true;
    this.raiseInstrument(oi, rec, 'repeated_push', minutes[0] as number, ctx, [
      figure('push_minutes_today', minutes.length, p.pushes_min, '>=', 'minutes'),
      figure('last_push_ticks', ticks, p.push_move_ticks_min, '>=', 'ticks'),
      figure(
        'last_push_vs_typical_pct',
        Math.min(vs_typical, 1_000_000),
        p.push_move_vs_typical_pct_min,
        '>=',
        '%',
      ),
      figure('last_push_aggressive_orders', oi.minute_orders, p.push_orders_min, '>=', 'orders'),
      figure(
        'last_push_share_bps',
        shareBps(one_way, oi.instrument.minute_volume_units),
        p.push_share_bps_min,
        '>=',
        'bps',
      ),
    ]);
  }

  private checkLarge(
    oi: OwnerInstrument,
    rec: OrderRec,
    move_bps: number,
    ctx: BatchContext,
  ): void {
    const p = this.params;
    if (oi.minute_large || move_bps < p.large_move_bps_min) return;
    const value = oi.minute_agg_e4[rec.side];
    if (value < this.large_min_e4) return;
    const share = shareBps(oi.minute_agg_units[rec.side], oi.instrument.minute_volume_units);
    if (share < p.large_share_bps_min) return;
    oi.minute_large = true;
    const info = oi.instrument.info;
    this.raiseInstrument(oi, rec, 'large_trade_move', oi.minute_index * US_PER_MINUTE, ctx, [
      figure(
        'aggressive_value_in_minute',
        formatE4(value),
        p.large_value_min_major.toString(),
        '>=',
        info.currency,
      ),
      figure('share_of_minute_volume_bps', share, p.large_share_bps_min, '>=', 'bps'),
      figure('minute_move_bps', move_bps, p.large_move_bps_min, '>=', 'bps'),
    ]);
  }

  private raiseOwner(
    owner: OwnerState,
    rec: OrderRec,
    subtype: string,
    ctx: BatchContext,
    figures: ReturnType<typeof figure>[],
  ): void {
    const info = rec.oi.instrument.info;
    ctx.raise({
      kind: 'abnormal_trading',
      subtype,
      severity: 'medium',
      owners: [owner.id],
      participants: [...owner.participants],
      instrument: info.id,
      market: info.market,
      window_start_us: Math.max(0, ctx.now_us - US_PER_MINUTE),
      window_end_us: ctx.now_us,
      summary: `${owner.id}: ${subtype.replace('_', ' ')} (${figures[0]?.value} ${figures[0]?.unit})`,
      evidence: evidence(
        figures,
        [orderEvidence(rec, 'latest')],
        [],
        [entry(ctx.now_us, ctx.seq, 'threshold', `${subtype.replace('_', ' ')} threshold crossed`)],
      ),
    });
  }

  private raiseInstrument(
    oi: OwnerInstrument,
    rec: OrderRec,
    subtype: string,
    start_us: number,
    ctx: BatchContext,
    figures: ReturnType<typeof figure>[],
  ): void {
    const info = oi.instrument.info;
    ctx.raise({
      kind: 'abnormal_trading',
      subtype,
      severity: 'medium',
      owners: [oi.owner.id],
      participants: [rec.participant],
      instrument: info.id,
      market: info.market,
      window_start_us: start_us,
      window_end_us: ctx.now_us,
      summary:
        `${oi.owner.id} ${subtype.replace('_', ' ').replace('_', ' ')} in ${info.id} ` +
        `(${sideName(rec.side)}, ${figures[0]?.value} ${figures[0]?.unit})`,
      evidence: evidence(
        figures,
        [orderEvidence(rec, 'aggressor')],
        [],
        [entry(ctx.now_us, ctx.seq, 'trade', `${subtype.replace('_', ' ')} threshold crossed`)],
      ),
    });
  }
}

/** A move against the day's mean one-minute move so far, in percent (huge when no history). */
function typicalPct(move_units: number, instrument: InstrumentState): number {
  if (instrument.minute_moves_count === 0 || instrument.minute_moves_units === 0)
    return Number.MAX_SAFE_INTEGER;
  return Math.floor(
    (move_units * instrument.minute_moves_count * 100) / instrument.minute_moves_units,
  );
}
