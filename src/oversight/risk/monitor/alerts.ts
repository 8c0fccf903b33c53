/**
 * The alert checks, run at the end of every batch on what the batch moved (its dirty series,
 * participants, holdings and market cells), so an alert comes in the batch whose event crossed
 * the threshold. Each subject keeps a breach flag: an alert is raised when the flag goes up and
 * never again while it stays up; it goes down when a later check finds the figure back within the
 * threshold (and for the day's figures at the next day), and a new breach is a new alert.
 * @module
 */

import { formatMinor } from '../../../kernel/money.js';
import { CURRENCY_CODES, type CurrencyCode, MARKETS } from '../../../reference/index.js';
import { type FlowBook, SERIES_COUNT, seriesKey } from './flows.js';
import type { ObligationBook } from './obligations.js';
import { OBLIGATION_SLOTS } from './obligations.js';
import type { PositionBook } from './positions.js';
import type { MonitorReference } from './reference.js';
import type { FlowThreshold, RiskMonitorSettings } from './settings.js';
import { growUint8 } from './tables.js';
import { MARKET_CELLS, type TurnoverBook } from './turnover.js';
import type { RiskAlert, RiskFigure } from './types.js';
import { EXPOSURE_MEASURES } from './types.js';
import { e12ToMinor, shareAbove, shareAboveBig } from './value.js';

const CURRENCIES = CURRENCY_CODES.length;
const E12_PER_MINOR = 10_000_000_000n;
const SHARE_ONE_E8 = 100_000_000n;
const LIMIT_CELLS = CURRENCIES * EXPOSURE_MEASURES.length;

/** The books an alert check reads, and the batch's time (one object, updated each batch). */
export interface AlertContext {
  readonly ref: MonitorReference;
  readonly flows: FlowBook;
  readonly positions: PositionBook;
  readonly obligations: ObligationBook;
  readonly turnover: TurnoverBook;
  market_date: string;
  timestamp_us: number;
  /** The intraday bucket of the batch. */
  bucket: number;
}

const NONE_RAISED: readonly RiskAlert[] = Object.freeze([]);

/** What a check hands to `raise`: everything of an alert but its id, time and date. */
type AlertDraft = Omit<RiskAlert, 'alert_id' | 'market_date' | 'raised_at_us'>;

export class AlertEngine {
  private readonly flow_thresholds: Array<FlowThreshold | null>;
  private readonly outflow_breach = new Uint8Array(SERIES_COUNT);
  /** -1: breached towards selling, +1 towards buying, 0: none. */
  private readonly reversal_breach = new Int8Array(SERIES_COUNT);
  private readonly window_buckets: number;
  /** Per participant handle: its limit per (currency, measure) cell, null for none. */
  private readonly limits_of: Array<Array<bigint | null>> = [];
  /** The same limits at 10^-12, to compare with gross values without a multiplication. */
  private readonly limits_e12: Array<Array<bigint | null>> = [];
  private limit_breach = new Uint8Array(0);
  private holding_breach = new Uint8Array(0);
  private turnover_breach = new Uint8Array(0);
  /** The batch's alerts; null until the first one (most batches raise none). */
  private raised: RiskAlert[] | null = null;
  private readonly ids = new Map<string, number>();

  constructor(private readonly settings: RiskMonitorSettings) {
    this.flow_thresholds = new Array<FlowThreshold | null>(SERIES_COUNT).fill(null);
    for (let s = 0; s < SERIES_COUNT; s += 1) {
      const key = seriesKey(s);
      this.flow_thresholds[s] =
        settings.flow_thresholds.find(
          (t) =>
            t.link === key.link && t.direction === key.direction && t.currency === key.currency,
        ) ?? null;
    }
    this.window_buckets = settings.reversal_window_minutes / settings.bucket_minutes;
  }

  /** The day's figures start again: their breaches are forgotten. */
  newDay(): void {
    this.outflow_breach.fill(0);
    this.reversal_breach.fill(0);
    this.turnover_breach.fill(0);
  }

  /** The alerts the batch raised, in a fixed order: flows, exposures, holdings, turnover. */
  check(ctx: AlertContext): readonly RiskAlert[] {
    const s = this.settings;
    if (ctx.flows.dirty_count > 0) this.checkFlows(ctx);
    if (s.exposure_limits.length > 0 && ctx.positions.dirty_participants.size > 0) {
      this.checkLimits(ctx);
    }
    if (s.holding_share_e8 !== null && ctx.positions.dirty_cells.size > 0) {
      this.checkHoldings(ctx, s.holding_share_e8);
    }
    if (s.turnover_share_e8 !== null && ctx.turnover.dirty.size > 0) {
      this.checkTurnover(ctx, s.turnover_share_e8);
    }
    const raised = this.raised;
    if (raised === null) return NONE_RAISED;
    this.raised = null;
    this.ids.clear();
    return raised;
  }

  private checkFlows(ctx: AlertContext): void {
    const flows = ctx.flows;
    for (let i = 0; i < flows.dirty_count; i += 1) {
      const s = flows.dirty[i] as number;
      const t = this.flow_thresholds[s];
      if (t === null || t === undefined) continue;
      if (t.outflow_level_minor !== null) this.checkOutflow(ctx, s, t, t.outflow_level_minor);
      if (t.reversal_level_minor !== null) this.checkReversal(ctx, s, t, t.reversal_level_minor);
    }
  }

  private checkOutflow(ctx: AlertContext, s: number, t: FlowThreshold, level: bigint): void {
    const net = (ctx.flows.buy_minor[s] as bigint) - (ctx.flows.sell_minor[s] as bigint);
    const breached = -net > level;
    if (!breached || this.outflow_breach[s] === 1) {
      this.outflow_breach[s] = breached ? 1 : 0;
      return;
    }
    this.outflow_breach[s] = 1;
    const subject = `${t.link}/${t.direction}/${t.currency}`;
    this.raise(ctx, {
      kind: 'flow_outflow',
      ...{ subject, participant: null, instrument: null, market: null, currency: t.currency },
      event_seq: ctx.flows.last_event_seq[s] as number,
      summary: `Net selling through ${subject} today ${money(-net, t.currency)}, above ${money(level, t.currency)}`,
      figures: [
        figure('net_selling', -net, level, '>', t.currency),
        figure('bought', ctx.flows.buy_minor[s] as bigint, null, '', t.currency),
        figure('sold', ctx.flows.sell_minor[s] as bigint, null, '', t.currency),
      ],
      event_seqs: ctx.flows.evidenceOf(s),
    });
  }

  private checkReversal(ctx: AlertContext, s: number, t: FlowThreshold, level: bigint): void {
    const k = this.window_buckets;
    const b = ctx.bucket;
    const current = ctx.flows.netOver(s, b - k + 1, b);
    const previous = ctx.flows.netOver(s, b - 2 * k + 1, b - k);
    const state =
      previous > level && current < -level ? -1 : previous < -level && current > level ? 1 : 0;
    const before = this.reversal_breach[s] as number;
    this.reversal_breach[s] = state;
    if (state === 0 || state === before) return;
    const subject = `${t.link}/${t.direction}/${t.currency}`;
    const minutes = this.settings.reversal_window_minutes;
    this.raise(ctx, {
      kind: 'flow_reversal',
      ...{ subject, participant: null, instrument: null, market: null, currency: t.currency },
      event_seq: ctx.flows.last_event_seq[s] as number,
      summary:
        `Net flow through ${subject} turned from ${money(previous, t.currency)} to ` +
        `${money(current, t.currency)} over two ${minutes}-minute windows (level ${money(level, t.currency)})`,
      figures: [
        figure(
          'net_previous_window',
          previous,
          state < 0 ? level : -level,
          state < 0 ? '>' : '<',
          t.currency,
        ),
        figure(
          'net_current_window',
          current,
          state < 0 ? -level : level,
          state < 0 ? '<' : '>',
          t.currency,
        ),
        figure('window_minutes', minutes, null, '', 'minutes'),
      ],
      event_seqs: ctx.flows.evidenceOf(s),
    });
  }

  private checkLimits(ctx: AlertContext): void {
    const dirty = ctx.positions.dirty_participants;
    for (let k = 0; k < dirty.size; k += 1) {
      const p = dirty.at(k);
      const limits = this.limitsOf(ctx, p);
      for (let cell = 0; cell < LIMIT_CELLS; cell += 1) {
        const limit = limits[cell];
        if (limit === null || limit === undefined) continue;
        const currency = cell % CURRENCIES;
        if (cell < CURRENCIES) {
          // Gross position value, kept at 10^-12: compared with the limit at the same scale.
          const gross_e12 = ctx.positions.gross_e12[p * CURRENCIES + currency] ?? 0n;
          const breached = gross_e12 > (this.limits_e12[p]?.[cell] as bigint);
          if (breached || this.limit_breach[p * LIMIT_CELLS + cell] === 1) {
            this.limitBreach(ctx, p, cell, breached, e12ToMinor(gross_e12), limit);
          }
        } else {
          const net = netPayable(ctx.obligations, p, currency);
          this.limitBreach(ctx, p, cell, net > limit, net, limit);
        }
      }
    }
  }

  private limitBreach(
    ctx: AlertContext,
    p: number,
    cell: number,
    breached: boolean,
    value: bigint,
    limit: bigint,
  ): void {
    const at = p * LIMIT_CELLS + cell;
    this.limit_breach = growUint8(this.limit_breach, at + 1);
    const before = this.limit_breach[at];
    this.limit_breach[at] = breached ? 1 : 0;
    if (!breached || before === 1) return;
    const currency = CURRENCY_CODES[cell % CURRENCIES] as CurrencyCode;
    const measure = EXPOSURE_MEASURES[Math.floor(cell / CURRENCIES)] as string;
    const participant = ctx.ref.participants.name(p);
    const what =
      measure === 'gross_position' ? 'gross position value' : 'net unsettled cash payable';
    this.raise(ctx, {
      kind: 'exposure_limit',
      ...{ subject: participant, participant, instrument: null, market: null, currency },
      event_seq: lastOf(ctx.positions.evidenceOf(p)),
      summary: `${participant}'s ${what} ${money(value, currency)} is above its limit ${money(limit, currency)}`,
      figures: [figure(measure, value, limit, '>', currency)],
      event_seqs: ctx.positions.evidenceOf(p),
    });
  }

  private limitsOf(ctx: AlertContext, p: number): Array<bigint | null> {
    const known = this.limits_of[p];
    if (known !== undefined) return known;
    const name = ctx.ref.participants.name(p);
    const cells = new Array<bigint | null>(LIMIT_CELLS).fill(null);
    for (const own of [false, true]) {
      for (const l of this.settings.exposure_limits) {
        if (own ? l.participant !== name : l.participant !== null) continue;
        const cell =
          EXPOSURE_MEASURES.indexOf(l.measure) * CURRENCIES + CURRENCY_CODES.indexOf(l.currency);
        cells[cell] = l.limit_minor;
      }
    }
    this.limits_of[p] = cells;
    this.limits_e12[p] = cells.map((l) => (l === null ? null : l * E12_PER_MINOR));
    return cells;
  }

  private checkHoldings(ctx: AlertContext, share_e8: number): void {
    const pos = ctx.positions;
    for (let k = 0; k < pos.dirty_cells.size; k += 1) {
      const cell = pos.dirty_cells.at(k);
      const instrument = pos.cell_instrument[cell] as number;
      const units = pos.units(cell);
      const issued = ctx.ref.issued_units[instrument] as number;
      const base = issued > 0 ? issued : (pos.long_units[instrument] as number);
      const breached = shareAbove(units, base, share_e8);
      this.holding_breach = growUint8(this.holding_breach, cell + 1);
      const before = this.holding_breach[cell];
      this.holding_breach[cell] = breached ? 1 : 0;
      if (!breached || before === 1) continue;
      const holder = ctx.ref.names.name(pos.cell_holder[cell] as number);
      const id = ctx.ref.instruments.name(instrument);
      const share_e8_now = (BigInt(units) * SHARE_ONE_E8) / BigInt(base);
      this.raise(ctx, {
        kind: 'holding_concentration',
        ...{ subject: `${holder}@${id}`, participant: null, instrument: id, market: null },
        currency: null,
        event_seq: pos.cell_event_seq[cell] as number,
        summary: `${holder} holds ${units} units of ${id}, ${percent(share_e8_now)} of ${issued > 0 ? 'the units in issue' : 'the holdings seen'}`,
        figures: [
          figure('share', Number(share_e8_now), share_e8, '>', 'e8'),
          figure('units', units, null, '', 'units'),
          figure(issued > 0 ? 'issued_units' : 'holdings_seen_units', base, null, '', 'units'),
        ],
        event_seqs: [pos.cell_event_seq[cell] as number],
      });
    }
  }

  private checkTurnover(ctx: AlertContext, share_e8: number): void {
    const t = ctx.turnover;
    for (let k = 0; k < t.dirty.size; k += 1) {
      const at = t.dirty.at(k);
      const mc = at % MARKET_CELLS;
      const p = (at - mc) / MARKET_CELLS;
      const trades = t.market_trades[mc] as number;
      const market = t.market_minor[mc] as bigint;
      const mine = t.participant_minor[at] as bigint;
      // Of both sides (twice the market): above s of 2T is above 2s of T.
      const breached =
        trades >= this.settings.turnover_trades_min && shareAboveBig(mine, market, 2 * share_e8);
      this.turnover_breach = growUint8(this.turnover_breach, at + 1);
      const before = this.turnover_breach[at];
      this.turnover_breach[at] = breached ? 1 : 0;
      if (!breached || before === 1) continue;
      this.raiseTurnover(ctx, p, mc, mine, 2n * market, share_e8, trades);
    }
  }

  private raiseTurnover(
    ctx: AlertContext,
    p: number,
    mc: number,
    mine: bigint,
    total: bigint,
    share_e8: number,
    trades: number,
  ): void {
    const currency = CURRENCY_CODES[mc % CURRENCIES] as CurrencyCode;
    const market = MARKETS[Math.floor(mc / CURRENCIES)] as string;
    const participant = ctx.ref.participants.name(p);
    const share = (mine * SHARE_ONE_E8) / total;
    this.raise(ctx, {
      kind: 'turnover_concentration',
      ...{ subject: `${participant}@${market}/${currency}`, participant, instrument: null, market },
      currency,
      event_seq: lastOf(ctx.turnover.evidenceOf(p)),
      summary: `${participant} has ${percent(share)} of ${market}'s ${currency} turnover today`,
      figures: [
        figure('share', Number(share), share_e8, '>', 'e8'),
        figure('turnover', mine, null, '', currency),
        figure('market_turnover_both_sides', total, null, '', currency),
        figure('market_trades', trades, this.settings.turnover_trades_min, '', 'trades'),
      ],
      event_seqs: ctx.turnover.evidenceOf(p),
    });
  }

  private raise(ctx: AlertContext, draft: AlertDraft): void {
    const key = `${draft.event_seq}/risk.${draft.kind}`;
    const n = this.ids.get(key) ?? 0;
    this.ids.set(key, n + 1);
    this.raised ??= [];
    this.raised.push({
      alert_id: `${key}/${n}`,
      ...draft,
      market_date: ctx.market_date,
      raised_at_us: ctx.timestamp_us,
    });
  }
}

/** Σ over settlement groups of payable − receivable, in currency index `c`. */
export function netPayable(obligations: ObligationBook, p: number, c: number): bigint {
  let net = 0n;
  for (let slot = c; slot < OBLIGATION_SLOTS; slot += CURRENCIES) {
    const at = p * OBLIGATION_SLOTS + slot;
    net += (obligations.payable[at] ?? 0n) - (obligations.receivable[at] ?? 0n);
  }
  return net;
}

function figure(
  name: string,
  value: bigint | number,
  threshold: bigint | number | null,
  comparison: RiskFigure['comparison'],
  unit: string,
): RiskFigure {
  return { name, value, threshold, comparison, unit };
}

function money(minor: bigint, currency: string): string {
  return `${currency} ${formatMinor(minor, 2)}`;
}

/** A share in parts per 10^8 as a percentage with two decimals, truncated: "12.34 %". */
function percent(share_e8: bigint): string {
  return `${formatMinor(share_e8 / 10_000n, 2)} %`;
}

function lastOf(seqs: readonly number[]): number {
  return seqs[seqs.length - 1] ?? 0;
}
