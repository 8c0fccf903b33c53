/**
 * Cross-border flows per series (link × direction × currency): the day's buying and selling, the
 * same in intraday buckets, the closed days' totals, and the quota figures the hub's reports
 * carry. Series are a fixed set of 50 (5 links × 2 directions × 5 currencies), indexed by number;
 * a bucket column is made the first time its series moves in a day and reused after.
 * @module
 */

import { isoDate } from '../../../kernel/time.js';
import { CURRENCY_CODES, type CurrencyCode } from '../../../reference/index.js';
import type { DayEndReport, DayStartReport } from '../../../rules/index.js';
import { LINKS } from '../../../rules/index.js';
import {
  FLOW_DIRECTIONS,
  type FlowBucketView,
  type FlowDayTotal,
  type FlowDayView,
  type FlowDirection,
  type FlowSeriesView,
  MONITOR_LINKS,
  type MonitorLink,
  type QuotaView,
} from './types.js';

const CURRENCIES = CURRENCY_CODES.length;
export const SERIES_COUNT = MONITOR_LINKS.length * FLOW_DIRECTIONS.length * CURRENCIES;
/** Event sequence numbers kept per series as an alert's evidence. */
export const EVIDENCE_EVENTS = 16;

export function seriesIndex(link: number, direction: number, currency: number): number {
  return (link * FLOW_DIRECTIONS.length + direction) * CURRENCIES + currency;
}

export interface SeriesKey {
  readonly link: MonitorLink;
  readonly direction: FlowDirection;
  readonly currency: CurrencyCode;
}

export function seriesKey(series: number): SeriesKey {
  const currency = series % CURRENCIES;
  const rest = (series - currency) / CURRENCIES;
  const direction = rest % FLOW_DIRECTIONS.length;
  const link = (rest - direction) / FLOW_DIRECTIONS.length;
  return {
    link: MONITOR_LINKS[link] as MonitorLink,
    direction: FLOW_DIRECTIONS[direction] as FlowDirection,
    currency: CURRENCY_CODES[currency] as CurrencyCode,
  };
}

/** The Stock Connect quota of one of the rules' four links, as last reported. */
interface QuotaRecord {
  date: string;
  daily_quota_minor: bigint;
  balance_minor: bigint | null;
  as_of_event_seq: number;
}

export class FlowBook {
  readonly buckets_per_day: number;
  /** The local (UTC+8) day number of the figures; -1 before the first event. */
  day_number = -1;
  day_start_us = 0;
  readonly buy_minor: bigint[] = new Array<bigint>(SERIES_COUNT).fill(0n);
  readonly sell_minor: bigint[] = new Array<bigint>(SERIES_COUNT).fill(0n);
  readonly count = new Float64Array(SERIES_COUNT);
  readonly last_event_seq = new Float64Array(SERIES_COUNT);
  readonly bucket_buy: Array<bigint[] | null> = new Array(SERIES_COUNT).fill(null);
  readonly bucket_sell: Array<bigint[] | null> = new Array(SERIES_COUNT).fill(null);
  private readonly bucket_count: Array<Float64Array | null> = new Array(SERIES_COUNT).fill(null);
  private readonly first_bucket = new Int32Array(SERIES_COUNT).fill(-1);
  private readonly last_bucket = new Int32Array(SERIES_COUNT).fill(-1);
  private readonly evidence = new Float64Array(SERIES_COUNT * EVIDENCE_EVENTS);
  private readonly evidence_count = new Int32Array(SERIES_COUNT);
  readonly history: FlowDayView[] = [];
  private readonly quotas: Array<QuotaRecord | null> = LINKS.map(() => null);
  bond_quota_used_rmb_minor = 0n;
  bond_quota_event_seq = 0;
  /** Today's Southbound Bond Connect trades that counted: a release of one gives quota back. */
  private readonly bond_quota_trades = new Map<string, bigint>();
  /** Series moved in the current batch, for the alert checks. */
  readonly dirty = new Int32Array(SERIES_COUNT);
  dirty_count = 0;
  private readonly dirty_flag = new Uint8Array(SERIES_COUNT);

  constructor(
    readonly bucket_us: number,
    private readonly days_kept: number,
  ) {
    this.buckets_per_day = Math.ceil((24 * 3_600_000_000) / bucket_us);
  }

  /** One trade or payment: `value_minor` bought (or sold) in `bucket` by event `event_seq`. */
  record(series: number, buy: boolean, value_minor: bigint, bucket: number, event_seq: number) {
    let column = buy ? this.bucket_buy[series] : this.bucket_sell[series];
    if (column === null || column === undefined) column = this.openBuckets(series, buy);
    if (buy) this.buy_minor[series] = (this.buy_minor[series] as bigint) + value_minor;
    else this.sell_minor[series] = (this.sell_minor[series] as bigint) + value_minor;
    column[bucket] = (column[bucket] as bigint) + value_minor;
    const counts = this.bucket_count[series] as Float64Array;
    counts[bucket] = (counts[bucket] as number) + 1;
    this.count[series] = (this.count[series] as number) + 1;
    if (this.first_bucket[series] === -1) this.first_bucket[series] = bucket;
    this.last_bucket[series] = bucket;
    this.last_event_seq[series] = event_seq;
    const n = this.evidence_count[series] as number;
    this.evidence[series * EVIDENCE_EVENTS + (n % EVIDENCE_EVENTS)] = event_seq;
    this.evidence_count[series] = n + 1;
    if (this.dirty_flag[series] === 0) {
      this.dirty_flag[series] = 1;
      this.dirty[this.dirty_count] = series;
      this.dirty_count += 1;
    }
  }

  /** Forgets the batch's dirty series (after the alert checks). */
  clearDirty(): void {
    for (let i = 0; i < this.dirty_count; i += 1) this.dirty_flag[this.dirty[i] as number] = 0;
    this.dirty_count = 0;
  }

  /** The series' net buying over buckets [from, to] of today (buckets before 0 count as 0). */
  netOver(series: number, from: number, to: number): bigint {
    const buy = this.bucket_buy[series];
    const sell = this.bucket_sell[series];
    let net = 0n;
    for (let b = Math.max(from, 0); b <= to; b += 1) {
      if (buy) net += buy[b] as bigint;
      if (sell) net -= sell[b] as bigint;
    }
    return net;
  }

  /** The event sequence numbers that last moved the series, oldest first. */
  evidenceOf(series: number): number[] {
    const n = this.evidence_count[series] as number;
    const out: number[] = [];
    for (let i = Math.max(0, n - EVIDENCE_EVENTS); i < n; i += 1) {
      out.push(this.evidence[series * EVIDENCE_EVENTS + (i % EVIDENCE_EVENTS)] as number);
    }
    return out;
  }

  /** Closes the day (its totals into the history) and starts `day_number` at `day_start_us`. */
  startDay(day_number: number, day_start_us: number): void {
    if (this.day_number >= 0) this.closeDay();
    this.day_number = day_number;
    this.day_start_us = day_start_us;
  }

  private closeDay(): void {
    if (this.days_kept > 0) {
      this.history.push({ market_date: isoDate(this.day_number), series: this.totals() });
      if (this.history.length > this.days_kept) this.history.shift();
    }
    for (let s = 0; s < SERIES_COUNT; s += 1) {
      if (this.count[s] === 0) continue;
      this.buy_minor[s] = 0n;
      this.sell_minor[s] = 0n;
      this.count[s] = 0;
      this.bucket_buy[s]?.fill(0n);
      this.bucket_sell[s]?.fill(0n);
      this.bucket_count[s]?.fill(0);
      this.first_bucket[s] = -1;
      this.last_bucket[s] = -1;
    }
    this.bond_quota_used_rmb_minor = 0n;
    this.bond_quota_trades.clear();
  }

  private openBuckets(series: number, buy: boolean): bigint[] {
    const column = new Array<bigint>(this.buckets_per_day).fill(0n);
    if (buy) this.bucket_buy[series] = column;
    else this.bucket_sell[series] = column;
    if (this.bucket_count[series] === null) {
      this.bucket_count[series] = new Float64Array(this.buckets_per_day);
    }
    return column;
  }

  onDayStarted(report: DayStartReport, event_seq: number): void {
    for (const [i, daily] of report.daily_quotas_minor.entries()) {
      this.quotas[i] = {
        date: report.date,
        daily_quota_minor: daily,
        balance_minor: null,
        as_of_event_seq: event_seq,
      };
    }
  }

  onDayEnded(report: DayEndReport, event_seq: number): void {
    for (const q of report.quotas) {
      const i = LINKS.indexOf(q.link);
      this.quotas[i] = {
        date: report.date,
        daily_quota_minor: q.daily_quota_minor,
        balance_minor: q.balance_minor,
        as_of_event_seq: event_seq,
      };
    }
  }

  /** A Southbound Bond Connect trade's quota figure: a buy uses it, a sell gives it back. */
  onBondQuota(trade_id: string, rmb_minor: bigint, buy: boolean, event_seq: number): void {
    const signed = buy ? rmb_minor : -rmb_minor;
    this.bond_quota_used_rmb_minor += signed;
    this.bond_quota_trades.set(trade_id, signed);
    this.bond_quota_event_seq = event_seq;
  }

  /** A cancelled trade's quota released: only today's count towards today's figure. */
  onBondQuotaReleased(trade_id: string, event_seq: number): void {
    const signed = this.bond_quota_trades.get(trade_id);
    if (signed === undefined) return;
    this.bond_quota_trades.delete(trade_id);
    this.bond_quota_used_rmb_minor -= signed;
    this.bond_quota_event_seq = event_seq;
  }

  seriesView(series: number): FlowSeriesView {
    const buy = this.buy_minor[series] as bigint;
    const sell = this.sell_minor[series] as bigint;
    return {
      ...seriesKey(series),
      buy_minor: buy,
      sell_minor: sell,
      net_buy_minor: buy - sell,
      count: this.count[series] as number,
      last_event_seq: this.last_event_seq[series] as number,
      buckets: this.bucketViews(series),
    };
  }

  private bucketViews(series: number): FlowBucketView[] {
    const out: FlowBucketView[] = [];
    const first = this.first_bucket[series] as number;
    if (first < 0) return out;
    const buy = this.bucket_buy[series];
    const sell = this.bucket_sell[series];
    const counts = this.bucket_count[series] as Float64Array;
    for (let b = first; b <= (this.last_bucket[series] as number); b += 1) {
      const bought = buy ? (buy[b] as bigint) : 0n;
      const sold = sell ? (sell[b] as bigint) : 0n;
      out.push({
        start_us: this.day_start_us + b * this.bucket_us,
        buy_minor: bought,
        sell_minor: sold,
        net_buy_minor: bought - sold,
        count: counts[b] as number,
      });
    }
    return out;
  }

  /** Today's totals of the series that moved. */
  totals(): FlowDayTotal[] {
    const out: FlowDayTotal[] = [];
    for (let s = 0; s < SERIES_COUNT; s += 1) {
      if (this.count[s] === 0) continue;
      const buy = this.buy_minor[s] as bigint;
      const sell = this.sell_minor[s] as bigint;
      out.push({
        ...seriesKey(s),
        buy_minor: buy,
        sell_minor: sell,
        net_buy_minor: buy - sell,
        count: this.count[s] as number,
      });
    }
    return out;
  }

  quotaViews(): QuotaView[] {
    const out: QuotaView[] = [];
    for (const [i, q] of this.quotas.entries()) {
      if (q === null) continue;
      const link = LINKS[i] as string;
      out.push({
        quota_link: link,
        link: link.startsWith('sh') ? 'sh_hk_stock' : 'sz_hk_stock',
        direction: link.endsWith('northbound') ? 'northbound' : 'southbound',
        date: q.date,
        daily_quota_minor: q.daily_quota_minor,
        balance_minor: q.balance_minor,
        used_minor: q.balance_minor === null ? null : q.daily_quota_minor - q.balance_minor,
        as_of_event_seq: q.as_of_event_seq,
      });
    }
    return out;
  }
}
