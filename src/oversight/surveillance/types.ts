/**
 * What surveillance produces: alerts with their evidence. Plain, JSON-ready data (money as decimal
 * strings, never bigint), so the store, the API and the console take them as they are.
 * @module
 */

/** Every kind of alert, one per detector family. */
export const ALERT_KINDS = [
  'spoofing_layering',
  'spoofing_criminal_threshold',
  'wash_trade',
  'marking_the_close',
  'momentum_ignition',
  'abnormal_trading',
  'hft_classification',
  'convergent_trading',
  'market_maker_obligation',
  'focus_list',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One number that decided an alert, next to the threshold it crossed. */
export interface Figure {
  readonly name: string;
  /** Counts, ticks and basis points as integers; money as a decimal string in `unit`. */
  readonly value: number | string;
  readonly threshold: number | string | null;
  readonly comparison: '>=' | '<=' | '<' | '>' | '=' | '';
  readonly unit: string;
}

/** An order as the alert saw it. `role` says what the detector took it for (spoof, genuine, …). */
export interface EvidenceOrder {
  readonly order_id: number;
  readonly role: string;
  readonly owner: string;
  readonly participant: string;
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  readonly price_units: number;
  readonly quantity_units: number;
  readonly filled_units: number;
  readonly cancelled_units: number;
  readonly accepted_us: number;
  readonly accepted_event_seq: number;
}

export interface EvidenceTrade {
  readonly trade_id: string;
  readonly event_seq: number;
  readonly timestamp_us: number;
  readonly instrument: string;
  readonly price_units: number;
  readonly quantity_units: number;
  readonly buyer: string;
  readonly seller: string;
  readonly aggressor: 'buy' | 'sell' | 'auction';
}

/** One line of the evidence timeline, in event order. */
export interface TimelineEntry {
  readonly timestamp_us: number;
  readonly event_seq: number;
  readonly event: string;
  readonly text: string;
  readonly order_id: number | null;
  readonly trade_id: string | null;
}

/**
 * The record the SSE/SZSE programme-trading rules ask of a high-frequency account (connect-rules.md
 * §4.2, §4.4): what the events show, and what the broker must add.
 */
export interface HftReportRecord {
  readonly account: string;
  readonly participants: readonly string[];
  readonly bcan: string | null;
  readonly investor_type: string | null;
  readonly jurisdiction: string | null;
  readonly market_date: string;
  readonly criterion: 'per_second' | 'per_day';
  /** The exchange whose count reached the threshold (SSE and SZSE count separately). */
  readonly market: string;
  readonly peak_messages_per_second: number;
  readonly messages_today: number;
  readonly orders_today: number;
  readonly cancels_today: number;
  readonly northbound: boolean;
  readonly classified_at_us: number;
  /** Items of the report the events cannot supply: the broker collects them from the investor. */
  readonly to_be_supplied: readonly string[];
}

export interface Evidence {
  readonly figures: readonly Figure[];
  readonly orders: readonly EvidenceOrder[];
  readonly trades: readonly EvidenceTrade[];
  readonly timeline: readonly TimelineEntry[];
  readonly report: HftReportRecord | null;
}

/** An alert as a detector raised it. Immutable; its case state lives in the store. */
export interface Alert {
  /** Deterministic: `<event_seq>/<kind>/<n>`, the same on every replay of the journal. */
  readonly alert_id: string;
  readonly kind: AlertKind;
  /** The practice within the kind (`layering`, `linked_accounts`, `order_burst`, …) or ''. */
  readonly subtype: string;
  readonly severity: Severity;
  readonly owners: readonly string[];
  readonly participants: readonly string[];
  readonly instrument: string | null;
  readonly market: string | null;
  readonly market_date: string;
  readonly window_start_us: number;
  readonly window_end_us: number;
  readonly raised_at_us: number;
  /** The event that completed the pattern; the alert is raised in that event's batch. */
  readonly event_seq: number;
  readonly summary: string;
  readonly evidence: Evidence;
}
