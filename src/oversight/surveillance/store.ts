/**
 * The alert store: alerts, their evidence and case state in SQLite (better-sqlite3), in tables of
 * their own. It may share the projection's database file (pass the same path): it never touches
 * the projection's tables. Saving is idempotent by alert id, so a reader replaying the journal
 * after a restart re-raises the same alerts without duplicating them or losing their case state.
 * @module
 */

import Database from 'better-sqlite3';
import { assert } from '../../kernel/assert.js';
import { accept, type Outcome, reject } from '../../kernel/rejection.js';
import {
  type CaseState,
  type CloseReason,
  checkTransition,
  type TransitionRequest,
} from './cases.js';
import { STORE_SCHEMA_SQL, STORE_SCHEMA_VERSION } from './store_schema.js';
import type { Alert, AlertKind, Evidence, Severity } from './types.js';

/** An alert without its evidence, with its case state: what lists show. */
export interface AlertSummary extends Omit<Alert, 'evidence'> {
  readonly state: CaseState;
  readonly close_reason: CloseReason | null;
  readonly updated_at_us: number;
  readonly version: number;
}

export interface CaseEvent {
  readonly id: number;
  readonly alert_id: string;
  readonly from_state: CaseState | null;
  readonly to_state: CaseState;
  readonly actor: string;
  readonly reason: CloseReason | null;
  readonly note: string | null;
  readonly at_us: number;
}

/** An alert with its evidence, case state and audit trail: what the detail view shows. */
export interface AlertRecord extends AlertSummary {
  readonly evidence: Evidence;
  readonly history: readonly CaseEvent[];
}

export interface AlertFilter {
  readonly state?: CaseState | readonly CaseState[];
  readonly severity?: Severity | readonly Severity[];
  readonly kind?: AlertKind;
  readonly owner?: string;
  readonly instrument?: string;
  readonly market_date?: string;
  /** Newest first; for the next page pass the last row's `event_seq`. */
  readonly before_event_seq?: number;
  /** 100 by default, at most LIST_LIMIT_MAX. */
  readonly limit?: number;
}

export const LIST_LIMIT_MAX = 1_000;
/** Who records the raising of an alert in the audit trail. */
export const SYSTEM_ACTOR = 'surveillance';

type Row = Record<string, unknown>;

export class AlertStore {
  readonly db: Database.Database;
  private readonly saveMany: (alerts: readonly Alert[]) => number;

  constructor(database: string | Database.Database) {
    this.db = typeof database === 'string' ? new Database(database) : database;
    if (typeof database === 'string') this.db.pragma('journal_mode = WAL');
    this.db.exec(STORE_SCHEMA_SQL);
    this.checkVersion();
    const insert_alert = this.db.prepare(
      `insert or ignore into surveillance_alerts values (@alert_id, @kind, @subtype, @severity,
       'open', null, @instrument, @market, @market_date, @window_start_us, @window_end_us,
       @raised_at_us, @event_seq, @summary, @owners, @participants, @evidence, @raised_at_us, 1)`,
    );
    const insert_owner = this.db.prepare(
      'insert or ignore into surveillance_alert_owners values (?, ?)',
    );
    const insert_event = this.db.prepare(
      `insert into surveillance_case_events (alert_id, from_state, to_state, actor, reason, note, at_us)
       values (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.saveMany = this.db.transaction((alerts: readonly Alert[]) => {
      let inserted = 0;
      for (const alert of alerts) {
        const info = insert_alert.run(alertParams(alert));
        if (info.changes === 0) continue;
        inserted += 1;
        for (const owner of alert.owners) insert_owner.run(owner, alert.alert_id);
        insert_event.run(
          alert.alert_id,
          null,
          'open',
          SYSTEM_ACTOR,
          null,
          alert.summary,
          alert.raised_at_us,
        );
      }
      return inserted;
    });
  }

  /** Stores new alerts (in one transaction); returns how many were new. */
  save(alerts: readonly Alert[]): number {
    return alerts.length === 0 ? 0 : this.saveMany(alerts);
  }

  list(filter: AlertFilter = {}): AlertSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    addIn(where, params, 'a.state', filter.state);
    addIn(where, params, 'a.severity', filter.severity);
    addIn(where, params, 'a.kind', filter.kind);
    addIn(where, params, 'a.instrument', filter.instrument);
    addIn(where, params, 'a.market_date', filter.market_date);
    if (filter.owner !== undefined) {
      where.push('a.alert_id in (select alert_id from surveillance_alert_owners where owner = ?)');
      params.push(filter.owner);
    }
    if (filter.before_event_seq !== undefined) {
      where.push('a.event_seq < ?');
      params.push(filter.before_event_seq);
    }
    const limit = Math.min(Math.max(1, filter.limit ?? 100), LIST_LIMIT_MAX);
    const sql =
      `select a.* from surveillance_alerts a ${where.length > 0 ? `where ${where.join(' and ')}` : ''} ` +
      `order by a.event_seq desc, a.alert_id desc limit ${limit}`;
    return (this.db.prepare(sql).all(...params) as Row[]).map(summaryOf);
  }

  get(alert_id: string): AlertRecord | null {
    const row = this.db
      .prepare('select * from surveillance_alerts where alert_id = ?')
      .get(alert_id) as Row | undefined;
    if (row === undefined) return null;
    return {
      ...summaryOf(row),
      evidence: JSON.parse(row.evidence as string) as Evidence,
      history: this.history(alert_id),
    };
  }

  history(alert_id: string): CaseEvent[] {
    const rows = this.db
      .prepare('select * from surveillance_case_events where alert_id = ? order by id')
      .all(alert_id) as Row[];
    return rows.map((r) => ({
      id: r.id as number,
      alert_id: r.alert_id as string,
      from_state: (r.from_state as CaseState | null) ?? null,
      to_state: r.to_state as CaseState,
      actor: r.actor as string,
      reason: (r.reason as CloseReason | null) ?? null,
      note: (r.note as string | null) ?? null,
      at_us: r.at_us as number,
    }));
  }

  /** Moves a case along the workflow, or refuses (nothing changes) with a stable code. */
  transition(request: TransitionRequest): Outcome<AlertRecord> {
    return this.db.transaction((): Outcome<AlertRecord> => {
      const current = this.get(request.alert_id);
      if (current === null)
        return reject('ALERT_NOT_FOUND', `No alert ${request.alert_id}`, {
          alert_id: request.alert_id,
        });
      const refused = checkTransition(current, request);
      if (refused !== undefined) return refused;
      this.db
        .prepare(
          `update surveillance_alerts set state = ?, close_reason = ?, updated_at_us = ?,
           version = version + 1 where alert_id = ? and version = ?`,
        )
        .run(request.to, request.reason ?? null, request.at_us, request.alert_id, current.version);
      this.db
        .prepare(
          `insert into surveillance_case_events (alert_id, from_state, to_state, actor, reason, note, at_us)
           values (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          request.alert_id,
          current.state,
          request.to,
          request.actor,
          request.reason ?? null,
          request.note ?? null,
          request.at_us,
        );
      const updated = this.get(request.alert_id);
      assert(updated !== null && updated.version === current.version + 1, 'case updated once');
      return accept(updated);
    })();
  }

  /** How many alerts are in each case state. */
  counts(): Record<CaseState, number> {
    const counts: Record<CaseState, number> = { open: 0, under_review: 0, escalated: 0, closed: 0 };
    const rows = this.db
      .prepare('select state, count(*) as n from surveillance_alerts group by state')
      .all() as Row[];
    for (const r of rows) counts[r.state as CaseState] = r.n as number;
    return counts;
  }

  close(): void {
    this.db.close();
  }

  private checkVersion(): void {
    const row = this.db
      .prepare("select value from surveillance_meta where key = 'schema_version'")
      .get() as { value: string } | undefined;
    if (row === undefined) {
      this.db
        .prepare("insert into surveillance_meta values ('schema_version', ?)")
        .run(String(STORE_SCHEMA_VERSION));
      return;
    }
    assert(
      Number(row.value) === STORE_SCHEMA_VERSION,
      `alert store schema ${row.value} is not ${STORE_SCHEMA_VERSION}`,
    );
  }
}

function alertParams(alert: Alert): Record<string, unknown> {
  return {
    alert_id: alert.alert_id,
    kind: alert.kind,
    subtype: alert.subtype,
    severity: alert.severity,
    instrument: alert.instrument,
    market: alert.market,
    market_date: alert.market_date,
    window_start_us: alert.window_start_us,
    window_end_us: alert.window_end_us,
    raised_at_us: alert.raised_at_us,
    event_seq: alert.event_seq,
    summary: alert.summary,
    owners: JSON.stringify(alert.owners),
    participants: JSON.stringify(alert.participants),
    evidence: JSON.stringify(alert.evidence),
  };
}

function summaryOf(r: Row): AlertSummary {
  return {
    alert_id: r.alert_id as string,
    kind: r.kind as AlertKind,
    subtype: r.subtype as string,
    severity: r.severity as Severity,
    owners: JSON.parse(r.owners as string) as string[],
    participants: JSON.parse(r.participants as string) as string[],
    instrument: (r.instrument as string | null) ?? null,
    market: (r.market as string | null) ?? null,
    market_date: r.market_date as string,
    window_start_us: r.window_start_us as number,
    window_end_us: r.window_end_us as number,
    raised_at_us: r.raised_at_us as number,
    event_seq: r.event_seq as number,
    summary: r.summary as string,
    state: r.state as CaseState,
    close_reason: (r.close_reason as CloseReason | null) ?? null,
    updated_at_us: r.updated_at_us as number,
    version: r.version as number,
  };
}

function addIn(
  where: string[],
  params: unknown[],
  column: string,
  value: string | readonly string[] | undefined,
): void {
  if (value === undefined) return;
  const values = typeof value === 'string' ? [value] : value;
  if (values.length === 0) return;
  where.push(`${column} in (${values.map(() => '?').join(', ')})`);
  params.push(...values);
}
