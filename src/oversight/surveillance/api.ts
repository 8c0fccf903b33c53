/**
 * The query API the HTTP server exposes and the console calls, as plain functions over an alert
 * store, and the reader that wires the hub's results to surveillance, the store and a stream.
 *
 * Suggested routes (the server engineer's choice):
 * - `GET  /surveillance/alerts?state=&severity=&kind=&owner=&instrument=&market_date=&before_event_seq=&limit=`
 *   → `listAlerts`
 * - `GET  /surveillance/alerts/:id` → `getAlert` (404 on ALERT_NOT_FOUND)
 * - `POST /surveillance/alerts/:id/transition` `{ to, actor, reason?, note?, expected_version? }`
 *   → `transitionAlert` (409 on ALERT_TRANSITION_INVALID / ALERT_VERSION_CONFLICT, 400 otherwise)
 * - `GET  /surveillance/focus/:market` → `Surveillance.focusList`
 * - WebSocket topic `surveillance.alerts`: each message is `alertMessage(alert)`.
 * @module
 */

import type { CommandResult } from '../../hub/index.js';
import { accept, type Outcome, reject } from '../../kernel/rejection.js';
import type { TransitionRequest } from './cases.js';
import type { AlertFilter, AlertRecord, AlertStore, AlertSummary } from './store.js';
import type { Surveillance } from './surveillance.js';
import type { Alert, Figure } from './types.js';

export function listAlerts(store: AlertStore, filter: AlertFilter = {}): AlertSummary[] {
  return store.list(filter);
}

export function getAlert(store: AlertStore, alert_id: string): Outcome<AlertRecord> {
  const record = store.get(alert_id);
  if (record === null) return reject('ALERT_NOT_FOUND', `No alert ${alert_id}`, { alert_id });
  return accept(record);
}

export function transitionAlert(
  store: AlertStore,
  request: TransitionRequest,
): Outcome<AlertRecord> {
  return store.transition(request);
}

/** What the console's live stream carries per alert: enough for a row, the rest on demand. */
export interface AlertMessage {
  readonly type: 'surveillance.alert';
  readonly alert_id: string;
  readonly kind: Alert['kind'];
  readonly subtype: string;
  readonly severity: Alert['severity'];
  readonly owners: readonly string[];
  readonly instrument: string | null;
  readonly market: string | null;
  readonly raised_at_us: number;
  readonly event_seq: number;
  readonly summary: string;
  readonly figures: readonly Figure[];
}

export function alertMessage(alert: Alert): AlertMessage {
  return {
    type: 'surveillance.alert',
    alert_id: alert.alert_id,
    kind: alert.kind,
    subtype: alert.subtype,
    severity: alert.severity,
    owners: alert.owners,
    instrument: alert.instrument,
    market: alert.market,
    raised_at_us: alert.raised_at_us,
    event_seq: alert.event_seq,
    summary: alert.summary,
    figures: alert.evidence.figures,
  };
}

/**
 * Feeds every hub result (accepted or rejected: both may carry session events) to surveillance,
 * stores the alerts, and hands them to `on_alerts` (the WebSocket broadcast) in the same call.
 */
export class SurveillanceReader {
  constructor(
    readonly surveillance: Surveillance,
    readonly store: AlertStore | null = null,
    private readonly on_alerts: (alerts: readonly Alert[]) => void = () => {},
  ) {}

  onResult(result: CommandResult, timestamp_us: number): readonly Alert[] {
    return this.onBatch(result.events, result.first_event_seq, timestamp_us);
  }

  /** The same for a batch of events read back from the journal or a live feed. */
  onBatch(
    events: CommandResult['events'],
    first_event_seq: number,
    timestamp_us: number,
  ): readonly Alert[] {
    const alerts = this.surveillance.consume(events, first_event_seq, timestamp_us);
    if (alerts.length === 0) return alerts;
    this.store?.save(alerts);
    this.on_alerts(alerts);
    return alerts;
  }

  /** Replays journaled batches (from the start, after a restart); stored alerts are not duplicated. */
  replay(
    batches: Iterable<{
      events: CommandResult['events'];
      first_event_seq: number;
      timestamp_us: number;
    }>,
  ): number {
    let raised = 0;
    for (const b of batches) {
      const alerts = this.surveillance.consume(b.events, b.first_event_seq, b.timestamp_us);
      raised += alerts.length;
      this.store?.save(alerts);
    }
    return raised;
  }
}
