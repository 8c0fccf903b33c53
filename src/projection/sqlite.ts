/**
 * The SQLite projection: a reader of the hub's results that keeps queryable tables of commands,
 * events, accounts with their balances, and transfers. It is a cache of the journal: it can be
 * deleted and rebuilt from it at any time, and it records the last command it has seen so a
 * restart resumes where it stopped.
 * @module
 */

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { CommandResult, Envelope, HubEvent } from '../hub/index.js';
import type { AccountBalance, Transfer } from '../ledger/index.js';
import { eventJson } from './event_json.js';
import { unappliedFrom } from './order.js';
import { batchTransfers, type ProjectedCommand } from './projected.js';
import { PROJECTION_SCHEMA_VERSION, SCHEMA_SQL } from './schema.js';
import { SqliteQueries } from './sqlite_queries.js';
import { prepareStatements, type Statements } from './statements.js';
import { commandRow, commandValues, TABLE_ORDER } from './stored.js';
import type {
  CommandRow,
  LatestValuation,
  ProjectionBatch,
  ProjectionQueries,
  ProjectionWriter,
  StoredEvent,
  TradeEvent,
  TransferRow,
} from './types.js';

export interface SqliteProjectionOptions {
  /**
   * Testing seam: runs inside the batch's transaction after its rows and before its commit. A
   * throw there abandons the transaction, as a process killed at that point would.
   */
  readonly before_commit?: (() => void) | undefined;
}

export class SqliteProjection implements ProjectionQueries {
  readonly db: Database.Database;
  /** The same projection through the asynchronous `ProjectionWriter` interface. */
  readonly writer: ProjectionWriter;
  private readonly statements: Statements;
  private readonly reads: SqliteQueries;
  private readonly applyBatch: (batch: ProjectionBatch) => void;
  private readonly applyProjectedBatch: (commands: readonly ProjectedCommand[]) => void;
  /** Kept in memory: the database changes only through this object while it is open. */
  private applied_seq: number;

  constructor(
    readonly path: string,
    options: SqliteProjectionOptions = {},
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA_SQL);
    this.checkVersion();
    this.statements = prepareStatements(this.db);
    this.reads = new SqliteQueries(this.db);
    const row = this.statements.get_meta.get('last_seq') as { value: string } | undefined;
    this.applied_seq = row === undefined ? 0 : Number(row.value);
    this.applyBatch = this.db.transaction((batch: ProjectionBatch) => {
      const from = unappliedFrom(batch, this.applied_seq);
      for (let i = from; i < batch.length; i += 1) {
        const [envelope, result] = batch[i] as (typeof batch)[number];
        this.applyOne(envelope, result);
      }
      const last = batch[batch.length - 1];
      if (from < batch.length && last !== undefined)
        this.statements.set_meta.run('last_seq', String(last[0].seq));
      options.before_commit?.();
    });
    this.applyProjectedBatch = this.db.transaction((commands: readonly ProjectedCommand[]) => {
      // As `apply`: what is already projected is skipped (a re-delivered batch changes nothing).
      const fresh = commands.filter((command) => command.seq > this.applied_seq);
      for (const command of fresh) this.applyProjectedOne(command);
      const last = fresh[fresh.length - 1];
      if (last !== undefined) this.statements.set_meta.run('last_seq', String(last.seq));
      options.before_commit?.();
    });
    this.writer = sqliteWriter(this);
  }

  get queries(): ProjectionQueries {
    return this;
  }

  /** The last command seq projected; 0 for an empty projection. */
  get last_seq(): number {
    return this.applied_seq;
  }

  /**
   * Projects results in one SQLite transaction (one fsync-free WAL commit). Results at or below
   * `last_seq` are skipped; a gap is refused (`ProjectionGapError`) with nothing applied.
   */
  apply(batch: ProjectionBatch): void {
    if (batch.length === 0) return;
    this.applyBatch(batch);
    this.applied_seq = Math.max(
      this.applied_seq,
      (batch[batch.length - 1] as (typeof batch)[number])[0].seq,
    );
  }

  close(): void {
    this.db.close();
  }

  async eventsAfter(
    after_event_seq: number,
    limit: number,
    type: string | null,
  ): Promise<StoredEvent[]> {
    return this.reads.eventsAfter(after_event_seq, limit, type);
  }

  async originalEvents(seq: number): Promise<Array<{ event_seq: number; event: HubEvent }>> {
    return this.reads.originalEvents(seq);
  }

  async commandAt(seq: number): Promise<CommandRow | undefined> {
    return this.reads.commandAt(seq);
  }

  async transfersOf(account_id: string, limit: number): Promise<TransferRow[]> {
    return this.reads.transfersOf(account_id, limit);
  }

  async recentTrades(limit: number): Promise<TradeEvent[]> {
    return this.reads.recentTrades(limit);
  }

  async newestEventsOfType(type: string, limit: number): Promise<StoredEvent[]> {
    return this.reads.newestEventsOfType(type, limit);
  }

  async newestEventWithField(
    type: string,
    field: string,
    value: string,
  ): Promise<StoredEvent | undefined> {
    return this.reads.newestEventWithField(type, field, value);
  }

  async latestValuationTimes(): Promise<LatestValuation[]> {
    return this.reads.latestValuationTimes();
  }

  /** Every table's rows in a fixed order, for comparing projections (tests, tools). */
  dump(): Record<string, unknown[]> {
    const tables: Record<string, unknown[]> = {};
    for (const [table, order_by] of TABLE_ORDER) {
      const order = order_by.map(([column]) => column).join(', ');
      tables[table] = this.db.prepare(`select * from ${table} order by ${order}`).all();
    }
    return tables;
  }

  private checkVersion(): void {
    const row = this.db.prepare('select value from meta where key = ?').get('schema_version') as
      | { value: string }
      | undefined;
    if (row === undefined) {
      this.db
        .prepare('insert into meta (key, value) values (?, ?)')
        .run('schema_version', String(PROJECTION_SCHEMA_VERSION));
    } else if (Number(row.value) !== PROJECTION_SCHEMA_VERSION) {
      throw new Error(
        `projection schema ${row.value} differs from ${PROJECTION_SCHEMA_VERSION}: delete it to rebuild from the journal`,
      );
    }
  }

  private applyOne(envelope: Envelope, result: CommandResult): void {
    const s = this.statements;
    s.insert_command.run(...commandValues(commandRow(envelope, result)));
    for (let i = 0; i < result.events.length; i += 1) {
      const event = result.events[i] as HubEvent;
      // Best bid and offer changes are market data, several per order: the journal keeps them and
      // the books serve the current ones; the events table keeps the business events.
      if (event.type !== 'bbo') {
        s.insert_event.run(
          result.first_event_seq + i,
          envelope.seq,
          envelope.timestamp_us,
          event.type,
          eventJson(event),
        );
      }
      this.applyEvent(envelope.seq, envelope.timestamp_us, event);
    }
  }

  /**
   * Projects commands prepared by `projectedCommands` (another thread's work: the events arrive
   * as their JSON bodies), in one transaction, giving the same rows as `apply`.
   */
  applyProjected(commands: readonly ProjectedCommand[]): void {
    if (commands.length === 0) return;
    this.applyProjectedBatch(commands);
    const last = commands[commands.length - 1] as ProjectedCommand;
    this.applied_seq = Math.max(this.applied_seq, last.seq);
  }

  private applyProjectedOne(c: ProjectedCommand): void {
    const s = this.statements;
    s.insert_command.run(...commandValues(c));
    for (let i = 0; i < c.bodies.length; i += 1) {
      const body = c.bodies[i] as string;
      const event = JSON.parse(body) as HubEvent;
      s.insert_event.run(c.event_seqs[i], c.seq, c.timestamp_us, event.type, body);
      this.applyEvent(c.seq, c.timestamp_us, event);
    }
  }

  private applyEvent(command_seq: number, at_us: number, event: HubEvent): void {
    const s = this.statements;
    switch (event.type) {
      case 'account_created': {
        const a = event.account;
        s.insert_account.run(
          a.id,
          a.owner,
          a.asset,
          a.purpose,
          a.parent_id,
          a.omnibus ? 1 : 0,
          a.debits_must_not_exceed_credits ? 1 : 0,
          a.credits_must_not_exceed_debits ? 1 : 0,
          a.created_at_us,
        );
        return;
      }
      case 'transfer_created': {
        const t = event.transfer;
        this.insertTransfer(t, command_seq);
        if (t.action === 'post' || t.action === 'void')
          s.set_hold_status.run(t.action === 'post' ? 'posted' : 'voided', t.pending_id);
        this.setBalances(event.balances);
        return;
      }
      case 'transfer_batch_created': {
        for (const transfer of batchTransfers(event.batch))
          this.insertTransfer(transfer, command_seq);
        this.setBalances(event.balances);
        return;
      }
      case 'hold_expired':
        s.set_hold_status.run('expired', event.hold_id);
        this.setBalances(event.balances);
        return;
      case 'account_frozen':
      case 'account_unfrozen':
        s.set_frozen.run(event.type === 'account_frozen' ? 1 : 0, event.account_id);
        return;
      default:
        this.applyMarketEvent(command_seq, at_us, event);
    }
  }

  private insertTransfer(t: Transfer, command_seq: number): void {
    this.statements.insert_transfer.run(
      t.id,
      t.action,
      t.debit_account_id,
      t.credit_account_id,
      t.asset,
      t.amount_minor.toString(),
      t.pending_id || null,
      t.timeout_s,
      t.code,
      t.reference,
      t.submitted_by,
      t.timestamp_us,
      command_seq,
      t.action === 'hold' ? 'pending' : null,
    );
  }

  private setBalances(balances: readonly AccountBalance[]): void {
    for (const b of balances)
      this.statements.set_balance.run(
        b.debits_pending.toString(),
        b.debits_posted.toString(),
        b.credits_pending.toString(),
        b.credits_posted.toString(),
        b.account_id,
      );
  }

  private applyMarketEvent(command_seq: number, at_us: number, event: HubEvent): void {
    const s = this.statements;
    switch (event.type) {
      case 'order_accepted':
        s.insert_order.run(
          event.order_id,
          event.client_order_id,
          event.participant,
          event.owner,
          event.instrument,
          event.market,
          event.route,
          event.venue,
          event.side,
          event.order_type,
          event.time_in_force,
          event.price_units,
          event.quantity_units,
          event.quantity_units,
          event.timestamp_us,
          event.timestamp_us,
        );
        return;
      case 'trade': {
        const e = event;
        s.insert_trade.run(
          e.trade_id,
          e.instrument,
          e.market,
          e.price_units,
          e.quantity_units,
          e.aggressor,
          e.buy_order_id,
          e.sell_order_id,
          e.buyer,
          e.seller,
          e.buyer_participant,
          e.seller_participant,
          e.buy_route,
          e.sell_route,
          e.buy_venue,
          e.sell_venue,
          e.timestamp_us,
          command_seq,
        );
        s.order_traded.run(
          e.quantity_units,
          e.buy_remaining_units,
          e.buy_remaining_units,
          at_us,
          e.buy_order_id,
        );
        s.order_traded.run(
          e.quantity_units,
          e.sell_remaining_units,
          e.sell_remaining_units,
          at_us,
          e.sell_order_id,
        );
        return;
      }
      case 'order_cancelled':
        s.order_cancelled.run(
          event.remaining_units,
          event.remaining_units,
          event.reason,
          at_us,
          event.order_id,
        );
        return;
      case 'order_replaced':
        s.order_replaced.run(
          event.new_price_units,
          event.new_remaining_units,
          at_us,
          event.order_id,
        );
        return;
      default:
        return;
    }
  }
}

/** The asynchronous writer over a SQLite projection: the same transaction, answered at once. */
function sqliteWriter(projection: SqliteProjection): ProjectionWriter {
  return {
    lastSeq: async () => projection.last_seq,
    apply: async (batch) => projection.apply(batch),
    close: async () => projection.close(),
  };
}

/**
 * The last seq a projection file holds, read without changing it (for `hutong verify`); null
 * when the file does not exist or has no meta table yet.
 */
export function projectedSeq(path: string): number | null {
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = db
      .prepare("select name from sqlite_master where type = 'table' and name = 'meta'")
      .get();
    if (table === undefined) return null;
    const row = db.prepare('select value from meta where key = ?').get('last_seq') as
      | { value: string }
      | undefined;
    return row === undefined ? 0 : Number(row.value);
  } finally {
    db.close();
  }
}
