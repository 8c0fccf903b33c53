/**
 * High-frequency classification per account (SSE/SZSE 程序化交易管理实施细则, effective 7 Jul 2025;
 * connect-rules.md §4.2): an account that sends at least 300 orders plus cancels within one second,
 * or at least 20,000 in one day, is doing high-frequency trading and must report more (server
 * location, system test report, emergency plan) on top of the programme-trading report (§4.1,
 * §4.4 for Northbound investors). The alert carries that record, with what the events show filled
 * in and what the broker must collect listed.
 * @module
 */

import type { HftParams } from './config.js';
import { type BatchContext, entry, evidence, figure } from './evidence.js';
import type { ReferenceView } from './reference.js';
import type { OrderRec, OwnerState } from './state.js';
import type { HftReportRecord } from './types.js';

/** What the programme-trading and HFT reports ask for that order events cannot show. */
export const HFT_REPORT_TO_BE_SUPPLIED: readonly string[] = [
  'fund scale and source, leveraged funds and leverage ratio',
  'strategy type and main content',
  'order execution method',
  'software name, version and developer',
  'server location',
  'system test report',
  'fault emergency plan',
];

export class HftDetector {
  constructor(
    private readonly params: HftParams,
    private readonly reference: ReferenceView,
  ) {}

  onMessage(owner: OwnerState, in_second: number, rec: OrderRec, ctx: BatchContext): void {
    if (owner.hft_alerted) return;
    const per_second = in_second >= this.params.per_second_min;
    if (!per_second && owner.messages_today < this.params.per_day_min) return;
    owner.hft_alerted = true;
    const record = this.record(owner, per_second ? 'per_second' : 'per_day', ctx);
    const info = rec.oi.instrument.info;
    ctx.raise({
      kind: 'hft_classification',
      subtype: record.criterion,
      severity: 'low',
      owners: [owner.id],
      participants: [...owner.participants],
      instrument: null,
      market: info.market,
      window_start_us: ctx.now_us - 1_000_000,
      window_end_us: ctx.now_us,
      summary:
        `${owner.id} is a high-frequency account: ${record.peak_messages_per_second} orders and ` +
        `cancels in one second, ${record.messages_today} today`,
      evidence: evidence(
        [
          figure(
            'peak_messages_per_second',
            record.peak_messages_per_second,
            this.params.per_second_min,
            '>=',
            'messages',
          ),
          figure(
            'messages_today',
            record.messages_today,
            this.params.per_day_min,
            '>=',
            'messages',
          ),
        ],
        [],
        [],
        [
          entry(
            ctx.now_us,
            ctx.seq,
            'threshold',
            `classified high-frequency (${record.criterion})`,
          ),
        ],
        record,
      ),
    });
  }

  /** The reporting record for an account, with today's figures so far. */
  record(
    owner: OwnerState,
    criterion: 'per_second' | 'per_day',
    ctx: BatchContext,
  ): HftReportRecord {
    const investor = this.reference.investors.get(owner.id);
    return {
      account: owner.id,
      participants: [...owner.participants],
      bcan: investor?.bcan ?? null,
      investor_type: investor?.type ?? (this.reference.parties.has(owner.id) ? 'house' : null),
      jurisdiction:
        investor?.jurisdiction ?? this.reference.parties.get(owner.id)?.jurisdiction ?? null,
      market_date: ctx.market_date,
      criterion,
      peak_messages_per_second: owner.peak_per_second,
      messages_today: owner.messages_today,
      orders_today: owner.orders_today,
      cancels_today: owner.cancels_today,
      northbound: owner.northbound,
      classified_at_us: ctx.now_us,
      to_be_supplied: HFT_REPORT_TO_BE_SUPPLIED,
    };
  }
}
