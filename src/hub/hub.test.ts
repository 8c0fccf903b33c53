import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command } from '../protocol/index.js';
import { parseCommand } from '../protocol/index.js';
import { cashAccountId, DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { Hub } from './hub.js';
import { restoreHub, snapshotHub } from './state.js';
import { TestHub } from './testing.js';

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

const pay = (id: string, from: string, to: string, amount: string) =>
  wire({
    type: 'ledger.create_transfers',
    transfers: [{ id, debit_account_id: from, credit_account_id: to, amount_minor: amount }],
  });

describe('Hub', () => {
  test('applies the demo genesis and keeps every invariant', () => {
    const t = genesis();
    t.hub.checkInvariants();
    assert.ok(t.hub.state.reference.parties.size > 10);
    assert.ok(t.hub.state.ledger.accounts.size > 50);
  });

  test('numbers events without gaps across commands', () => {
    const t = genesis();
    const a = t.accept(
      'HARBOUR',
      pay('p1', cashAccountId('HARBOUR', 'HKD'), cashAccountId('PEAK', 'HKD'), '100'),
    );
    const b = t.accept(
      'HARBOUR',
      pay('p2', cashAccountId('HARBOUR', 'HKD'), cashAccountId('PEAK', 'HKD'), '100'),
    );
    assert.equal(b.first_event_seq, a.first_event_seq + a.events.length);
  });

  test('a rejected command changes nothing and keeps its code', () => {
    const t = genesis();
    const before = t.hub.digest();
    const result = t.submit(
      'HARBOUR',
      pay('p1', cashAccountId('PEAK', 'HKD'), cashAccountId('HARBOUR', 'HKD'), '100'),
    );
    assert.equal(result.status, 'rejected');
    assert.equal(result.rejection?.code, 'NOT_AUTHORIZED');
    assert.equal(result.events.length, 0);
    // Only the command counter and clock moved; undo those and the state is identical.
    const state = snapshotHub(t.hub.state);
    assert.equal(new Hub(restoreHub({ ...state, seq: state.seq - 1 })).digest(), before);
  });

  test('participants act for their own accounts and for their clients; operators for all', () => {
    const t = genesis();
    const client = t.submit(
      'HARBOUR',
      pay('c1', cashAccountId('hk-retail-chan', 'HKD'), cashAccountId('PEAK', 'HKD'), '100'),
    );
    assert.equal(client.status, 'accepted');
    const stranger = t.submit(
      'PEAK',
      pay('c2', cashAccountId('hk-retail-chan', 'HKD'), cashAccountId('PEAK', 'HKD'), '100'),
    );
    assert.equal(stranger.rejection?.code, 'NOT_AUTHORIZED');
    const operator = t.submit(
      'HUTONG',
      pay('c3', cashAccountId('hk-retail-chan', 'HKD'), cashAccountId('PEAK', 'HKD'), '100'),
    );
    assert.equal(operator.status, 'accepted');
  });

  test('only operators change reference data or open accounts', () => {
    const t = genesis();
    const result = t.submit(
      'HARBOUR',
      wire({
        type: 'reference.register_party',
        party: { id: 'X', name: 'X', roles: ['broker'], jurisdiction: 'HK' },
      }),
    );
    assert.equal(result.rejection?.code, 'NOT_AUTHORIZED');
  });

  test('an idempotency key returns the original result on retry and refuses a different command', () => {
    const t = genesis();
    const command = pay('k1', cashAccountId('HARBOUR', 'HKD'), cashAccountId('PEAK', 'HKD'), '100');
    const first = t.accept('HARBOUR', command, 'key-1');
    const digest = t.hub.digest();
    const retry = t.submit('HARBOUR', command, 'key-1');
    assert.equal(retry.status, 'accepted');
    assert.equal(retry.duplicate_of, first.seq);
    assert.equal(retry.events.length, 0);
    const other = t.submit(
      'HARBOUR',
      pay('k2', cashAccountId('HARBOUR', 'HKD'), cashAccountId('PEAK', 'HKD'), '1'),
      'key-1',
    );
    assert.equal(other.rejection?.code, 'IDEMPOTENCY_KEY_REUSED');
    // Another participant's identical key is its own.
    const theirs = t.submit(
      'PEAK',
      pay('k3', cashAccountId('PEAK', 'HKD'), cashAccountId('HARBOUR', 'HKD'), '1'),
      'key-1',
    );
    assert.equal(theirs.status, 'accepted');
    assert.notEqual(t.hub.digest(), digest);
  });

  test('holds expire when hub time passes, even on an unrelated command', () => {
    const t = genesis();
    t.accept(
      'HARBOUR',
      wire({
        type: 'ledger.create_transfers',
        transfers: [
          {
            id: 'h1',
            action: 'hold',
            debit_account_id: cashAccountId('HARBOUR', 'HKD'),
            credit_account_id: cashAccountId('PEAK', 'HKD'),
            amount_minor: '500',
            timeout_s: 10,
          },
        ],
      }),
    );
    t.advance(11);
    const tick = t.accept('operator', { type: 'hub.tick' });
    assert.deepEqual(
      tick.events.map((e) => e.type),
      ['hold_expired'],
    );
    t.hub.checkInvariants();
  });

  test('replaying the same envelopes gives the same digest; a snapshot restores it exactly', () => {
    const t = genesis();
    t.accept(
      'HARBOUR',
      pay('r1', cashAccountId('HARBOUR', 'HKD'), cashAccountId('PEAK', 'HKD'), '12345'),
    );
    const replay = new Hub();
    for (const e of t.envelopes) replay.apply(e);
    assert.equal(replay.digest(), t.hub.digest());
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
  });

  test('refuses an envelope out of sequence loudly (a sequencer bug, not a user error)', () => {
    const t = genesis();
    assert.throws(() =>
      t.hub.apply({
        seq: t.hub.seq + 2,
        timestamp_us: t.now_us,
        participant: 'operator',
        idempotency_key: null,
        command: { type: 'hub.tick' },
      }),
    );
  });
});
