/**
 * The conformance suite every projection passes: a real hub's results fed in batches, every
 * query checked against the hub's own results, the rows compared with the SQLite projection fed
 * one result at a time (the reference), re-delivery and gaps, a batch abandoned before its commit,
 * and amounts past 2^64. `sqlite.test.ts` and `pg.test.ts` run it.
 * @module
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CommandResult, Envelope } from '../hub/index.js';
import { plainJson } from '../kernel/codec.js';
import {
  BIG_ACCOUNT,
  BIG_AMOUNT_MINOR,
  SCENARIO_EVENT_TYPES,
  scenario,
} from './scenario_testing.js';
import { SqliteProjection } from './sqlite.js';
import type { ProjectionQueries, ProjectionWriter } from './types.js';

export interface OpenedProjection {
  readonly writer: ProjectionWriter;
  readonly queries: ProjectionQueries;
  /** Every table's rows in a fixed order (SqliteProjection.dump, PgProjection.dump). */
  dump(): Promise<Record<string, unknown[]>>;
}

export interface ProjectionFixture {
  /**
   * Opens the fixture's projection (the same store each time until `reset`). `before_commit`
   * must run inside each batch's transaction just before its commit.
   */
  open(before_commit?: () => void): Promise<OpenedProjection>;
  /** Deletes the store: the next `open` starts empty. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

type Results = Array<readonly [Envelope, CommandResult]>;

const RESULTS: Results = scenario().results;

/** The reference rows: the SQLite projection fed one result per batch. */
function referenceDump(results: Results): Record<string, unknown[]> {
  const reference = new SqliteProjection(':memory:');
  for (const entry of results) reference.apply([entry]);
  const dump = withoutVersion(reference.dump());
  reference.close();
  return dump;
}

/** The schema version differs by design between stores; every other row must be equal. */
function withoutVersion(dump: Record<string, unknown[]>): Record<string, unknown[]> {
  const meta = (dump.meta ?? []).filter((row) => (row as { key: string }).key !== 'schema_version');
  return { ...dump, meta };
}

async function applyInBatches(writer: ProjectionWriter, results: Results, size: number) {
  for (let i = 0; i < results.length; i += size) await writer.apply(results.slice(i, i + size));
}

export function projectionConformance(name: string, fixture: ProjectionFixture): void {
  describe(`${name} projection conformance`, () => {
    const reference = referenceDump(RESULTS);
    let opened: OpenedProjection | undefined;
    const fresh = async (before_commit?: () => void) => {
      await opened?.writer.close();
      await fixture.reset();
      opened = await fixture.open(before_commit);
      return opened;
    };
    const reopen = async (before_commit?: () => void) => {
      await opened?.writer.close();
      opened = await fixture.open(before_commit);
      return opened;
    };
    before(() => {
      const seen = new Set(RESULTS.flatMap(([, r]) => r.events.map((e) => e.type)));
      for (const type of SCENARIO_EVENT_TYPES) assert.ok(seen.has(type), `scenario makes ${type}`);
    });
    after(async () => {
      await opened?.writer.close();
      await fixture.dispose();
    });

    test('fed in batches of 7, it holds the rows of the reference fed one by one', async () => {
      const p = await fresh();
      assert.equal(await p.writer.lastSeq(), 0);
      await applyInBatches(p.writer, RESULTS, 7);
      assert.equal(await p.writer.lastSeq(), RESULTS.length);
      assert.deepEqual(withoutVersion(await p.dump()), reference);
    });

    test('fed in one batch, the orders and balances folded within it end as one by one', async () => {
      const p = await fresh();
      await p.writer.apply(RESULTS);
      assert.deepEqual(withoutVersion(await p.dump()), reference);
    });

    test('answers events, commands and originals as the hub produced them', async () => {
      const p = await fresh();
      await applyInBatches(p.writer, RESULTS, 50);
      await checkEvents(p.queries);
      await checkCommands(p.queries);
    });

    test('answers transfers, trades and the financing reader seed as the hub produced them', async () => {
      const p = await fresh();
      await applyInBatches(p.writer, RESULTS, 50);
      await checkTransfers(p.queries);
      await checkTrades(p.queries);
      await checkFinancing(p.queries);
    });

    test('a balance above 2^64 survives exactly', async () => {
      const p = await fresh();
      await applyInBatches(p.writer, RESULTS, 100);
      const accounts = (await p.dump()).accounts as Array<Record<string, unknown>>;
      const big = accounts.find((a) => a.id === BIG_ACCOUNT);
      assert.ok(big !== undefined);
      assert.ok(BigInt(big.credits_posted as string) > BIG_AMOUNT_MINOR);
      const transfers = await p.queries.transfersOf(BIG_ACCOUNT, 1_000);
      const row = transfers.find((t) => t.id === 'big');
      assert.equal(row?.amount_minor, BIG_AMOUNT_MINOR.toString());
    });

    test('results already applied are skipped; a gap is refused with PROJECTION_GAP, nothing changed', async () => {
      const p = await fresh();
      await p.writer.apply(RESULTS.slice(0, 40));
      await p.writer.apply(RESULTS.slice(30, 60));
      assert.equal(await p.writer.lastSeq(), 60);
      const before_gap = await p.dump();
      await assert.rejects(p.writer.apply(RESULTS.slice(61, 70)), {
        code: 'PROJECTION_GAP',
        message: /follow seq 60 without a gap, got seq 62/,
      });
      await assert.rejects(p.writer.apply([...RESULTS.slice(60, 62), ...RESULTS.slice(63, 65)]), {
        code: 'PROJECTION_GAP',
      });
      assert.equal(await p.writer.lastSeq(), 60);
      assert.deepEqual(await p.dump(), before_gap);
      await p.writer.apply(RESULTS.slice(60));
      assert.deepEqual(withoutVersion(await p.dump()), reference);
    });

    test('a batch abandoned before its commit leaves nothing; re-applied, the rows are the same', async () => {
      const p = await fresh();
      await p.writer.apply(RESULTS.slice(0, 100));
      const before_crash = await p.dump();
      const crashing = await reopen(() => {
        throw new Error('crash before commit');
      });
      await assert.rejects(crashing.writer.apply(RESULTS.slice(100)), /crash before commit/);
      const reopened = await reopen();
      assert.equal(await reopened.writer.lastSeq(), 100);
      assert.deepEqual(await reopened.dump(), before_crash);
      await reopened.writer.apply(RESULTS.slice(100));
      assert.equal(await reopened.writer.lastSeq(), RESULTS.length);
      assert.deepEqual(withoutVersion(await reopened.dump()), reference);
    });
  });
}

/** The stored (non-bbo) events the hub produced, with their numbers. */
function expectedEvents() {
  return RESULTS.flatMap(([envelope, result]) =>
    result.events
      .map((event, i) => ({ event_seq: result.first_event_seq + i, envelope, event }))
      .filter(({ event }) => event.type !== 'bbo'),
  );
}

async function checkEvents(q: ProjectionQueries): Promise<void> {
  const expected = expectedEvents();
  const all = await q.eventsAfter(0, 1_000_000, null);
  assert.equal(all.length, expected.length);
  all.forEach((row, i) => {
    const e = expected[i] as (typeof expected)[number];
    assert.equal(row.event_seq, e.event_seq);
    assert.equal(row.seq, e.envelope.seq);
    assert.equal(row.timestamp_us, e.envelope.timestamp_us);
    assert.equal(row.type, e.event.type);
    assert.deepEqual(row.event, JSON.parse(plainJson(e.event)));
  });
  const trades = expected.filter((e) => e.event.type === 'trade');
  const page = await q.eventsAfter((trades[2] as (typeof trades)[number]).event_seq, 3, 'trade');
  assert.deepEqual(
    page.map((r) => r.event_seq),
    trades.slice(3, 6).map((t) => t.event_seq),
  );
  assert.deepEqual(await q.eventsAfter(1_000_000_000, 10, null), []);
}

async function checkCommands(q: ProjectionQueries): Promise<void> {
  const rejected = RESULTS.find(([, r]) => r.status === 'rejected');
  assert.ok(rejected !== undefined);
  const row = await q.commandAt(rejected[0].seq);
  assert.equal(row?.status, 'rejected');
  assert.equal(row?.rejection_code, 'INSUFFICIENT_FUNDS');
  assert.equal(row?.type, 'ledger.create_transfers');
  assert.equal(row?.event_count, rejected[1].events.length);
  const retry = RESULTS.find(([, r]) => r.duplicate_of !== null);
  assert.ok(retry !== undefined);
  const original = retry[1].duplicate_of as number;
  assert.equal((await q.commandAt(retry[0].seq))?.duplicate_of, original);
  const [, first] = RESULTS[original - 1] as Results[number];
  const events = await q.originalEvents(original);
  assert.deepEqual(
    events,
    first.events
      .map((event, i) => ({ event_seq: first.first_event_seq + i, event }))
      .filter(({ event }) => event.type !== 'bbo')
      .map(({ event_seq, event }) => ({ event_seq, event: JSON.parse(plainJson(event)) })),
  );
  assert.equal(await q.commandAt(RESULTS.length + 1), undefined);
  assert.deepEqual(await q.originalEvents(RESULTS.length + 1), []);
}

async function checkTransfers(q: ProjectionQueries): Promise<void> {
  const rows = await q.transfersOf('HARBOUR/HKD', 1_000);
  const status = (id: string) => rows.find((r) => r.id === id)?.hold_status;
  assert.equal(status('hold-post'), 'posted');
  assert.equal(status('hold-void'), 'voided');
  assert.equal(status('hold-late'), 'expired');
  assert.equal(status('keyed'), null);
  const seqs = rows.map((r) => r.command_seq);
  assert.deepEqual(
    seqs,
    [...seqs].sort((a, b) => b - a),
  );
  assert.ok(
    rows.every(
      (r) => r.debit_account_id === 'HARBOUR/HKD' || r.credit_account_id === 'HARBOUR/HKD',
    ),
  );
  assert.equal((await q.transfersOf('HARBOUR/HKD', 2)).length, 2);
  assert.deepEqual(await q.transfersOf('nobody', 10), []);
}

async function checkTrades(q: ProjectionQueries): Promise<void> {
  const trades = expectedEvents().filter((e) => e.event.type === 'trade');
  assert.ok(trades.length > 5);
  const recent = await q.recentTrades(5);
  assert.deepEqual(
    recent,
    trades.slice(-5).map((t) => JSON.parse(plainJson(t.event))),
  );
}

async function checkFinancing(q: ProjectionQueries): Promise<void> {
  const expected = expectedEvents();
  const calls = await q.newestEventsOfType('margin_called', 10);
  const called = expected.filter((e) => e.event.type === 'margin_called');
  assert.deepEqual(
    calls.map((c) => c.event_seq),
    called.map((c) => c.event_seq).reverse(),
  );
  const opened = await q.newestEventWithField('repo_opened', 'repo_id', 'repo-1');
  assert.equal(opened?.type, 'repo_opened');
  assert.equal(await q.newestEventWithField('repo_opened', 'repo_id', 'repo-none'), undefined);
  const valued = expected.filter((e) => e.event.type === 'bond_valuation_published');
  const last = valued[valued.length - 1] as (typeof valued)[number];
  const event = last.event as { isin: string };
  assert.deepEqual(await q.latestValuationTimes(), [
    { isin: event.isin, at_us: last.envelope.timestamp_us },
  ]);
}
