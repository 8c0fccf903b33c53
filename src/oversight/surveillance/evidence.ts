/**
 * Raising alerts inside a batch, and building their evidence: the orders and trades, a timeline in
 * event order, and the figures that crossed the thresholds.
 * @module
 */

import type { TradeExecuted } from '../../hub/market_events.js';
import { marketDate, timestampAt, US_PER_DAY } from '../../kernel/time.js';
import { type OrderRec, sideName } from './state.js';
import type {
  Alert,
  AlertKind,
  Evidence,
  EvidenceOrder,
  EvidenceTrade,
  Figure,
  HftReportRecord,
  Severity,
  TimelineEntry,
} from './types.js';

export interface AlertDraft {
  readonly kind: AlertKind;
  readonly subtype: string;
  readonly severity: Severity;
  readonly owners: readonly string[];
  readonly participants: readonly string[];
  readonly instrument: string | null;
  readonly market: string | null;
  readonly window_start_us: number;
  readonly window_end_us: number;
  readonly summary: string;
  readonly evidence: Evidence;
}

const NO_ALERTS: readonly Alert[] = Object.freeze([]);

/** Where the reader is: the event being applied, its time, and the alerts raised so far. */
export class BatchContext {
  seq = 0;
  now_us = 0;
  market_date = '';
  private alerts: Alert[] = [];
  /** The current market date's bounds, so most batches skip the date arithmetic. */
  private day_start_us = 0;
  private day_end_us = 0;
  private numbered_seq = -1;
  private number = 0;

  /** Sets the batch time; returns true when the market date changed. */
  begin(timestamp_us: number): boolean {
    this.now_us = timestamp_us;
    if (timestamp_us >= this.day_start_us && timestamp_us < this.day_end_us) return false;
    const date = marketDate(timestamp_us);
    this.day_start_us = timestampAt(date, '00:00');
    this.day_end_us = this.day_start_us + US_PER_DAY;
    if (date === this.market_date) return false;
    const first = this.market_date === '';
    this.market_date = date;
    return !first;
  }

  raise(draft: AlertDraft): Alert {
    if (this.seq !== this.numbered_seq) {
      this.numbered_seq = this.seq;
      this.number = 0;
    }
    const alert: Alert = {
      alert_id: `${this.seq}/${draft.kind}/${this.number}`,
      kind: draft.kind,
      subtype: draft.subtype,
      severity: draft.severity,
      owners: draft.owners,
      participants: draft.participants,
      instrument: draft.instrument,
      market: draft.market,
      market_date: this.market_date,
      window_start_us: draft.window_start_us,
      window_end_us: draft.window_end_us,
      raised_at_us: this.now_us,
      event_seq: this.seq,
      summary: draft.summary,
      evidence: draft.evidence,
    };
    this.number += 1;
    this.alerts.push(alert);
    return alert;
  }

  /** The batch's alerts; batches without any share one frozen empty array. */
  take(): readonly Alert[] {
    if (this.alerts.length === 0) return NO_ALERTS;
    const alerts = this.alerts;
    this.alerts = [];
    return alerts;
  }
}

export function figure(
  name: string,
  value: number | string,
  threshold: number | string | null = null,
  comparison: Figure['comparison'] = '',
  unit = '',
): Figure {
  return { name, value, threshold, comparison, unit };
}

export function orderEvidence(rec: OrderRec, role: string): EvidenceOrder {
  return {
    order_id: rec.order_id,
    role,
    owner: rec.oi.owner.id,
    participant: rec.participant,
    instrument: rec.oi.instrument.info.id,
    side: sideName(rec.side),
    price_units: rec.price_units,
    quantity_units: rec.quantity_units,
    filled_units: rec.filled_units,
    cancelled_units: rec.cancelled_units,
    accepted_us: rec.accepted_us,
    accepted_event_seq: rec.accepted_seq,
  };
}

export function tradeEvidence(e: TradeExecuted, event_seq: number): EvidenceTrade {
  return {
    trade_id: e.trade_id,
    event_seq,
    timestamp_us: e.timestamp_us,
    instrument: e.instrument,
    price_units: e.price_units,
    quantity_units: e.quantity_units,
    buyer: e.buyer,
    seller: e.seller,
    aggressor: e.aggressor,
  };
}

export function entry(
  timestamp_us: number,
  event_seq: number,
  event: string,
  text: string,
  order_id: number | null = null,
  trade_id: string | null = null,
): TimelineEntry {
  return { timestamp_us, event_seq, event, text, order_id, trade_id };
}

export function acceptedEntry(rec: OrderRec, role: string): TimelineEntry {
  const side = sideName(rec.side);
  return entry(
    rec.accepted_us,
    rec.accepted_seq,
    'order_accepted',
    `${rec.oi.owner.id} ${side} ${rec.quantity_units} @ ${rec.price_units} (${role})`,
    rec.order_id,
  );
}

export function tradeEntry(trade: EvidenceTrade): TimelineEntry {
  return entry(
    trade.timestamp_us,
    trade.event_seq,
    'trade',
    `${trade.buyer} bought ${trade.quantity_units} @ ${trade.price_units} from ${trade.seller}`,
    null,
    trade.trade_id,
  );
}

/** Timeline entries in event order (ties keep insertion order), one per event and text. */
export function timeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const seen = new Set<string>();
  const unique: TimelineEntry[] = [];
  for (const e of entries) {
    const key = `${e.event_seq}|${e.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(e);
  }
  return unique
    .map((e, index) => ({ e, index }))
    .sort((a, b) => a.e.event_seq - b.e.event_seq || a.index - b.index)
    .map((x) => x.e);
}

export function evidence(
  figures: readonly Figure[],
  orders: readonly EvidenceOrder[] = [],
  trades: readonly EvidenceTrade[] = [],
  entries: readonly TimelineEntry[] = [],
  report: HftReportRecord | null = null,
): Evidence {
  return { figures, orders, trades, timeline: timeline(entries), report };
}

/** Distinct values, in first-seen order. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
