import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { plainJson } from '../kernel/codec.js';
import type { Rejection } from '../kernel/rejection.js';
import { type Actor, OPERATOR_ACTOR, participantActor } from './actor.js';
import { checkLedgerInvariants } from './invariants.js';
import { LEDGER_LIMITS } from './limits.js';
import { restoreLedger, snapshotLedger } from './snapshot.js';
import { createLedgerState, findTransfer, type LedgerState, retainedCount } from './state.js';
import { EventLog, holder, issuance, ledgerText, omnibus, openAccounts } from './testing.js';
import { createTransferBatch, type TransferBatchInput } from './transfer_batch.js';
import { createTransfers, pruneRetained, type TransferInput } from './transfers.js';
import { postedBalance } from './types.js';

const NOW_US = 1_000_000_000;

/** One transfer of a test batch, by account id. */
interface Leg {
  readonly from: string;
  readonly to: string;
  readonly amount: bigint;
  readonly code?: number;
  readonly reference?: string;
}

function batchOf(state: LedgerState, id: string, legs: readonly Leg[]): TransferBatchInput {
  const handle = (account_id: string) => state.accounts.get(account_id)?.handle ?? 1_000_000;
  return {
    id,
    codes: ['dvp_securities', 'dvp_cash'],
    count: legs.length,
    debit_handles: Int32Array.from(legs, (l) => handle(l.from)),
    credit_handles: Int32Array.from(legs, (l) => handle(l.to)),
    amounts_minor: legs.map((l) => l.amount),
    code_indices: Uint8Array.from(legs, (l) => l.code ?? 0),
    references: legs.map((l) => l.reference ?? 'instr-1'),
  };
}

function run(state: LedgerState, input: TransferBatchInput, actor: Actor = OPERATOR_ACTOR) {
  const log = new EventLog();
  const outcome = createTransferBatch(state, input, { actor, timestamp_us: NOW_US, sink: log });
  return { outcome, log };
}

function balance(state: LedgerState, id: string): bigint {
  const account = state.accounts.get(id);
  assert.ok(account, `no account ${id}`);
  return postedBalance(account);
}

/**
 * Bond units and cash issued to alice and bob; carol and dave hold cash as sub-accounts of one
 * broker's omnibus, erin under another broker's; a CCP's bond account may go below zero.
 */
function world(): LedgerState {
  const state = createLedgerState();
  openAccounts(state, [
    issuance('BOND.ISS', 'issuer', 'BOND'),
    issuance('HKD.ISS', 'hkma', 'HKD'),
    holder('alice/BOND', 'alice', 'BOND'),
    holder('bob/BOND', 'bob', 'BOND'),
    holder('alice/HKD', 'alice', 'HKD'),
    holder('bob/HKD', 'bob', 'HKD'),
    omnibus('brk1/HKD', 'brk1', 'HKD'),
    omnibus('brk2/HKD', 'brk2', 'HKD'),
    holder('carol/HKD', 'carol', 'HKD', 'brk1/HKD'),
    holder('dave/HKD', 'dave', 'HKD', 'brk1/HKD'),
    holder('erin/HKD', 'erin', 'HKD', 'brk2/HKD'),
    {
      ...holder('ccp/BOND', 'ccp', 'BOND'),
      purpose: 'settlement',
      debits_must_not_exceed_credits: false,
    },
  ]);
  const mint = (id: string, from: string, to: string, amount: bigint): TransferInput => ({
    id,
    debit_account_id: from,
    credit_account_id: to,
    amount_minor: amount,
    code: 'mint',
  });
  const minted = createTransfers(
    state,
    [
      mint('m1', 'BOND.ISS', 'alice/BOND', 1_000n),
      mint('m2', 'BOND.ISS', 'bob/BOND', 500n),
      mint('m3', 'HKD.ISS', 'alice/HKD', 100_000n),
      mint('m4', 'HKD.ISS', 'bob/HKD', 100_000n),
      mint('m5', 'HKD.ISS', 'carol/HKD', 50_000n),
      mint('m6', 'HKD.ISS', 'erin/HKD', 50_000n),
    ],
    { actor: OPERATOR_ACTOR, timestamp_us: 0, sink: new EventLog() },
  );
  assert.ok(minted.ok);
  return state;
}

/** alice delivers 100 bond units to bob against 10,000 HKD minor. */
const DVP: readonly Leg[] = [
  { from: 'alice/BOND', to: 'bob/BOND', amount: 100n, code: 0 },
  { from: 'bob/HKD', to: 'alice/HKD', amount: 10_000n, code: 1 },
];

describe('createTransferBatch(): columns of plain transfers under one id', () => {
  test('moves every transfer and reports each account it moved once', () => {
    const state = world();
    const legs = [...DVP, { from: 'alice/BOND', to: 'bob/BOND', amount: 5n, reference: 'instr-2' }];
    const { outcome, log } = run(state, batchOf(state, 'B1', legs));
    assert.deepEqual(outcome, { ok: true, value: 'created' });
    assert.equal(balance(state, 'alice/BOND'), 895n);
    assert.equal(balance(state, 'bob/BOND'), 605n);
    assert.equal(balance(state, 'alice/HKD'), 110_000n);
    assert.equal(balance(state, 'bob/HKD'), 90_000n);
    assert.equal(log.events.length, 1);
    const event = log.events[0];
    assert.ok(event?.type === 'transfer_batch_created');
    assert.deepEqual(
      event.balances.map((b) => [b.account_id, b.credits_posted - b.debits_posted]),
      [
        ['alice/BOND', 895n],
        ['bob/BOND', 605n],
        ['bob/HKD', 90_000n],
        ['alice/HKD', 110_000n],
      ],
    );
    assert.equal(retainedCount(state), 6 + 3);
    checkLedgerInvariants(state);
  });

  test('addresses transfer k as <batch>#k, with the fields of a plain transfer', () => {
    const state = world();
    assert.ok(run(state, batchOf(state, 'B1', DVP)).outcome.ok);
    assert.deepEqual(findTransfer(state, 'B1#1'), {
      id: 'B1#1',
      action: 'transfer',
      debit_account_id: 'bob/HKD',
      credit_account_id: 'alice/HKD',
      asset: 'HKD',
      amount_minor: 10_000n,
      pending_id: '',
      timeout_s: 0,
      code: 'dvp_cash',
      reference: 'instr-1',
      submitted_by: OPERATOR_ACTOR.participant,
      timestamp_us: NOW_US,
    });
    for (const id of ['B1#2', 'B1#01', 'B1#', 'B1', 'B2#0', 'B1#-1', 'B1#1.0']) {
      assert.equal(findTransfer(state, id), undefined, id);
    }
  });

  test('readers see a batch as its transfers', () => {
    const state = world();
    const { log } = run(state, batchOf(state, 'B1', DVP));
    const wire = JSON.parse(plainJson(log.events[0]));
    assert.equal(wire.batch.id, 'B1');
    assert.deepEqual(
      wire.batch.transfers.map((t: { id: string; amount_minor: string }) => [t.id, t.amount_minor]),
      [
        ['B1#0', '100'],
        ['B1#1', '10000'],
      ],
    );
  });

  test('moves omnibus chains between brokers, and not between siblings of one broker', () => {
    const state = world();
    const legs: Leg[] = [
      { from: 'carol/HKD', to: 'dave/HKD', amount: 1_000n },
      { from: 'carol/HKD', to: 'erin/HKD', amount: 2_000n },
    ];
    const { outcome, log } = run(state, batchOf(state, 'B1', legs));
    assert.ok(outcome.ok);
    assert.equal(balance(state, 'brk1/HKD'), 50_000n - 2_000n);
    assert.equal(balance(state, 'brk2/HKD'), 50_000n + 2_000n);
    assert.equal(balance(state, 'dave/HKD'), 1_000n);
    const event = log.events[0];
    assert.ok(event?.type === 'transfer_batch_created');
    assert.deepEqual(
      event.balances.map((b) => b.account_id),
      ['carol/HKD', 'dave/HKD', 'brk1/HKD', 'erin/HKD', 'brk2/HKD'],
    );
    checkLedgerInvariants(state);
  });

  test('an identical retry is `exists` and changes nothing; a different one is refused', () => {
    const state = world();
    assert.ok(run(state, batchOf(state, 'B1', DVP)).outcome.ok);
    const before = ledgerText(state);
    const again = run(state, batchOf(state, 'B1', DVP));
    assert.deepEqual(again.outcome, { ok: true, value: 'exists' });
    assert.equal(again.log.events.length, 0);
    const changed = run(
      state,
      batchOf(state, 'B1', [DVP[0] as Leg, { ...(DVP[1] as Leg), amount: 9n }]),
    );
    assert.ok(!changed.outcome.ok);
    assert.equal(changed.outcome.code, 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS');
    assert.equal(changed.outcome.details.field, 'amount_minor');
    const other = run(state, batchOf(state, 'B1', DVP), participantActor('bob'));
    assert.ok(!other.outcome.ok);
    assert.equal(other.outcome.details.field, 'submitted_by');
    assert.equal(ledgerText(state), before);
  });

  test('survives a snapshot: same text, same transfers, same retained count', () => {
    const state = world();
    assert.ok(run(state, batchOf(state, 'B1', DVP)).outcome.ok);
    const restored = restoreLedger(snapshotLedger(state));
    assert.equal(ledgerText(restored), ledgerText(state));
    assert.deepEqual(findTransfer(restored, 'B1#0'), findTransfer(state, 'B1#0'));
    assert.equal(retainedCount(restored), retainedCount(state));
    assert.equal(run(restored, batchOf(restored, 'B1', DVP)).outcome.ok, true);
    checkLedgerInvariants(restored);
  });

  test('is forgotten with the other transfers once its retention ends', () => {
    const state = world();
    assert.ok(run(state, batchOf(state, 'B1', DVP)).outcome.ok);
    const count = retainedCount(state);
    pruneRetained(state, NOW_US + LEDGER_LIMITS.transfer_retention_us);
    assert.equal(findTransfer(state, 'B1#0')?.id, 'B1#0', 'kept up to the retention window');
    pruneRetained(state, NOW_US + LEDGER_LIMITS.transfer_retention_us + 1);
    assert.equal(findTransfer(state, 'B1#0'), undefined);
    assert.equal(retainedCount(state), count - 6 - 2);
    checkLedgerInvariants(state);
  });
});

describe('createTransferBatch(): refusals leave the ledger as it was', () => {
  const refusals: ReadonlyArray<{
    readonly name: string;
    readonly code: string;
    readonly index: number;
    readonly change: (input: TransferBatchInput, state: LedgerState) => TransferBatchInput;
    readonly actor?: Actor;
  }> = [
    {
      name: 'a later leg short of securities',
      code: 'INSUFFICIENT_FUNDS',
      index: 2,
      change: (input, state) =>
        batchOf(state, input.id, [...DVP, { from: 'bob/BOND', to: 'alice/BOND', amount: 601n }]),
    },
    {
      name: 'short through an omnibus chain',
      code: 'INSUFFICIENT_FUNDS',
      index: 1,
      change: (input, state) =>
        batchOf(state, input.id, [
          DVP[0] as Leg,
          { from: 'carol/HKD', to: 'erin/HKD', amount: 50_001n },
        ]),
    },
    {
      name: 'an issuance account credited beyond its debits',
      code: 'CREDITS_EXCEED_DEBITS',
      index: 1,
      change: (input, state) =>
        batchOf(state, input.id, [
          DVP[0] as Leg,
          { from: 'ccp/BOND', to: 'BOND.ISS', amount: 1_501n },
        ]),
    },
    {
      name: 'a missing account handle',
      code: 'ACCOUNT_NOT_FOUND',
      index: 1,
      change: (input, state) =>
        batchOf(state, input.id, [DVP[0] as Leg, { from: 'nobody', to: 'alice/HKD', amount: 1n }]),
    },
    {
      name: 'two different assets',
      code: 'ASSET_MISMATCH',
      index: 0,
      change: (input, state) =>
        batchOf(state, input.id, [{ from: 'alice/BOND', to: 'bob/HKD', amount: 1n }]),
    },
    {
      name: 'the same account twice',
      code: 'ACCOUNTS_MUST_BE_DIFFERENT',
      index: 1,
      change: (input, state) =>
        batchOf(state, input.id, [DVP[0] as Leg, { from: 'bob/HKD', to: 'bob/HKD', amount: 1n }]),
    },
    {
      name: 'an omnibus account as a side',
      code: 'ACCOUNT_IS_OMNIBUS',
      index: 0,
      change: (input, state) =>
        batchOf(state, input.id, [{ from: 'brk1/HKD', to: 'bob/HKD', amount: 1n }]),
    },
    {
      name: 'a zero amount',
      code: 'AMOUNT_INVALID',
      index: 1,
      change: (input, state) =>
        batchOf(state, input.id, [DVP[0] as Leg, { ...(DVP[1] as Leg), amount: 0n }]),
    },
    {
      name: 'a code the batch does not list',
      code: 'TRANSFER_CODE_INVALID',
      index: 1,
      change: (input) => ({ ...input, code_indices: Uint8Array.from([0, 2]) }),
    },
    {
      name: 'a reference longer than 140 characters',
      code: 'REFERENCE_TOO_LONG',
      index: 1,
      change: (input) => ({ ...input, references: ['instr-1', 'x'.repeat(141)] }),
    },
    {
      name: 'a participant debiting an account it does not act for',
      code: 'NOT_AUTHORIZED',
      index: 1,
      change: (input) => input,
      actor: participantActor('alice'),
    },
  ];

  for (const refusal of refusals) {
    test(`${refusal.name}: ${refusal.code} at transfer ${refusal.index}`, () => {
      const state = world();
      const before = ledgerText(state);
      const input = refusal.change(batchOf(state, 'B1', DVP), state);
      const { outcome, log } = run(state, input, refusal.actor);
      assert.ok(!outcome.ok, 'refused');
      assert.equal(outcome.code, refusal.code);
      assert.equal(outcome.details.index, refusal.index);
      assert.equal(outcome.details.id, `B1#${refusal.index}`);
      assert.ok(outcome.message.length > 0);
      assert.equal(log.events.length, 0);
      assert.equal(ledgerText(state), before);
      assert.equal(findTransfer(state, 'B1#0'), undefined);
    });
  }

  test('a frozen account anywhere in the batch', () => {
    const state = world();
    (state.accounts.get('alice/HKD') as { frozen: boolean }).frozen = true;
    const before = ledgerText(state);
    const { outcome } = run(state, batchOf(state, 'B1', DVP));
    assert.ok(!outcome.ok);
    assert.equal(outcome.code, 'ACCOUNT_FROZEN');
    assert.equal(outcome.details.account_id, 'alice/HKD');
    assert.equal(outcome.details.index, 1);
    assert.equal(ledgerText(state), before);
  });

  test('a frozen broker omnibus stops a move between two of its own clients', () => {
    const state = world();
    (state.accounts.get('brk1/HKD') as { frozen: boolean }).frozen = true;
    const before = ledgerText(state);
    const legs = [{ from: 'carol/HKD', to: 'dave/HKD', amount: 100n, code: 1 }];
    const { outcome, log } = run(state, batchOf(state, 'B1', legs));
    assert.ok(!outcome.ok);
    assert.equal(outcome.code, 'ACCOUNT_FROZEN');
    assert.equal(outcome.details.account_id, 'brk1/HKD');
    assert.equal(outcome.details.index, 0);
    assert.equal(log.events.length, 0);
    assert.equal(ledgerText(state), before);
  });

  const shapes: ReadonlyArray<
    readonly [string, string, (input: TransferBatchInput) => TransferBatchInput]
  > = [
    ['an invalid id', 'TRANSFER_ID_INVALID', (input) => ({ ...input, id: 'B#1' })],
    ['no transfers', 'BATCH_EMPTY', (input) => ({ ...input, count: 0 })],
    [
      'a count that is not a whole number',
      'BATCH_COUNT_INVALID',
      (input) => ({ ...input, count: 1.5 }),
    ],
    ['more transfers than the bound', 'BATCH_TOO_LARGE', (input) => ({ ...input, count: 8_190 })],
    [
      'a column shorter than the count',
      'BATCH_COLUMNS_SHORT',
      (input) => ({ ...input, references: ['instr-1'] }),
    ],
    ['no codes', 'BATCH_CODES_INVALID', (input) => ({ ...input, codes: [] })],
    [
      'a code that is not lower_snake_case',
      'TRANSFER_CODE_INVALID',
      (input) => ({ ...input, codes: ['DvP'] }),
    ],
  ];
  for (const [name, code, change] of shapes) {
    test(`${name}: ${code}`, () => {
      const state = world();
      const before = ledgerText(state);
      const { outcome } = run(state, change(batchOf(state, 'B1', DVP)));
      assert.ok(!outcome.ok);
      assert.equal(outcome.code, code);
      assert.equal(ledgerText(state), before);
    });
  }

  test('a full ledger refuses at the first transfer past the retention bound', () => {
    const state = world();
    const before = ledgerText(state);
    const limits = LEDGER_LIMITS as { transfers_retained_max: number };
    const saved = limits.transfers_retained_max;
    try {
      limits.transfers_retained_max = retainedCount(state) + 1;
      const { outcome, log } = run(state, batchOf(state, 'B1', DVP));
      assert.ok(!outcome.ok);
      assert.equal(outcome.code, 'LEDGER_TRANSFERS_FULL');
      assert.equal(outcome.details.index, 1, 'the first transfer still fits');
      assert.equal(outcome.details.id, 'B1#1');
      assert.equal(log.events.length, 0);
      assert.equal(ledgerText(state), before);
      assert.ok(run(state, batchOf(state, 'B1', [DVP[0] as Leg])).outcome.ok, 'one fits');
    } finally {
      limits.transfers_retained_max = saved;
    }
  });

  test('a domain may pass a larger bound than a client', () => {
    const state = world();
    const legs = Array.from({ length: 8_190 }, () => ({
      from: 'alice/HKD',
      to: 'bob/HKD',
      amount: 1n,
    }));
    const log = new EventLog();
    const context = { actor: OPERATOR_ACTOR, timestamp_us: NOW_US, sink: log };
    assert.equal(createTransferBatch(state, batchOf(state, 'B1', legs), context).ok, false);
    assert.ok(createTransferBatch(state, batchOf(state, 'B1', legs), context, 10_000).ok);
    assert.equal(balance(state, 'bob/HKD'), 100_000n + 8_190n);
  });
});

describe('createTransferBatch() property: the same outcome as the same transfers one by one', () => {
  const ACCOUNTS = [
    'alice/HKD',
    'bob/HKD',
    'carol/HKD',
    'dave/HKD',
    'erin/HKD',
    'HKD.ISS',
    'brk1/HKD',
  ];
  const leg = fc.record({
    from: fc.constantFrom(...ACCOUNTS),
    to: fc.constantFrom(...ACCOUNTS),
    amount: fc.bigInt({ min: 0n, max: 120_000n }),
  });

  test('balances, refusal code and index agree with createTransfers', () => {
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 12 }), (legs) => {
        const batched = world();
        const single = world();
        const context = { actor: OPERATOR_ACTOR, timestamp_us: NOW_US, sink: new EventLog() };
        const a = createTransferBatch(batched, batchOf(batched, 'B1', legs), context);
        const inputs: TransferInput[] = legs.map((l, k) => ({
          id: `T${k}`,
          debit_account_id: l.from,
          credit_account_id: l.to,
          amount_minor: l.amount,
          code: 'dvp_securities',
        }));
        const b = createTransfers(single, inputs, context);
        assert.equal(a.ok, b.ok);
        if (!a.ok && !b.ok) {
          assert.equal(a.code, b.code);
          assert.equal((a as Rejection).details.index, (b as Rejection).details.index);
        }
        const balances = (state: LedgerState) =>
          [...state.accounts.values()].map((x) => [x.id, x.debits_posted, x.credits_posted]);
        assert.deepEqual(balances(batched), balances(single));
        checkLedgerInvariants(batched);
      }),
      { numRuns: 300 },
    );
  });
});
