/**
 * Time passing for bonds, called from the hub's time walk (src/hub/time.ts): RFQ windows and
 * quote validities end (QuoteStatusReports published as `rfq_status`), and at the first command
 * of a new market day (UTC+8) the Southbound quota day starts and finished RFQs are forgotten.
 * @module
 */

import { addDays, marketDate, parseRate, type Rate, timestampAt } from '../../kernel/index.js';
import {
  expireRfqs,
  forgetRfq,
  nextRfqDeadlineUs,
  type QuoteStatusReport,
} from '../../market/rfq/index.js';
import { type QuotaFxRates, startSouthboundBondQuotaDay } from '../../rules/index.js';
import type { EventSink } from '../events.js';
import type { BondsState, QuotaFxText } from './state.js';

/** The next instant at which bond time changes something (the RFQ book's next deadline). */
export function nextBondChangeUs(state: BondsState): number {
  return nextRfqDeadlineUs(state.rfq);
}

/** Publishes QuoteStatusReports (35=AI) as `rfq_status` events. */
export function emitReports(sink: EventSink, reports: readonly QuoteStatusReport[]): void {
  for (const report of reports) sink.emit({ type: 'rfq_status', report });
}

export function expireBondRfqs(state: BondsState, at_us: number, sink: EventSink): void {
  emitReports(sink, expireRfqs(state.rfq, at_us));
}

/** Parsed rates; the schema has checked the text, so every rate parses. */
export function quotaFxRates(text: QuotaFxText | undefined): QuotaFxRates {
  const rates: { HKD?: Rate; USD?: Rate; EUR?: Rate } = {};
  if (text === undefined) return rates;
  for (const currency of ['HKD', 'USD', 'EUR'] as const) {
    const written = text[currency];
    const rate = written === undefined ? undefined : parseRate(written);
    if (rate !== undefined) rates[currency] = rate;
  }
  return rates;
}

/** Starts the quota day and forgets finished RFQs when the market date has moved on. */
export function rollBondDay(state: BondsState, now_us: number): void {
  // Most commands fall inside the current day: compare with a cached bound, no date string.
  if (now_us < state.clock.day_end_us && now_us >= state.clock.day_start_us) return;
  const date = marketDate(now_us);
  state.clock.day_start_us = timestampAt(date, '00:00');
  state.clock.day_end_us = timestampAt(addDays(date, 1), '00:00');
  if (date === state.quota.date) return;
  startSouthboundBondQuotaDay(state.quota, date, quotaFxRates(state.quota_fx.get(date)));
  const finished: string[] = [];
  for (const id of state.rfq.rfqs.keys()) if (!state.rfq.open.has(id)) finished.push(id);
  for (const id of finished) {
    forgetRfq(state.rfq, id);
    state.rfq_meta.delete(id);
  }
}
