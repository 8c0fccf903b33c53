/**
 * High-frequency classification per account and exchange (SSE/SZSE 程序化交易管理实施细则,
 * effective 7 Jul 2025; connect-rules.md §4.2): an account that sends at least 300 orders plus
 * cancels within one second, or at least 20,000 in one day, **on one exchange** (each exchange's
 * rules count its own orders; an account active on both is not summed across them) is doing
 * high-frequency trading and must report more (server
 * location, system test report, emergency plan) on top of the programme-trading report (§4.1,
 * §4.4 for Northbound investors). The alert carries that record, with what the events show filled
 * in and what the broker must collect listed.
 * @module
 */

import type { HftParams } from './config.js';
import { type BatchContext, entry, evidence, figure } from './evidence.js';
import type { ReferenceView } from './reference.js';
import type { MessageRate, OrderRec, OwnerState } from './state.js';
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

/** The exchanges whose programme-trading rules define high-frequency trading. */
export const HFT_EXCHANGES: ReadonlySet<string> = new Set(['XSHG', 'XSHE']);

export class HftDetector {
  constructor(
    private readonly params: HftParams,
    private readonly reference: ReferenceView,
  ) {}

  onMessage(owner: OwnerState, rate: MessageRate, rec: OrderRec, ctx: BatchContext): void {
    if (rate.hft_alerted || !HFT_EXCHANGES.has(rate.market)) return;
    const per_second = rate.ring_count >= this.params.per_second_min;
    if (!per_second && rate.messages_today < this.params.per_day_min) return;
    rate.hft_alerted = true;
    const record = this.record(owner, rate, per_second ? 'per_second' : 'per_day', ctx);
    void rec;
    ctx.raise({
      kind: 'hft_classification',
      subtype: record.criterion,
      severity: 'low',
      owners: [owner.id],
      participants: [...owner.participants],
      instrument: null,
      market: rate.market,
      window_start_us: ctx.now_us - 1_000_000,
      window_end_us: ctx.now_us,
      summary:
        `${owner.id} is a high-frequency account: ${record.peak_messages_per_second} orders and ` +
        `cancels in one second, ${record.messages_today} today on ${rate.market}`,
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
    rate: MessageRate,
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
      market: rate.market,
      peak_messages_per_second: rate.peak_per_second,
      messages_today: rate.messages_today,
      orders_today: rate.orders_today,
      cancels_today: rate.cancels_today,
      northbound: owner.northbound,
      classified_at_us: ctx.now_us,
      to_be_supplied: HFT_REPORT_TO_BE_SUPPLIED,
    };
  }
}
