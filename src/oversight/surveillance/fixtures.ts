/**
 * Hand-built event sequences for the detector tests: a surveillance reader primed with the demo
 * market's reference events (from a real genesis run), and a script that emits market events one
 * batch per call with consistent order ids, sequence numbers and timestamps.
 * @module
 */

import type { HubEvent } from '../../hub/index.js';
import type { OrderRoute, SideName } from '../../hub/market_events.js';
import { TestHub } from '../../hub/testing.js';
import { timestampAt } from '../../kernel/time.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { type SurveillanceConfig, surveillanceConfig } from './config.js';
import { Surveillance } from './surveillance.js';
import type { Alert } from './types.js';

export const MOUTAI = 'CNE0000018R8'; // XSHG, RMB, price scale 2, lot 100
export const PING_AN = 'CNE000001R84'; // XSHG, RMB 58.00
export const TENCENT = 'KYG875721634'; // XHKG, HKD, price scale 3, lot 100
export const WULIANGYE = 'CNE000000VQ8'; // XSHE, RMB, price scale 2, lot 100

function marketOf(instrument: string): string {
  if (instrument === TENCENT) return 'XHKG';
  return instrument === WULIANGYE ? 'XSHE' : 'XSHG';
}
export const DAY = '2026-01-05';

interface Batch {
  readonly events: readonly HubEvent[];
  readonly first_event_seq: number;
  readonly timestamp_us: number;
}

let genesis: Batch[] | null = null;

/** The demo genesis as reader batches (computed once per process). */
export function genesisBatches(): readonly Batch[] {
  if (genesis !== null) return genesis;
  const hub = new TestHub(DEMO_START_US);
  genesis = genesisSubmissions().map((s) => {
    const result = hub.accept(s.participant, s.command);
    return {
      events: result.events,
      first_event_seq: result.first_event_seq,
      timestamp_us: hub.hub.now_us,
    };
  });
  return genesis;
}

interface ScriptOrder {
  readonly owner: string;
  readonly participant: string;
  readonly instrument: string;
  readonly side: SideName;
  price_units: number;
  remaining_units: number;
}

export interface OrderSpec {
  readonly id: number;
  readonly owner: string;
  readonly side: SideName;
  readonly price: number;
  readonly qty: number;
  readonly instrument?: string;
  readonly participant?: string;
  readonly route?: OrderRoute;
}

/** Emits market events batch by batch into a primed reader and keeps every alert. */
export class Script {
  readonly surveillance: Surveillance;
  readonly alerts: Alert[] = [];
  now_us: number;
  next_seq: number;
  private readonly orders = new Map<number, ScriptOrder>();
  private trade_seq = 0;

  constructor(config: SurveillanceConfig = surveillanceConfig(), clock = '10:00') {
    this.surveillance = new Surveillance({ config });
    let next = 1;
    for (const b of genesisBatches()) {
      this.surveillance.consume(b.events, b.first_event_seq, b.timestamp_us);
      next = b.first_event_seq + b.events.length;
    }
    this.next_seq = next;
    this.now_us = timestampAt(DAY, clock);
  }

  at(clock: string, date = DAY): this {
    this.now_us = timestampAt(date, clock);
    return this;
  }

  advance(ms: number): this {
    this.now_us += Math.round(ms * 1000);
    return this;
  }

  /** One batch at the current time; returns the alerts it raised. */
  emit(...events: HubEvent[]): readonly Alert[] {
    const alerts = this.surveillance.consume(events, this.next_seq, this.now_us);
    this.next_seq += events.length;
    this.alerts.push(...alerts);
    return alerts;
  }

  order(o: OrderSpec): readonly Alert[] {
    const instrument = o.instrument ?? MOUTAI;
    const participant = o.participant ?? 'BUND';
    this.orders.set(o.id, {
      owner: o.owner,
      participant,
      instrument,
      side: o.side,
      price_units: o.price,
      remaining_units: o.qty,
    });
    return this.emit({
      type: 'order_accepted',
      order_id: o.id,
      client_order_id: `c${o.id}`,
      participant,
      owner: o.owner,
      instrument,
      market: marketOf(instrument),
      route: o.route ?? 'domestic',
      venue: marketOf(instrument),
      side: o.side,
      order_type: 'limit',
      time_in_force: 'day',
      post_only: false,
      price_units: o.price,
      quantity_units: o.qty,
      timestamp_us: this.now_us,
    });
  }

  cancel(id: number, reason = 'user_cancel'): readonly Alert[] {
    const o = this.get(id);
    const units = o.remaining_units;
    o.remaining_units = 0;
    return this.emit({
      type: 'order_cancelled',
      order_id: id,
      instrument: o.instrument,
      owner: o.owner,
      participant: o.participant,
      side: o.side,
      price_units: o.price_units,
      reason,
      cancelled_units: units,
      remaining_units: 0,
    });
  }

  /** A trade between two live orders at `price`; `aggressor` is the taking side. */
  trade(
    buy: number,
    sell: number,
    price: number,
    qty: number,
    aggressor: 'buy' | 'sell' | 'auction',
  ): readonly Alert[] {
    const b = this.get(buy);
    const s = this.get(sell);
    b.remaining_units -= qty;
    s.remaining_units -= qty;
    this.trade_seq += 1;
    return this.emit({
      type: 'trade',
      trade_id: `${b.instrument}:${this.trade_seq}`,
      instrument: b.instrument,
      market: marketOf(b.instrument),
      price_units: price,
      quantity_units: qty,
      aggressor,
      buy_order_id: buy,
      sell_order_id: sell,
      buyer: b.owner,
      seller: s.owner,
      buyer_participant: b.participant,
      seller_participant: s.participant,
      buy_route: 'domestic',
      sell_route: 'domestic',
      buy_venue: 'XSHG',
      sell_venue: 'XSHG',
      buy_remaining_units: b.remaining_units,
      sell_remaining_units: s.remaining_units,
      timestamp_us: this.now_us,
    });
  }

  bbo(instrument: string, bid: number, ask: number): readonly Alert[] {
    return this.emit({
      type: 'bbo',
      instrument,
      bid_price_units: bid,
      bid_size_units: bid > 0 ? 100 : 0,
      ask_price_units: ask,
      ask_size_units: ask > 0 ? 100 : 0,
    });
  }

  phase(instrument: string, previous: string, phase: string): readonly Alert[] {
    return this.emit({
      type: 'phase_changed',
      instrument,
      market: 'XSHG',
      phase,
      previous_phase: previous,
    });
  }

  private get(id: number): ScriptOrder {
    const o = this.orders.get(id);
    if (o === undefined) throw new Error(`script has no order ${id}`);
    return o;
  }
}

/** Alerts of one kind. */
export function ofKind(alerts: readonly Alert[], kind: Alert['kind']): Alert[] {
  return alerts.filter((a) => a.kind === kind);
}

/** A figure's value by name. */
export function figureOf(alert: Alert, name: string): number | string | undefined {
  return alert.evidence.figures.find((f) => f.name === name)?.value;
}
