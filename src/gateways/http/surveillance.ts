/**
 * Surveillance in the server: one reader fed every durable result after each group commit, its
 * alerts stored with their cases in `<data>/surveillance.sqlite` and streamed to operators. At
 * start the server rebuilds the reader by replaying the journal from genesis through a scratch
 * hub (journal_replay.ts; the detectors' windows are part of the event history, not of the hub
 * state); alert ids are deterministic, so stored alerts and their case states are kept, never
 * duplicated.
 * @module
 */

import { join } from 'node:path';
import {
  AlertStore,
  alertMessage,
  Surveillance,
  SurveillanceReader,
  surveillanceConfig,
} from '../../oversight/surveillance/index.js';
import { ABUSE_LINKED_GROUPS } from '../../sim/abuse/index.js';
import { toJson } from './json.js';
import type { StreamHub } from './streams.js';

export interface SurveillanceService {
  readonly reader: SurveillanceReader;
  readonly store: AlertStore;
  close(): void;
}

/** The service, its reader not yet fed: the server replays the journal into it (journal_replay.ts). */
export function startSurveillance(data_dir: string, streams: StreamHub): SurveillanceService {
  const store = new AlertStore(join(data_dir, 'surveillance.sqlite'));
  // The demo's linked accounts (fictional KYC), so `--abuse`'s linked wash trades can be seen.
  const config = surveillanceConfig('standard', { linked_groups: ABUSE_LINKED_GROUPS });
  const surveillance = new Surveillance({ config });
  const reader = new SurveillanceReader(surveillance, store, (alerts) =>
    streams.broadcastAlerts(
      alerts.map((a) => toJson({ channel: 'alerts', alert: alertMessage(a) })),
    ),
  );
  return { reader, store, close: () => store.close() };
}
