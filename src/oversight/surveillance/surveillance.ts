/**
 * The surveillance reader: consumes the hub's events in sequence order and returns, for each
 * batch, the alerts that batch completed. It is outside the deterministic hub state but is itself
 * deterministic: no clock, no randomness; time is the batch's `timestamp_us` (and trades' own
 * timestamps). The same journal always yields the same alerts, with the same ids.
 *
 * Day boundaries come from the events: the closing auction (continuous → auction) ends a book's
 * continuous day, the auction's end (→ closed) sets the close; a new market date in a batch's
 * timestamp rolls every day counter.
 * @module
 */

import type { CommandResult, HubEvent } from '../../hub/index.js';
import type {
  OrderAccepted,
  OrderCancelled,
  OrderReplaced,
  PhaseChanged,
  TradeExecuted,
} from '../../hub/market_events.js';
import { assert } from '../../kernel/assert.js';
import { AbnormalTradingDetector } from './abnormal.js';
import { type SurveillanceConfig, surveillanceConfig } from './config.js';
import { CriminalThresholdDetector } from './criminal.js';
import { BatchContext } from './evidence.js';
import { FocusDetector, type FocusList } from './focus.js';
import { HerdingDetector } from './herding.js';
import { HftDetector } from './hft.js';
import { MarketMakingDetector } from './market_making.js';
import { MarkingCloseDetector } from './marking_close.js';
import { recordMessage } from './messages.js';
import { MomentumDetector } from './momentum.js';
import { fail, notionalE4 } from './notional.js';
import { changeLive } from './quote_levels.js';
import { type ReferenceSeed, ReferenceView } from './reference.js';
import { Registry } from './registry.js';
import { SpoofingDetector } from './spoofing.js';
import { noteParticipant, type OrderRec, sideIndex } from './state.js';
import type { Alert, HftReportRecord } from './types.js';
import { WashDetector } from './wash.js';

const NO_ALERTS: readonly Alert[] = Object.freeze([]);

export interface SurveillanceOptions {
  readonly config?: SurveillanceConfig;
  /** Reference data for a reader that starts after genesis (else learnt from the events). */
  readonly reference?: ReferenceSeed;
}

export class Surveillance {
  readonly config: SurveillanceConfig;
  private readonly reference = new ReferenceView();
  private readonly registry: Registry;
  private readonly ctx = new BatchContext();
  private next_event_seq = 0;
  private events_consumed = 0;
  private readonly spoofing: SpoofingDetector;
  private readonly criminal: CriminalThresholdDetector;
  private readonly wash: WashDetector;
  private readonly closing: MarkingCloseDetector;
  private readonly momentum: MomentumDetector;
  private readonly abnormal: AbnormalTradingDetector;
  private readonly hft: HftDetector;
  private readonly herding: HerdingDetector;
  private readonly market_making: MarketMakingDetector;
  private readonly focus: FocusDetector;

  constructor(options: SurveillanceOptions = {}) {
    const config = options.config ?? surveillanceConfig();
    this.config = config;
    this.criminal = new CriminalThresholdDetector(config.criminal);
    this.spoofing = new SpoofingDetector(config.spoofing, (oi, ctx) =>
      this.criminal.check(oi, ctx),
    );
    this.wash = new WashDetector(config.wash, config.linked_groups);
    this.closing = new MarkingCloseDetector(config.marking_close, (owner, instrument) => {
      const oi = this.registry.owners.get(owner)?.instruments.get(instrument);
      return oi === undefined ? 0 : oi.bought_units + oi.sold_units;
    });
    this.momentum = new MomentumDetector(config.momentum);
    this.abnormal = new AbnormalTradingDetector(config.abnormal);
    this.hft = new HftDetector(config.hft, this.reference);
    this.herding = new HerdingDetector(config.herding, this.reference);
    this.market_making = new MarketMakingDetector(config.market_making, config.maker_obligations);
    this.focus = new FocusDetector(config.focus);
    this.registry = new Registry(this.reference, this.market_making);
    this.reference.onMaker = (party) =>
      this.market_making.onMaker(party, this.registry.instruments.values());
    if (options.reference !== undefined) this.seed(options.reference);
  }

  private seed(seed: ReferenceSeed): void {
    this.reference.seed(seed);
    for (const id of this.reference.instruments.keys()) this.registry.addInstrument(id);
  }

  /**
   * Applies one batch (a command's events; event `i` has sequence `first_event_seq + i`) at the
   * batch's time, and returns the alerts it raised. Batches already consumed are ignored, so a
   * replay may start anywhere before the reader's position; a gap is a wiring bug and crashes.
   */
  consume(
    events: readonly HubEvent[],
    first_event_seq: number,
    timestamp_us: number,
  ): readonly Alert[] {
    if (events.length === 0) return NO_ALERTS;
    if (this.next_event_seq > 0) {
      if (first_event_seq + events.length <= this.next_event_seq) return NO_ALERTS;
      if (first_event_seq !== this.next_event_seq) fail(`event ${first_event_seq} out of sequence`);
    }
    assert(timestamp_us >= this.ctx.now_us, 'surveillance time went backwards');
    const ctx = this.ctx;
    ctx.seq = first_event_seq;
    if (ctx.begin(timestamp_us)) this.rollDay();
    for (let i = 0; i < events.length; i += 1) {
      ctx.seq = first_event_seq + i;
      this.apply(events[i] as HubEvent);
    }
    this.next_event_seq = first_event_seq + events.length;
    this.events_consumed += events.length;
    return ctx.take();
  }

  /** `consume` for a hub result and its envelope's timestamp. */
  consumeResult(result: CommandResult, timestamp_us: number): readonly Alert[] {
    return this.consume(result.events, result.first_event_seq, timestamp_us);
  }

  /** Ends the day now (evaluates books without a closing auction and resets): for shutdown. */
  endDay(timestamp_us: number): readonly Alert[] {
    assert(timestamp_us >= this.ctx.now_us, 'surveillance time went backwards');
    this.ctx.now_us = timestamp_us;
    this.rollDay();
    return this.ctx.take();
  }

  focusList(market: string, top_n?: number): FocusList {
    return this.focus.focusList(market, top_n);
  }

  /** The HFT reporting records of today's high-frequency accounts, with today's figures. */
  hftRecords(): HftReportRecord[] {
    const records: HftReportRecord[] = [];
    for (const owner of this.registry.owners.values()) {
      for (const rate of owner.rates.values()) {
        if (!rate.hft_alerted) continue;
        const per_second = rate.peak_per_second >= this.config.hft.per_second_min;
        records.push(this.hft.record(owner, rate, per_second ? 'per_second' : 'per_day', this.ctx));
      }
    }
    return records;
  }

  stats(): { events: number; next_event_seq: number; live_orders: number; owners: number } {
    return {
      events: this.events_consumed,
      next_event_seq: this.next_event_seq,
      live_orders: this.registry.orders.size,
      owners: this.registry.owners.size,
    };
  }

  /** Cases in order of frequency in a trading day (accepted, rested, BBO, cancelled, trade). */
  private apply(e: HubEvent): void {
    switch (e.type) {
      case 'order_accepted':
        this.onAccepted(e);
        return;
      case 'order_rested':
        return;
      case 'order_cancelled':
        this.onCancelled(e);
        return;
      case 'bbo': {
        const instrument = this.registry.instruments.get(e.instrument);
        if (instrument === undefined) return;
        instrument.best_bid_units = e.bid_price_units;
        instrument.best_ask_units = e.ask_price_units;
        return;
      }
      case 'trade':
        this.onTrade(e);
        return;
      case 'order_replaced':
        this.onReplaced(e);
        return;
      case 'phase_changed':
        this.onPhase(e);
        return;
      case 'security_registered':
      case 'security_updated':
        this.reference.apply(e);
        this.registry.addInstrument(e.security.id);
        return;
      case 'party_registered':
      case 'investor_registered':
      case 'investor_updated':
      case 'cash_asset_registered':
        this.reference.apply(e);
        return;
      default:
        return;
    }
  }

  private onAccepted(e: OrderAccepted): void {
    const instrument = this.registry.instrument(e.instrument);
    const owner = this.registry.owner(e.owner);
    noteParticipant(owner, e.participant);
    if (e.route === 'northbound') owner.northbound = true;
    const oi = this.registry.ownerInstrument(owner, instrument);
    const side = sideIndex(e.side);
    const rec: OrderRec = {
      order_id: e.order_id,
      oi,
      participant: e.participant,
      side,
      price_units: e.price_units,
      quantity_units: e.quantity_units,
      remaining_units: e.quantity_units,
      filled_units: 0,
      cancelled_units: 0,
      accepted_us: this.ctx.now_us,
      accepted_seq: this.ctx.seq,
      near_touch: this.spoofing.nearTouch(instrument, side, e.price_units),
      live_index: -1,
    };
    this.registry.track(rec);
    owner.orders_today += 1;
    this.criminal.onAccepted(rec);
    this.message(rec, 'order');
    this.quoteChanged(rec);
  }

  private message(rec: OrderRec, kind: 'order' | 'cancel'): void {
    const owner = rec.oi.owner;
    const rate = recordMessage(owner, rec.oi.instrument.info.market, kind, this.ctx.now_us);
    this.abnormal.onMessage(owner, rate.ring_count, rec, this.ctx);
    this.hft.onMessage(owner, rate, rec, this.ctx);
  }

  private quoteChanged(rec: OrderRec): void {
    const oi = rec.oi;
    if (oi.maker !== null)
      this.market_making.onQuoteChange(oi.maker, oi.instrument, oi.quote_levels, this.ctx.now_us);
  }

  private onCancelled(e: OrderCancelled): void {
    const rec = this.registry.orders.get(e.order_id);
    if (rec === undefined) return; // accepted before this reader started
    rec.cancelled_units += e.cancelled_units;
    changeLive(rec, rec.price_units, e.remaining_units);
    if (e.reason === 'user_cancel') {
      const ctx = this.ctx;
      rec.oi.owner.cancels_today += 1;
      this.message(rec, 'cancel');
      this.abnormal.onUserCancel(rec, ctx);
      this.criminal.onUserCancel(rec, e.cancelled_units, ctx);
      this.spoofing.onUserCancel(rec, e.cancelled_units, ctx);
    }
    if (rec.remaining_units === 0) this.registry.untrack(rec);
    this.quoteChanged(rec);
  }

  private onReplaced(e: OrderReplaced): void {
    const rec = this.registry.orders.get(e.order_id);
    if (rec === undefined) return;
    const reduced = e.old_remaining_units - e.new_remaining_units;
    changeLive(rec, e.new_price_units, e.new_remaining_units);
    this.message(rec, 'order');
    if (reduced > 0) {
      rec.cancelled_units += reduced;
      this.criminal.onUserCancel(rec, reduced, this.ctx);
    } else if (reduced < 0) {
      rec.oi.ordered_units -= reduced;
    }
    if (rec.remaining_units === 0) this.registry.untrack(rec);
    this.quoteChanged(rec);
  }

  private onTrade(e: TradeExecuted): void {
    const buy = this.registry.orders.get(e.buy_order_id);
    const sell = this.registry.orders.get(e.sell_order_id);
    const instrument = this.registry.instrument(e.instrument);
    if (buy === undefined || sell === undefined) {
      instrument.last_price_units = e.price_units;
      return; // an order from before this reader started
    }
    const ctx = this.ctx;
    const q = e.quantity_units;
    const before = instrument.last_price_units;
    this.fill(buy, q, e.buy_remaining_units);
    this.fill(sell, q, e.sell_remaining_units);
    buy.oi.bought_units += q;
    sell.oi.sold_units += q;
    this.spoofing.onExecution(buy, e, ctx);
    this.spoofing.onExecution(sell, e, ctx);
    this.wash.onTrade(e, buy, sell, ctx);
    this.closing.onTrade(instrument, e, ctx);
    this.momentum.onTrade(e, buy, sell, before, ctx);
    this.abnormal.onTrade(e, buy, sell, before, ctx);
    if (e.aggressor === 'buy') this.herding.onTrade(instrument, e.buyer, q, ctx);
    else if (e.aggressor === 'sell') this.herding.onTrade(instrument, e.seller, -q, ctx);
    const info = instrument.info;
    const value = notionalE4(e.price_units, q, info.price_scale);
    this.focus.onTrade(
      buy.oi.owner,
      sell.oi.owner,
      info.id,
      info.market,
      info.currency,
      value,
      ctx,
    );
    instrument.last_price_units = e.price_units;
    this.settle(buy);
    this.settle(sell);
  }

  private fill(rec: OrderRec, units: number, remaining_units: number): void {
    if (units > rec.remaining_units) fail(`order ${rec.order_id} filled beyond its size`);
    assert(
      remaining_units >= 0 && remaining_units <= rec.remaining_units - units,
      'remaining grew',
    );
    rec.filled_units += units;
    changeLive(rec, rec.price_units, remaining_units);
  }

  private settle(rec: OrderRec): void {
    if (rec.remaining_units === 0) this.registry.untrack(rec);
    this.quoteChanged(rec);
  }

  private onPhase(e: PhaseChanged): void {
    const instrument = this.registry.instruments.get(e.instrument);
    if (instrument === undefined) return;
    const previous = instrument.phase;
    this.market_making.onPhase(instrument, previous, e.phase, this.ctx);
    this.closing.onPhase(instrument, previous, e.phase, this.ctx);
    instrument.phase = e.phase;
  }

  private rollDay(): void {
    for (const instrument of this.registry.instruments.values()) {
      if (instrument.makers.length > 0) this.market_making.evaluate(instrument, this.ctx);
      this.market_making.resetDay(instrument);
      this.closing.resetDay(instrument);
    }
    this.registry.rollDay();
    this.wash.resetDay();
    this.herding.resetDay();
    this.focus.resetDay();
  }
}
