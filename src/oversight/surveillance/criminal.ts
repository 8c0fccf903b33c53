/**
 * The Mainland prosecution threshold for spoofing (法释〔2019〕9号; 2022 立案追诉标准(二) Art. 34;
 * connect-rules.md §4.3): on one day, in one security, the owner's cancelled order volume reaches
 * 50 % of the owner's order volume in it, and the cancelled orders are worth RMB 10 million or
 * more. The statute also requires trading against the orders or otherwise profiting; the standard
 * preset therefore only alerts when the owner also shows a spoofing pattern in the security that
 * day, and the evidence carries the day's buys and sells.
 * @module
 */

import { timestampAt } from '../../kernel/time.js';
import type { CriminalThresholdParams } from './config.js';
import { type BatchContext, entry, evidence, figure } from './evidence.js';
import { formatE4, majorToE4, notionalE4, shareBps } from './notional.js';
import type { OrderRec, OwnerInstrument } from './state.js';

export class CriminalThresholdDetector {
  private readonly value_min_e4: bigint;
  private readonly aggravated_min_e4: bigint;
  private readonly currencies: ReadonlySet<string>;

  constructor(private readonly params: CriminalThresholdParams) {
    this.value_min_e4 = majorToE4(params.cancelled_value_min_major);
    this.aggravated_min_e4 = majorToE4(params.aggravated_value_min_major);
    this.currencies = new Set(params.currencies);
  }

  onAccepted(rec: OrderRec): void {
    rec.oi.ordered_units += rec.quantity_units;
  }

  /** Counts a cancel (or a replace that took size away) and tests the threshold. */
  onUserCancel(rec: OrderRec, cancelled_units: number, ctx: BatchContext): void {
    const oi = rec.oi;
    oi.cancelled_units += cancelled_units;
    const info = oi.instrument.info;
    oi.cancelled_e4 += notionalE4(rec.price_units, cancelled_units, info.price_scale);
    this.check(oi, ctx);
  }

  check(oi: OwnerInstrument, ctx: BatchContext): void {
    if (oi.criminal_aggravated_alerted) return;
    const info = oi.instrument.info;
    if (!this.currencies.has(info.currency)) return;
    const p = this.params;
    if (p.require_spoofing_indicator && !oi.spoof_alerted_today) return;
    if (oi.cancelled_units * 10_000 < p.cancelled_share_bps_min * oi.ordered_units) return;
    if (!oi.criminal_alerted && oi.cancelled_e4 >= this.value_min_e4) {
      oi.criminal_alerted = true;
      this.raise(oi, ctx, false);
    }
    if (oi.criminal_alerted && oi.cancelled_e4 >= this.aggravated_min_e4) {
      oi.criminal_aggravated_alerted = true;
      this.raise(oi, ctx, true);
    }
  }

  private raise(oi: OwnerInstrument, ctx: BatchContext, aggravated: boolean): void {
    const info = oi.instrument.info;
    const share = shareBps(oi.cancelled_units, oi.ordered_units);
    const value = formatE4(oi.cancelled_e4);
    const pattern = oi.spoof_alerted_today ? 'with_spoofing_pattern' : 'volume_only';
    const bar = aggravated
      ? this.params.aggravated_value_min_major
      : this.params.cancelled_value_min_major;
    ctx.raise({
      kind: 'spoofing_criminal_threshold',
      subtype: aggravated ? 'aggravated' : pattern,
      severity: 'critical',
      owners: [oi.owner.id],
      participants: [...oi.owner.participants],
      instrument: info.id,
      market: info.market,
      window_start_us: timestampAt(ctx.market_date, '00:00'),
      window_end_us: ctx.now_us,
      summary:
        `${oi.owner.id} cancelled ${share / 100} % of the day's order volume in ${info.id}, ` +
        `worth ${info.currency} ${value}: the Mainland prosecution threshold for spoofing` +
        (aggravated ? ' (aggravated tier, RMB 50 million)' : ''),
      evidence: evidence(
        [
          figure('orders_today_units', oi.ordered_units, null, '', 'units'),
          figure('cancelled_today_units', oi.cancelled_units, null, '', 'units'),
          figure('cancelled_share_bps', share, this.params.cancelled_share_bps_min, '>=', 'bps'),
          figure('cancelled_value', value, bar.toString(), '>=', info.currency),
          figure('bought_today_units', oi.bought_units, null, '', 'units'),
          figure('sold_today_units', oi.sold_units, null, '', 'units'),
          figure('spoofing_pattern_today', oi.spoof_alerted_today ? 'yes' : 'no'),
        ],
        [],
        [],
        [
          entry(
            ctx.now_us,
            ctx.seq,
            'threshold',
            aggravated
              ? 'cumulative cancels crossed the aggravated tier'
              : 'cumulative cancels crossed both limits',
          ),
        ],
      ),
    });
  }
}
