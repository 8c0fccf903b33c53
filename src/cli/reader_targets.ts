/**
 * What each `hutong reader <name>` keeps, where it resumes, and what its HTTP port answers:
 *
 * - projection: the PostgreSQL projection; each batch one transaction with its last seq, so the
 *   reader resumes exactly after the last committed batch (from a snapshot at or below it).
 * - surveillance: the detectors' windows are event history, not hub state, so they are rebuilt
 *   from genesis at every start; alerts are kept in `<data>/surveillance.sqlite` keyed by their
 *   deterministic ids, so a replay adds no alert twice and keeps every case's state.
 * - risk: the risk monitor in memory, rebuilt from genesis at every start as the server does; its
 *   alerts have deterministic ids and are recomputed, not stored.
 *
 * Testing seam: with `HUTONG_TEST_HOLD_BATCH=N` the projection reader holds its N-th batch's
 * transaction open before its commit (and says so on stderr) until it is killed.
 * @module
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { FollowedBatch } from '../cluster/index.js';
import { riskSettingsFromFile } from '../gateways/http/index.js';
import { RiskMonitor, RiskMonitorReader } from '../oversight/risk/index.js';
import {
  AlertStore,
  Surveillance,
  SurveillanceReader,
  surveillanceConfig,
} from '../oversight/surveillance/index.js';
import { PgProjection } from '../projection/index.js';
import { ABUSE_LINKED_GROUPS } from '../sim/abuse/index.js';
import { CliError } from './args.js';

export const READER_NAMES = ['projection', 'surveillance', 'risk'] as const;
export type ReaderName = (typeof READER_NAMES)[number];

export interface ReaderTarget {
  /** The last command seq the target holds: the follower emits from the next one. */
  readonly after_seq: number;
  /** Whether the hub may start from a snapshot (only a target that resumes past genesis). */
  readonly from_snapshot: boolean;
  /** Where it keeps its state, for the start line. */
  readonly where: string;
  /** Batches it takes before the first is written (PostgreSQL: 2, folding one while writing). */
  readonly in_flight_max: number;
  sink(batch: FollowedBatch): Promise<void>;
  /** The JSON answer to a GET of `path` on the reader's port, or undefined (404). */
  answer(path: string, query: URLSearchParams): unknown;
  close(): Promise<void>;
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, for messages. */
export function redactedUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export async function openProjectionTarget(pg_url: string, schema: string): Promise<ReaderTarget> {
  const pool = new pg.Pool({
    connectionString: pg_url,
    max: 2,
    application_name: `hutong-reader-${schema}`,
    connectionTimeoutMillis: 5_000,
  });
  // An idle connection's failure is reported as an event: without a listener it would crash.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    throw new CliError(
      `cannot reach PostgreSQL at ${redactedUrl(pg_url)}: ${(error as Error).message}`,
    );
  }
  const hold_batch = Number(process.env.HUTONG_TEST_HOLD_BATCH ?? 0);
  let batches = 0;
  const before_commit = async () => {
    batches += 1;
    if (batches === hold_batch) await holdOpen(batches);
  };
  let projection: PgProjection;
  try {
    projection = await PgProjection.open({
      pool,
      schema,
      before_commit: hold_batch > 0 ? before_commit : undefined,
    });
  } catch (error) {
    await pool.end();
    throw new CliError((error as Error).message);
  }
  return {
    after_seq: await projection.lastSeq(),
    from_snapshot: true,
    where: `schema ${schema} of ${redactedUrl(pg_url)}`,
    in_flight_max: 2,
    sink: (batch) => projection.apply(batch),
    answer: () => undefined,
    close: async () => {
      await projection.close();
      await pool.end();
    },
  };
}

async function holdOpen(batch: number): Promise<void> {
  process.stderr.write(`hutong reader projection: test: holding batch ${batch} open\n`);
  await new Promise(() => undefined);
}

export function openSurveillanceTarget(data_dir: string): ReaderTarget {
  mkdirSync(data_dir, { recursive: true });
  const path = join(data_dir, 'surveillance.sqlite');
  const store = new AlertStore(path);
  // The server's configuration: the demo's linked accounts, so the same alerts are raised.
  const config = surveillanceConfig('standard', { linked_groups: ABUSE_LINKED_GROUPS });
  const reader = new SurveillanceReader(new Surveillance({ config }), store);
  return {
    after_seq: 0,
    from_snapshot: false,
    where: path,
    in_flight_max: 1,
    sink: async (batch) => {
      for (const [envelope, result] of batch)
        reader.onBatch(result.events, result.first_event_seq, envelope.timestamp_us);
    },
    answer: (path, query) => {
      if (path !== '/alerts') return undefined;
      const limit = Number(query.get('limit') ?? 100);
      return {
        alerts: store.list({ limit: Number.isSafeInteger(limit) ? limit : 100 }),
        counts: store.counts(),
      };
    },
    close: async () => store.close(),
  };
}

export function openRiskTarget(data_dir: string): ReaderTarget {
  const settings = riskSettingsFromFile(data_dir);
  const reader = new RiskMonitorReader(new RiskMonitor(settings));
  return {
    after_seq: 0,
    from_snapshot: false,
    where: 'memory (rebuilt from genesis at every start)',
    in_flight_max: 1,
    sink: async (batch) => {
      for (const [envelope, result] of batch)
        reader.onBatch(result.events, result.first_event_seq, envelope.timestamp_us);
    },
    answer: (path) => {
      if (path === '/alerts') return { alerts: reader.alerts() };
      if (path === '/flows') return reader.flows();
      if (path === '/exposures') return reader.exposures();
      if (path === '/stats') return reader.stats();
      return undefined;
    },
    close: async () => undefined,
  };
}

/** The body of an answer, as JSON (bigints as decimal strings). */
export function answerText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
