import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { Envelope } from '../hub/index.js';
import { encode } from '../kernel/codec.js';
import { timestampAt } from '../kernel/time.js';
import { parseCommand } from '../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { dataPaths, Journal } from '../storage/index.js';
import { ManualClock } from './clock.js';
import { HubNode } from './node.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-order-record-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(data_dir: string): HubNode {
  return HubNode.open({
    data_dir,
    clock: new ManualClock(DEMO_START_US),
    fsync: 'never',
    snapshot_every_commands: 0,
  });
}

function command(json: Record<string, unknown>) {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

const order = (json: Record<string, unknown>) => command({ type: 'market.submit_order', ...json });

/** Genesis, then orders that fill, rest, carry optional fields and keys, and one refused. */
function tradingDay(node: HubNode, clock: ManualClock): Envelope[] {
  const envelopes: Envelope[] = [];
  const submit = (...args: Parameters<HubNode['submit']>) => {
    node.submit(...args);
    envelopes.push(node.last_envelope as Envelope);
  };
  for (const s of genesisSubmissions()) submit(s.participant, s.command);
  clock.set(timestampAt('2026-01-05', '10:00'));
  const moutai = { instrument: 'CNE0000018R8', price_units: 146_000, quantity_units: 100 };
  for (let i = 0; i < 6; i += 1) {
    submit(
      'BUND',
      order({ ...moutai, client_order_id: `b${i}`, side: 'buy', owner: 'cn-retail-zhang' }),
    );
    submit(
      'PEARL',
      order({ ...moutai, client_order_id: `s${i}`, side: 'sell', owner: 'cn-retail-liu' }),
      `key-${i}`,
    );
  }
  submit(
    'HARBOUR',
    order({
      ...moutai,
      client_order_id: 'nb-1',
      side: 'buy',
      owner: 'hk-inst-fund',
      bcan: '1000000003',
      stp_mode: 'cancel_resting',
    }),
  );
  submit(
    'PEARL',
    order({
      ...moutai,
      client_order_id: 'b0',
      side: 'buy',
      owner: 'cn-retail-liu',
      post_only: true,
    }),
  );
  submit(
    'BUND',
    order({ ...moutai, client_order_id: 'b0', side: 'sell', owner: 'cn-retail-zhang' }),
  ); // duplicate id: refused
  submit('PEARL', command({ type: 'market.cancel_order', client_order_id: 'b0' }));
  return envelopes;
}

/** A journal in `data_dir` holding `envelopes`, each written by `write`. */
function writeJournal(
  data_dir: string,
  envelopes: Envelope[],
  write: (e: Envelope, i: number) => string,
) {
  mkdirSync(data_dir, { recursive: true });
  const journal = Journal.open(dataPaths(data_dir).journal_path, { fsync: 'never' });
  envelopes.forEach((envelope, i) => {
    assert.ok(journal.append(envelope.seq, write(envelope, i)).ok);
  });
  journal.closeSync();
}

function replayed(data_dir: string): { digest: string; snapshot: string; payloads: string[] } {
  const node = open(data_dir);
  const result = {
    digest: node.hub.digest(),
    snapshot: encode(node.hub.snapshot()),
    payloads: [...node.journal.records(1)].map((record) => record.payload),
  };
  node.closeSync();
  return result;
}

test('orders are journaled compact; compact, JSON and mixed journals replay to the same state', () => {
  const clock = new ManualClock(DEMO_START_US);
  const live = HubNode.open({ data_dir: join(dir, 'live'), clock, fsync: 'never' });
  const envelopes = tradingDay(live, clock);
  live.commitSync();
  const digest = live.hub.digest();
  const snapshot = encode(live.hub.snapshot());
  live.closeSync();

  const compact = replayed(join(dir, 'live'));
  const orders = envelopes.filter((e) => e.command.type === 'market.submit_order');
  assert.equal(compact.payloads.filter((p) => p.startsWith('~')).length, orders.length);
  assert.equal(compact.payloads.length, envelopes.length);

  writeJournal(join(dir, 'json'), envelopes, (e) => encode(e));
  writeJournal(join(dir, 'mixed'), envelopes, (e, i) =>
    i % 2 === 0 ? encode(e) : (compact.payloads[i] as string),
  );
  for (const name of ['json', 'mixed']) {
    const other = replayed(join(dir, name));
    assert.equal(other.digest, digest, name);
    // The snapshot's bytes follow key order: a decoded compact record must keep the JSON's.
    assert.equal(other.snapshot, snapshot, name);
  }
  assert.equal(compact.digest, digest);
  assert.equal(compact.snapshot, snapshot);
});
