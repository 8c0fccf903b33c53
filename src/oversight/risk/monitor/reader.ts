/**
 * The reader the server wires like surveillance's: fed every hub result (accepted or rejected:
 * both may carry events) after each durable group, replayed from the journal at start. Alerts go
 * to `on_alerts` (a WebSocket broadcast) in the same call that raised them; a replay raises them
 * again without broadcasting (their ids are the same, so a store keeps them once).
 *
 * Suggested routes (the server's choice): `GET /risk/flows` → `flows()`, `GET /risk/flows/history`,
 * `GET /risk/exposures`, `GET /risk/positions/:participant`, `GET /risk/concentration`,
 * `GET /risk/holders/:instrument` (404 when null), `GET /risk/alerts?kind=&participant=&since=`;
 * WebSocket topic `risk.alerts`. Money is bigint: the gateway's `toJson` writes it as strings.
 * @module
 */

import type { CommandResult } from '../../../hub/index.js';
import type { RiskAlertFilter, RiskMonitor } from './monitor.js';
import type {
  ConcentrationView,
  ExposuresView,
  FlowDayView,
  FlowsView,
  InstrumentConcentration,
  MonitorStats,
  PositionLine,
  RiskAlert,
} from './types.js';

/** One batch of events as the journal gives it back. */
export interface RiskBatch {
  readonly events: CommandResult['events'];
  readonly first_event_seq: number;
  readonly timestamp_us: number;
}

export class RiskMonitorReader {
  constructor(
    readonly monitor: RiskMonitor,
    private readonly on_alerts: (alerts: readonly RiskAlert[]) => void = () => {},
  ) {}

  onResult(result: CommandResult, timestamp_us: number): readonly RiskAlert[] {
    return this.onBatch(result.events, result.first_event_seq, timestamp_us);
  }

  onBatch(
    events: CommandResult['events'],
    first_event_seq: number,
    timestamp_us: number,
  ): readonly RiskAlert[] {
    const alerts = this.monitor.consume(events, first_event_seq, timestamp_us);
    if (alerts.length > 0) this.on_alerts(alerts);
    return alerts;
  }

  /** Replays journaled batches (from the start, after a restart); returns the alerts raised. */
  replay(batches: Iterable<RiskBatch>): number {
    let raised = 0;
    for (const b of batches) {
      raised += this.monitor.consume(b.events, b.first_event_seq, b.timestamp_us).length;
    }
    return raised;
  }

  flows(): FlowsView {
    return this.monitor.flows();
  }

  flowHistory(): readonly FlowDayView[] {
    return this.monitor.flowHistory();
  }

  exposures(): ExposuresView {
    return this.monitor.exposures();
  }

  positions(participant: string): readonly PositionLine[] {
    return this.monitor.positions(participant);
  }

  concentration(top_n?: number): ConcentrationView {
    return this.monitor.concentration(top_n);
  }

  holders(instrument: string, top_n?: number): InstrumentConcentration | null {
    return this.monitor.holders(instrument, top_n);
  }

  alerts(filter?: RiskAlertFilter): readonly RiskAlert[] {
    return this.monitor.alerts(filter);
  }

  stats(): MonitorStats {
    return this.monitor.stats();
  }
}
