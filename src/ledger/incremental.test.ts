import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Mulberry32 } from '../kernel/random.js';
import { OPERATOR_ACTOR } from './actor.js';
import { LedgerChecker } from './incremental.js';
import { checkLedgerInvariants } from './invariants.js';
import type { LedgerState } from './state.js';
import { createLedgerState } from './state.js';
import { EventLog, holder, issuance, ledgerText, omnibus, openAccounts } from './testing.js';
import { createTransferBatch } from './transfer_batch.js';
import { createTransfers, expireHolds, type TransferInput } from './transfers.js';
import type { Account } from './types.js';

const SECOND_US = 1_000_000;
const MOUTAI = 'CNE0000018R8';

function run(state: LedgerState, transfers: TransferInput[], timestamp_us = 1_000 * SECOND_US) {
  return createTransfers(state, transfers, {
    actor: OPERATOR_ACTOR,
    timestamp_us,
    sink: new EventLog(),
  });
}

function move(id: string, debit: string, credit: string, amount: bigint): TransferInput {
  return { id, debit_account_id: debit, credit_account_id: credit, amount_minor: amount };
}

function account(state: LedgerState, id: string): Account {
  const found = state.accounts.get(id);
  assert.ok(found, `no account ${id}`);
  return found;
}

/** HKD cash, and Moutai shares held through investor → broker → HKSCC omnibus chains. */
function ledger(): LedgerState {
  const state = createLedgerState();
  openAccounts(state, [
    issuance('HKMA.ISS', 'hkma', 'HKD'),
    holder('alice', 'alice', 'HKD'),
    holder('bob', 'bob', 'HKD'),
    issuance('ISS', 'moutai', MOUTAI),
    holder('mainland.inv', 'zhang', MOUTAI),
    omnibus('HKSCC.CC', 'hkscc', MOUTAI),
    omnibus('BRK1.HKSCC', 'broker1', MOUTAI, 'HKSCC.CC'),
    omnibus('BRK2.HKSCC', 'broker2', MOUTAI, 'HKSCC.CC'),
    holder('inv.a', 'a', MOUTAI, 'BRK1.HKSCC'),
    holder('inv.b', 'b', MOUTAI, 'BRK1.HKSCC'),
    holder('inv.c', 'c', MOUTAI, 'BRK2.HKSCC'),
  ]);
  const funded = run(state, [
    move('mint', 'HKMA.ISS', 'alice', 100_000n),
    move('issue', 'ISS', 'mainland.inv', 10_000n),
    move('nb-a', 'mainland.inv', 'inv.a', 1_000n),
    move('nb-b', 'mainland.inv', 'inv.b', 500n),
  ]);
  assert.ok(funded.ok);
  return state;
}

describe('LedgerChecker: the invariants of what a command changed', () => {
  test('passes on correct work and leaves snapshots unchanged', () => {
    const checked = ledger();
    const plain = ledger();
    const checker = new LedgerChecker(checked);
    for (const state of [checked, plain]) {
      assert.ok(
        run(state, [move('t1', 'alice', 'bob', 300n), move('t2', 'inv.a', 'inv.c', 10n)]).ok,
      );
      assert.ok(
        run(state, [{ ...move('h1', 'bob', 'alice', 50n), action: 'hold', timeout_s: 5 }]).ok,
      );
    }
    const moved = checker.check();
    assert.deepEqual([...moved].map((a) => a.id).sort(), [
      'BRK1.HKSCC',
      'BRK2.HKSCC',
      'alice',
      'bob',
      'inv.a',
      'inv.c',
    ]);
    assert.equal(ledgerText(checked), ledgerText(plain), 'the change log is not state');
    assert.equal(checker.check().size, 0, 'nothing changed since the last check');
    checker.full();
  });

  test('a corrupted touched account fails the step check', () => {
    const state = ledger();
    const checker = new LedgerChecker(state);
    assert.ok(run(state, [move('t1', 'alice', 'bob', 300n)]).ok);
    account(state, 'bob').credits_posted += 1n; // money from nowhere
    assert.throws(() => checker.check(), /asset HKD: root debits ≠ root credits \(posted\)/);
  });

  test('a corrupted omnibus above a touched account fails the step check', () => {
    const state = ledger();
    const checker = new LedgerChecker(state);
    assert.ok(run(state, [move('t1', 'inv.a', 'inv.c', 10n)]).ok);
    account(state, 'BRK2.HKSCC').credits_posted -= 1n;
    // HKSCC.CC, above both brokers, may be summed first: it no longer matches either.
    assert.throws(() => checker.check(), /omnibus (BRK2.HKSCC|HKSCC.CC) posted ≠ its sub-accounts/);
  });

  test('an omnibus is summed over all its sub-accounts, not only the touched ones', () => {
    const state = ledger();
    const checker = new LedgerChecker(state);
    assert.ok(run(state, [move('t1', 'inv.a', 'inv.c', 10n)]).ok);
    account(state, 'inv.b').credits_posted += 7n; // an untouched sibling under BRK1
    assert.throws(() => checker.check(), /omnibus BRK1.HKSCC posted ≠ its sub-accounts/);
  });

  test('a corrupted pending field fails the step check against the holds', () => {
    const state = ledger();
    const checker = new LedgerChecker(state);
    assert.ok(run(state, [{ ...move('h1', 'alice', 'bob', 500n), action: 'hold' }]).ok);
    checker.check();
    assert.ok(run(state, [move('t1', 'alice', 'bob', 1n)]).ok);
    const alice = account(state, 'alice');
    const bob = account(state, 'bob');
    alice.debits_pending -= 500n; // the hold's reservation released, but the hold still pending
    bob.credits_pending -= 500n;
    assert.throws(() => checker.check(), /account alice pending debits ≠ its holds/);
  });

  test('a hold resolved without releasing its reservation fails the step check', () => {
    const state = ledger();
    const checker = new LedgerChecker(state);
    assert.ok(run(state, [{ ...move('h1', 'alice', 'bob', 500n), action: 'hold' }]).ok);
    checker.check();
    const hold = state.holds.get('h1');
    assert.ok(hold);
    // A buggy expiry: the hold is marked expired and counted, but the accounts keep the reservation.
    hold.status = 'expired';
    state.pending_count -= 1;
    state.changes?.hold(hold);
    assert.throws(() => checker.check(), /account alice pending debits ≠ its holds/);
  });

  test('a pending hold the count lost fails the step check', () => {
    const state = ledger();
    const checker = new LedgerChecker(state);
    assert.ok(run(state, [{ ...move('h1', 'alice', 'bob', 500n), action: 'hold' }]).ok);
    state.pending_count -= 1;
    assert.throws(() => checker.check(), /pending hold count drifted/);
  });

  test('a corrupted account the ledger did not record is caught by the full check', () => {
    const state = ledger();
    const checker = new LedgerChecker(state);
    account(state, 'bob').credits_posted += 1n; // no command touched bob
    checker.check();
    assert.throws(() => checker.full(), /asset HKD/);
  });

  test('transfer batches, expiries and rolled-back commands are followed', () => {
    const state = ledger();
    const checker = new LedgerChecker(state);
    const handle = (id: string) => account(state, id).handle;
    const batch = createTransferBatch(
      state,
      {
        id: 'b1',
        codes: ['dvp'],
        count: 2,
        debit_handles: Int32Array.from([handle('alice'), handle('inv.a')]),
        credit_handles: Int32Array.from([handle('bob'), handle('inv.c')]),
        amounts_minor: [100n, 5n],
        code_indices: Uint8Array.from([0, 0]),
        references: ['x', 'x'],
      },
      { actor: OPERATOR_ACTOR, timestamp_us: 1_000 * SECOND_US, sink: new EventLog() },
    );
    assert.ok(batch.ok);
    account(state, 'inv.c').debits_posted += 1n;
    assert.throws(() => checker.check(), /BRK2.HKSCC|inv.c/);
    account(state, 'inv.c').debits_posted -= 1n;
    checker.full();
    assert.ok(
      createTransferBatch(
        state,
        {
          id: 'b2',
          codes: ['dvp'],
          count: 1,
          debit_handles: Int32Array.from([handle('inv.c')]),
          credit_handles: Int32Array.from([handle('inv.b')]),
          amounts_minor: [2n],
          code_indices: Uint8Array.from([0]),
          references: ['y'],
        },
        { actor: OPERATOR_ACTOR, timestamp_us: 1_000 * SECOND_US, sink: new EventLog() },
      ).ok,
    );
    assert.ok(checker.check().has(account(state, 'BRK2.HKSCC')));
    assert.ok(run(state, [{ ...move('h1', 'alice', 'bob', 5n), action: 'hold', timeout_s: 1 }]).ok);
    // The second transfer fails (too much), so the batch's first is undone: nothing changed.
    assert.equal(
      run(state, [move('t1', 'bob', 'alice', 1n), move('t2', 'bob', 'alice', 10n ** 9n)]).ok,
      false,
    );
    checker.check();
    assert.equal(expireHolds(state, 2_000 * SECOND_US, new EventLog()), 1);
    assert.ok(checker.check().has(account(state, 'alice')));
    checker.full();
  });

  test('agrees with the full check over random work', () => {
    const rng = new Mulberry32(13);
    const state = ledger();
    const checker = new LedgerChecker(state);
    const holders = ['alice', 'bob'];
    const shares = ['mainland.inv', 'inv.a', 'inv.b', 'inv.c'];
    const open: string[] = [];
    for (let i = 0; i < 400; i += 1) {
      const now = (1_000 + i) * SECOND_US;
      const pool = rng.chance(0.5) ? holders : shares;
      const from = rng.pick(pool);
      const to = rng.pick(pool.filter((id) => id !== from));
      const amount = BigInt(rng.int(1, 400));
      const kind = rng.int(0, 3);
      if (kind === 0 || open.length === 0) {
        run(state, [move(`t${i}`, from, to, amount)], now);
      } else if (kind === 1) {
        const timeout_s = rng.int(0, 3);
        if (run(state, [{ ...move(`h${i}`, from, to, amount), action: 'hold', timeout_s }], now).ok)
          open.push(`h${i}`);
      } else {
        const pending_id = open.splice(rng.int(0, open.length - 1), 1)[0] as string;
        const action = kind === 2 ? 'post' : 'void';
        run(state, [{ id: `r${i}`, action, pending_id }], now);
      }
      expireHolds(state, now, new EventLog());
      checker.check();
      checkLedgerInvariants(state);
    }
    checker.full();
  });
});
