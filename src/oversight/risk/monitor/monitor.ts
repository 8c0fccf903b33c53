/**
 * The real-time risk monitor: a reader of the hub's events that keeps cross-border flows,
 * exposures and concentration up to date event by event, and checks the operator's thresholds at
 * the end of each batch. Deterministic: no clock, no randomness; time is the batch's
 * `timestamp_us` (the envelope's). The same journal gives the same views and the same alerts,
 * with the same ids. See docs/risk-monitor.md.
 * @module
 */

import type { CommandResult, HubEvent } from '../../../hub/index.js';
import { isoDate } from '../../../kernel/time.js';
import { type AlertContext, AlertEngine } from './alerts.js';
import { instrumentConcentration, marketConcentration, mostConcentrated } from './concentration.js';
import { fail } from './fail.js';
import { FinancingBook } from './financing.js';
import { FlowBook } from './flows.js';
import { apply } from './handlers.js';
import { LedgerAccounts } from './ledger.js';
import { ObligationBook } from './obligations.js';
import { PositionBook } from './positions.js';
import { MonitorReference } from './reference.js';
import { DEFAULT_MONITOR_SETTINGS, type RiskMonitorSettings } from './settings.js';
import type { MonitorState } from './state.js';
import { TurnoverBook } from './turnover.js';
import type {
  ConcentrationView,
  ExposuresView,
  FlowDayView,
  FlowSeriesView,
  FlowsView,
  InstrumentConcentration,
  MonitorAlertKind,
  MonitorStats,
  PositionLine,
  RiskAlert,
} from './types.js';
import {
  ccpExposures,
  classExposures,
  participantExposures,
  positionLines,
  repoPairs,
} from './views.js';

const NO_ALERTS: readonly RiskAlert[] = Object.freeze([]);
const US_PER_MINUTE = 60_000_000;
const US_PER_DAY = 86_400_000_000;
/** HK and Mainland time, UTC+8: the monitor's day and buckets are local. */
const UTC_OFFSET_US = 8 * 60 * US_PER_MINUTE;

/** Which alerts to read. */
export interface RiskAlertFilter {
  readonly kind?: MonitorAlertKind;
  readonly participant?: string;
  /** Only alerts raised at or after this event. */
  readonly since_event_seq?: number;
}

export class RiskMonitor {
  readonly settings: RiskMonitorSettings;
  private readonly state: MonitorState;
  private readonly engine: AlertEngine;
  /** What the alert checks read, updated in place each batch. */
  private readonly context: AlertContext;
  private readonly kept: RiskAlert[] = [];
  /** The ISO date of the current day, made once a day. */
  private market_date = '';
  private next_event_seq = 0;
  private now_us = Number.MIN_SAFE_INTEGER;
  private events = 0;
  private batches = 0;
  private alerts_raised = 0;

  /** A monitor with settings from `riskMonitorSettings` (the defaults raise no alerts). */
  constructor(settings: RiskMonitorSettings = DEFAULT_MONITOR_SETTINGS) {
    this.settings = settings;
    const ref = new MonitorReference();
    const gross_limits = settings.exposure_limits.some((l) => l.measure === 'gross_position');
    const positions = new PositionBook(ref, gross_limits);
    this.state = {
      ref,
      flows: new FlowBook(settings.bucket_minutes * US_PER_MINUTE, settings.days_kept),
      positions,
      obligations: new ObligationBook(ref, positions),
      financing: new FinancingBook(ref),
      turnover: new TurnoverBook(),
      accounts: new LedgerAccounts(ref, positions),
      bucket: 0,
    };
    this.engine = new AlertEngine(settings);
    const st = this.state;
    this.context = {
      ...{ ref: st.ref, flows: st.flows, positions: st.positions, obligations: st.obligations },
      ...{ turnover: st.turnover, market_date: '', timestamp_us: 0, bucket: 0 },
    };
  }

  /**
   * Applies one batch (event `i` has sequence `first_event_seq + i`) at the batch's time and
   * returns the alerts it raised. Batches already consumed are ignored, so a replay may start
   * anywhere before the monitor's position; a gap or time going backwards is a wiring bug.
   */
  consume(
    events: readonly HubEvent[],
    first_event_seq: number,
    timestamp_us: number,
  ): readonly RiskAlert[] {
    if (events.length === 0) return NO_ALERTS;
    if (this.next_event_seq > 0) {
      if (first_event_seq + events.length <= this.next_event_seq) return NO_ALERTS;
      if (first_event_seq !== this.next_event_seq) fail(`event ${first_event_seq} out of sequence`);
    }
    if (timestamp_us < this.now_us) fail('risk monitor time went backwards');
    this.now_us = timestamp_us;
    this.begin(timestamp_us);
    const state = this.state;
    for (let i = 0; i < events.length; i += 1) {
      apply(state, events[i] as HubEvent, first_event_seq + i);
    }
    this.next_event_seq = first_event_seq + events.length;
    this.events += events.length;
    this.batches += 1;
    return this.end(timestamp_us);
  }

  /** `consume` for a hub result and its envelope's timestamp. */
  consumeResult(result: CommandResult, timestamp_us: number): readonly RiskAlert[] {
    return this.consume(result.events, result.first_event_seq, timestamp_us);
  }

  /** Rolls the day at HK midnight and finds the batch's intraday bucket. */
  private begin(timestamp_us: number): void {
    const local_us = timestamp_us + UTC_OFFSET_US;
    const day = Math.floor(local_us / US_PER_DAY);
    const flows = this.state.flows;
    if (day !== flows.day_number) {
      flows.startDay(day, day * US_PER_DAY - UTC_OFFSET_US);
      this.state.turnover.reset();
      this.engine.newDay();
      this.market_date = isoDate(day);
    }
    this.state.bucket = Math.floor((timestamp_us - flows.day_start_us) / flows.bucket_us);
  }

  private end(timestamp_us: number): readonly RiskAlert[] {
    const s = this.state;
    const context = this.context;
    context.market_date = this.market_date;
    context.timestamp_us = timestamp_us;
    context.bucket = s.bucket;
    const raised = this.engine.check(context);
    s.flows.clearDirty();
    s.positions.clearDirty();
    s.turnover.clearDirty();
    s.obligations.endBatch();
    if (raised.length === 0) return NO_ALERTS;
    this.alerts_raised += raised.length;
    for (const alert of raised) this.kept.push(alert);
    const excess = this.kept.length - this.settings.alerts_kept;
    if (excess > 0) this.kept.splice(0, excess);
    return raised;
  }

  private marketDate(): string {
    return this.market_date;
  }

  // ── Views ────────────────────────────────────────────────────────────────────────────────

  /** Today's flows per series with their intraday buckets, and the quota figures. */
  flows(): FlowsView {
    const f = this.state.flows;
    return {
      market_date: this.marketDate(),
      bucket_minutes: this.settings.bucket_minutes,
      series: this.seriesViews(),
      stock_connect_quotas: f.quotaViews(),
      bond_connect_southbound_quota: {
        used_rmb_minor: f.bond_quota_used_rmb_minor,
        as_of_event_seq: f.bond_quota_event_seq,
      },
    };
  }

  private seriesViews(): FlowSeriesView[] {
    const f = this.state.flows;
    const out: FlowSeriesView[] = [];
    for (let s = 0; s < f.count.length; s += 1) if (f.count[s] !== 0) out.push(f.seriesView(s));
    return out;
  }

  /** The closed days' flow totals, oldest first (at most `days_kept`). */
  flowHistory(): readonly FlowDayView[] {
    return [...this.state.flows.history];
  }

  exposures(): ExposuresView {
    const participants = participantExposures(this.state);
    return {
      as_of_event_seq: this.next_event_seq - 1,
      participants,
      investor_classes: classExposures(this.state),
      ccp: ccpExposures(participants),
      bilateral_repo: repoPairs(this.state),
    };
  }

  /** A participant's instrument lines (empty for an unknown participant). */
  positions(participant: string): readonly PositionLine[] {
    return positionLines(this.state, participant);
  }

  concentration(top_n: number = this.settings.top_n): ConcentrationView {
    const s = this.state;
    return {
      market_date: this.marketDate(),
      markets: marketConcentration(s.ref, s.turnover, top_n),
      instruments: mostConcentrated(s.ref, s.positions, top_n),
    };
  }

  /** One instrument's largest holders, or null when no holding of it is known. */
  holders(instrument: string, top_n: number = this.settings.top_n): InstrumentConcentration | null {
    const i = this.state.ref.instruments.find(instrument);
    return i < 0 ? null : instrumentConcentration(this.state.ref, this.state.positions, i, top_n);
  }

  /** The alerts kept, oldest first. */
  alerts(filter: RiskAlertFilter = {}): readonly RiskAlert[] {
    return this.kept.filter(
      (a) =>
        (filter.kind === undefined || a.kind === filter.kind) &&
        (filter.participant === undefined || a.participant === filter.participant) &&
        (filter.since_event_seq === undefined || a.event_seq >= filter.since_event_seq),
    );
  }

  stats(): MonitorStats {
    const s = this.state;
    return {
      events: this.events,
      batches: this.batches,
      next_event_seq: this.next_event_seq,
      instruments: s.ref.instruments.size,
      participants: s.ref.participants.size,
      holdings: s.positions.holdings,
      open_instructions: s.obligations.open_instructions,
      open_repos: s.financing.open_repos,
      alerts: this.alerts_raised,
      instructions_unmatched: s.obligations.unmatched,
    };
  }
}
