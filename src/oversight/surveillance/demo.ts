#!/usr/bin/env node
/**
 * The surveillance demo: a day of the demo market with labelled abuse among normal flow, watched
 * live by the surveillance reader, which stores every alert (with its evidence and an open case)
 * in SQLite and hands it to `on_alert` the moment its batch is applied — what the console's alert
 * panel shows. Run `node dist/oversight/surveillance/demo.js [--seed N] [--db FILE]`; pass the
 * projection's database file to keep the alerts beside the hub's tables.
 * @module
 */

import { pathToFileURL } from 'node:url';
import { isoTimestamp } from '../../kernel/time.js';
import { ABUSE_LINKED_GROUPS, runScenario } from '../../sim/abuse/index.js';
import { type AlertMessage, alertMessage, SurveillanceReader } from './api.js';
import { type PresetName, surveillanceConfig } from './config.js';
import { AlertStore } from './store.js';
import { Surveillance } from './surveillance.js';

export interface SurveillanceDemoOptions {
  readonly seed?: number;
  readonly preset?: PresetName;
  /** SQLite file for the alert store (the projection's file is fine); null keeps none. */
  readonly db_path?: string | null;
  readonly on_alert?: (message: AlertMessage) => void;
}

export interface SurveillanceDemoResult {
  readonly events: number;
  readonly alerts: number;
  readonly by_kind: Readonly<Record<string, number>>;
  readonly labelled_episodes: number;
  readonly db_path: string | null;
}

export function runSurveillanceDemo(options: SurveillanceDemoOptions = {}): SurveillanceDemoResult {
  const db_path = options.db_path ?? null;
  const store = db_path === null ? null : new AlertStore(db_path);
  const by_kind: Record<string, number> = {};
  let alerts = 0;
  let events = 0;
  const on_alert = options.on_alert ?? (() => {});
  // The linked groups are surveillance configuration (from KYC); the scenario's are known here.
  const config = surveillanceConfig(options.preset ?? 'standard', {
    linked_groups: ABUSE_LINKED_GROUPS,
  });
  const reader = new SurveillanceReader(new Surveillance({ config }), store, (raised) => {
    for (const a of raised) {
      alerts += 1;
      by_kind[a.kind] = (by_kind[a.kind] ?? 0) + 1;
      on_alert(alertMessage(a));
    }
  });
  try {
    const scenario = runScenario({
      seed: options.seed ?? 2026,
      on_batch: (b) => {
        events += b.events.length;
        reader.onBatch(b.events, b.first_event_seq, b.timestamp_us);
      },
    });
    return { events, alerts, by_kind, labelled_episodes: scenario.labels.length, db_path };
  } finally {
    store?.close();
  }
}

function main(argv: readonly string[]): void {
  const seed_at = argv.indexOf('--seed');
  const db_at = argv.indexOf('--db');
  const result = runSurveillanceDemo({
    seed: seed_at >= 0 ? Number(argv[seed_at + 1]) : 2026,
    db_path: db_at >= 0 ? (argv[db_at + 1] ?? null) : null,
    on_alert: (m) =>
      process.stdout.write(
        `${isoTimestamp(m.raised_at_us)}  ${m.severity.padEnd(8)} ${m.kind}  ${m.summary}\n`,
      ),
  });
  process.stdout.write(`\n${JSON.stringify(result, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
