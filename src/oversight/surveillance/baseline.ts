/**
 * The naive baseline the detectors are measured against: a fixed cancel-ratio rule. Per owner,
 * instrument and day, once the owner has entered at least `orders_min` orders and cancelled at
 * least `cancel_ratio_pct_min` % of them (by count), raise one alert. This is the rule a
 * surveillance team writes first; it flags every busy market maker and execution algorithm.
 * @module
 */

import type { HubEvent } from '../../hub/index.js';
import { marketDate } from '../../kernel/time.js';

export interface BaselineAlert {
  readonly owner: string;
  readonly instrument: string;
  readonly window_start_us: number;
  readonly window_end_us: number;
  readonly event_seq: number;
}

export interface BaselineParams {
  readonly orders_min: number;
  readonly cancel_ratio_pct_min: number;
}

export const BASELINE_PARAMS: BaselineParams = { orders_min: 10, cancel_ratio_pct_min: 70 };

interface Tally {
  orders: number;
  cancels: number;
  first_us: number;
  alerted: boolean;
}

export class CancelRatioBaseline {
  private date = '';
  private tallies = new Map<string, Tally>();
  /** order id → tally key, for the day's orders (cleared with the tallies each day). */
  private keys = new Map<number, string>();

  constructor(private readonly params: BaselineParams = BASELINE_PARAMS) {}

  consume(
    events: readonly HubEvent[],
    first_event_seq: number,
    timestamp_us: number,
  ): BaselineAlert[] {
    const date = marketDate(timestamp_us);
    if (date !== this.date) {
      this.date = date;
      this.tallies = new Map();
      this.keys = new Map();
    }
    const alerts: BaselineAlert[] = [];
    for (let i = 0; i < events.length; i += 1) {
      const e = events[i] as HubEvent;
      if (e.type === 'order_accepted') {
        const key = `${e.owner}\u0000${e.instrument}`;
        this.keys.set(e.order_id, key);
        const tally = this.tally(key, timestamp_us);
        tally.orders += 1;
      } else if (e.type === 'order_cancelled') {
        const key = this.keys.get(e.order_id);
        if (e.remaining_units === 0) this.keys.delete(e.order_id);
        if (key === undefined || e.reason !== 'user_cancel') continue;
        const alert = this.cancel(key, timestamp_us, first_event_seq + i);
        if (alert !== null) alerts.push(alert);
      }
    }
    return alerts;
  }

  private tally(key: string, now_us: number): Tally {
    let tally = this.tallies.get(key);
    if (tally === undefined) {
      tally = { orders: 0, cancels: 0, first_us: now_us, alerted: false };
      this.tallies.set(key, tally);
    }
    return tally;
  }

  private cancel(key: string, now_us: number, event_seq: number): BaselineAlert | null {
    const tally = this.tally(key, now_us);
    tally.cancels += 1;
    if (tally.alerted || tally.orders < this.params.orders_min) return null;
    if (tally.cancels * 100 < this.params.cancel_ratio_pct_min * tally.orders) return null;
    tally.alerted = true;
    const [owner, instrument] = key.split('\u0000') as [string, string];
    return { owner, instrument, window_start_us: tally.first_us, window_end_us: now_us, event_seq };
  }
}
