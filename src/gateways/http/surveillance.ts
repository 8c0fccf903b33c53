/**
 * Surveillance in the server: one reader fed every durable result after each group commit, its
 * alerts stored with their cases in `<data>/surveillance.sqlite` and streamed to operators. At
 * start the reader is rebuilt by replaying the journal from genesis through a scratch hub (the
 * detectors' windows are part of the event history, not of the hub state); alert ids are
 * deterministic, so stored alerts and their case states are kept, never duplicated.
 * @module
 */

import { join } from 'node:path';
import { type Envelope, Hub } from '../../hub/index.js';
import { decode } from '../../kernel/codec.js';
import {
  AlertStore,
  alertMessage,
  Surveillance,
  SurveillanceReader,
  surveillanceConfig,
} from '../../oversight/surveillance/index.js';
import type { HubNode } from '../../runtime/node.js';
import { ABUSE_LINKED_GROUPS } from '../../sim/abuse/index.js';
import { toJson } from './json.js';
import type { StreamHub } from './streams.js';

export interface SurveillanceService {
  readonly reader: SurveillanceReader;
  readonly store: AlertStore;
  close(): void;
}

export function startSurveillance(
  node: HubNode,
  data_dir: string,
  streams: StreamHub,
): SurveillanceService {
  const store = new AlertStore(join(data_dir, 'surveillance.sqlite'));
  // The demo's linked accounts (fictional KYC), so `--abuse`'s linked wash trades can be seen.
  const config = surveillanceConfig('standard', { linked_groups: ABUSE_LINKED_GROUPS });
  const surveillance = new Surveillance({ config });
  const reader = new SurveillanceReader(surveillance, store, (alerts) =>
    streams.broadcastAlerts(
      alerts.map((a) => toJson({ channel: 'alerts', alert: alertMessage(a) })),
    ),
  );
  reader.replay(journalBatches(node));
  return { reader, store, close: () => store.close() };
}

/** The journal's batches from genesis, re-applied to a scratch hub (for readers that replay). */
export function* journalBatches(node: HubNode) {
  const scratch = new Hub();
  for (const record of node.journal.records(1)) {
    const envelope = decode(record.payload) as Envelope;
    const result = scratch.apply(envelope);
    yield {
      events: result.events,
      first_event_seq: result.first_event_seq,
      timestamp_us: envelope.timestamp_us,
    };
  }
}
