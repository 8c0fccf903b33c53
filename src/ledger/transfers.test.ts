import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Actor, OPERATOR_ACTOR, participantActor } from './actor.js';
import { checkLedgerInvariants } from './invariants.js';
import type { LedgerState } from './state.js';
import { createLedgerState } from './state.js';
import { EventLog, holder, issuance, ledgerText, omnibus, openAccounts } from './testing.js';
import { createTransfers, expireHolds, pruneRetained, type TransferInput } from './transfers.js';
import { postedBalance } from './types.js';

const SECOND_US = 1_000_000;

function run(
  state: LedgerState,
  transfers: TransferInput[],
  actor: Actor = OPERATOR_ACTOR,
  timestamp_us = 1_000 * SECOND_US,
) {
  const log = new EventLog();
  const outcome = createTransfers(state, transfers, { actor, timestamp_us, sink: log });
  return { outcome, log };
}

function balance(state: LedgerState, id: string): bigint {
  const account = state.accounts.get(id);
  assert.ok(account, `no account ${id}`);
  return postedBalance(account);
}

/** HKD issued by HKMA to alice (1,000.00) and bob (0); carol's account is frozen-able. */
function funded(): LedgerState {
  const state = createLedgerState();
  openAccounts(state, [
    issuance('HKMA.ISS', 'hkma', 'HKD'),
    holder('alice', 'alice', 'HKD'),
    holder('bob', 'bob', 'HKD'),
    holder('alice.cny', 'alice', 'CNY'),
    {
      ...holder('clearing', 'ccp', 'HKD'),
      purpose: 'settlement',
      debits_must_not_exceed_credits: false,
    },
  ]);
  const minted = run(state, [
    {
      id: 'mint-1',
      debit_account_id: 'HKMA.ISS',
      credit_account_id: 'alice',
      amount_minor: 100_000n,
      code: 'mint',
    },
  ]);
  assert.ok(minted.outcome.ok);
  return state;
}

describe('createTransfers(): single-phase transfers', () => {
  test('moves money and reports the balances it left', () => {
    const state = funded();
    const { outcome, log } = run(
      state,
      [{ id: 't1', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 2_500n }],
      participantActor('alice'),
    );
    assert.deepEqual(outcome, { ok: true, value: ['created'] });
    assert.equal(balance(state, 'alice'), 97_500n);
    assert.equal(balance(state, 'bob'), 2_500n);
    const event = log.events[0];
    assert.ok(event?.type === 'transfer_created');
    assert.deepEqual(
      event.balances.map((b) => [b.account_id, b.credits_posted - b.debits_posted]),
      [
        ['alice', 97_500n],
        ['bob', 2_500n],
      ],
    );
    checkLedgerInvariants(state);
  });

  test('an identical retry returns exists and moves nothing', () => {
    const state = funded();
    const t = {
      id: 't1',
      debit_account_id: 'alice',
      credit_account_id: 'bob',
      amount_minor: 2_500n,
    };
    run(state, [t], participantActor('alice'));
    const before = ledgerText(state);
    const { outcome, log } = run(state, [t], participantActor('alice'));
    assert.deepEqual(outcome, { ok: true, value: ['exists'] });
    assert.equal(log.events.length, 0);
    assert.equal(ledgerText(state), before);
  });

  test('the same id with a different body is rejected, naming the field', () => {
    const state = funded();
    run(
      state,
      [{ id: 't1', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 2_500n }],
      participantActor('alice'),
    );
    const { outcome } = run(
      state,
      [{ id: 't1', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 2_501n }],
      participantActor('alice'),
    );
    assert.equal(!outcome.ok && outcome.code, 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS');
    assert.equal(!outcome.ok && outcome.details.field, 'amount_minor');
  });

  const rejections: Array<[string, TransferInput, Actor?]> = [
    [
      'INSUFFICIENT_FUNDS',
      { id: 'x', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 100_001n },
    ],
    [
      'ACCOUNT_NOT_FOUND',
      { id: 'x', debit_account_id: 'nobody', credit_account_id: 'bob', amount_minor: 1n },
    ],
    [
      'ACCOUNTS_MUST_BE_DIFFERENT',
      { id: 'x', debit_account_id: 'alice', credit_account_id: 'alice', amount_minor: 1n },
    ],
    [
      'ASSET_MISMATCH',
      { id: 'x', debit_account_id: 'alice', credit_account_id: 'alice.cny', amount_minor: 1n },
    ],
    [
      'AMOUNT_INVALID',
      { id: 'x', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 0n },
    ],
    ['TRANSFER_FIELD_MISSING', { id: 'x', debit_account_id: 'alice', credit_account_id: 'bob' }],
    [
      'TRANSFER_FIELD_NOT_ALLOWED',
      {
        id: 'x',
        debit_account_id: 'alice',
        credit_account_id: 'bob',
        amount_minor: 1n,
        timeout_s: 5,
      },
    ],
    [
      'TRANSFER_ID_INVALID',
      { id: '', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 1n },
    ],
    [
      'TRANSFER_CODE_INVALID',
      {
        id: 'x',
        debit_account_id: 'alice',
        credit_account_id: 'bob',
        amount_minor: 1n,
        code: 'Not Snake',
      },
    ],
    [
      'REFERENCE_TOO_LONG',
      {
        id: 'x',
        debit_account_id: 'alice',
        credit_account_id: 'bob',
        amount_minor: 1n,
        reference: 'r'.repeat(141),
      },
    ],
    [
      'NOT_AUTHORIZED',
      { id: 'x', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 1n },
      participantActor('bob'),
    ],
    [
      'CREDITS_EXCEED_DEBITS',
      {
        id: 'x',
        debit_account_id: 'clearing',
        credit_account_id: 'HKMA.ISS',
        amount_minor: 100_001n,
      },
    ],
  ];
  for (const [code, input, actor] of rejections) {
    test(`rejects with ${code} and leaves the ledger unchanged`, () => {
      const state = funded();
      const before = ledgerText(state);
      const { outcome, log } = run(state, [input], actor);
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.code, code);
      assert.ok(!outcome.ok && outcome.message.length > 0);
      assert.equal(log.events.length, 0);
      assert.equal(ledgerText(state), before);
    });
  }

  test('redeeming is crediting the issuance account back, down to zero issuance', () => {
    const state = funded();
    const { outcome } = run(state, [
      {
        id: 'burn',
        debit_account_id: 'alice',
        credit_account_id: 'HKMA.ISS',
        amount_minor: 100_000n,
      },
    ]);
    assert.ok(outcome.ok);
    assert.equal(balance(state, 'HKMA.ISS'), 0n);
    checkLedgerInvariants(state);
  });

  test('a frozen account can neither pay nor be paid', () => {
    const state = funded();
    const alice = state.accounts.get('alice');
    assert.ok(alice);
    alice.frozen = true;
    const out = run(state, [
      { id: 'x', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 1n },
    ]);
    assert.equal(!out.outcome.ok && out.outcome.code, 'ACCOUNT_FROZEN');
    const into = run(state, [
      { id: 'y', debit_account_id: 'HKMA.ISS', credit_account_id: 'alice', amount_minor: 1n },
    ]);
    assert.equal(!into.outcome.ok && into.outcome.code, 'ACCOUNT_FROZEN');
  });
});

describe('createTransfers(): a freeze and the narrowing of a reservation (issue 12 item 1)', () => {
  const hold = (id: string, amount: bigint, extra: Partial<TransferInput> = {}): TransferInput => ({
    id,
    action: 'hold',
    debit_account_id: 'alice',
    credit_account_id: 'clearing',
    amount_minor: amount,
    ...extra,
  });
  const voidOf = (pending_id: string): TransferInput => ({
    id: `${pending_id}/void`,
    action: 'void',
    pending_id,
  });
  /** alice holds 600.00 towards the clearing account, then an account is frozen. */
  function reserved(frozen: string, extra: Partial<TransferInput> = {}): LedgerState {
    const state = funded();
    assert.ok(run(state, [hold('h1', 60_000n, extra)]).outcome.ok);
    const account = state.accounts.get(frozen);
    assert.ok(account);
    account.frozen = true;
    return state;
  }

  test('a hold that replaces one voided in the same batch, on the same accounts, for less, passes a freeze on either side', () => {
    for (const frozen of ['alice', 'clearing']) {
      const state = reserved(frozen);
      const { outcome } = run(state, [voidOf('h1'), hold('h2', 20_000n)]);
      assert.ok(outcome.ok, frozen);
      assert.equal(state.accounts.get('alice')?.debits_pending, 20_000n);
      assert.equal(state.accounts.get('clearing')?.credits_pending, 20_000n);
      checkLedgerInvariants(state);
      // The freeze still stops the posting of the narrowed hold, and any new reservation.
      const post = run(state, [{ id: 'p', action: 'post', pending_id: 'h2' }]);
      assert.equal(!post.outcome.ok && post.outcome.code, 'ACCOUNT_FROZEN');
      const fresh = run(state, [hold('h3', 1n)]);
      assert.equal(!fresh.outcome.ok && fresh.outcome.code, 'ACCOUNT_FROZEN');
    }
  });

  test('several holds may share what the voids released, and no more', () => {
    const state = reserved('alice');
    const { outcome } = run(state, [voidOf('h1'), hold('h2', 40_000n), hold('h3', 20_000n)]);
    assert.ok(outcome.ok);
    assert.equal(state.accounts.get('alice')?.debits_pending, 60_000n);
    const again = reserved('alice');
    const over = run(again, [voidOf('h1'), hold('h2', 40_000n), hold('h3', 20_001n)]);
    assert.equal(!over.outcome.ok && over.outcome.code, 'ACCOUNT_FROZEN');
    assert.equal(!over.outcome.ok && over.outcome.details.index, 2);
    assert.equal(again.accounts.get('alice')?.debits_pending, 60_000n); // all undone
  });

  test('a freeze still stops a hold that grows the reservation, moves it elsewhere, outlasts it, or follows no void', () => {
    const cases: [string, TransferInput[], Partial<TransferInput>][] = [
      ['larger', [voidOf('h1'), hold('h2', 60_001n)], {}],
      ['other credit', [voidOf('h1'), hold('h2', 1n, { credit_account_id: 'bob' })], {}],
      ['before the void', [hold('h2', 1n), voidOf('h1')], {}],
      ['no timeout after one', [voidOf('h1'), hold('h2', 1n)], { timeout_s: 60 }],
      ['longer timeout', [voidOf('h1'), hold('h2', 1n, { timeout_s: 61 })], { timeout_s: 60 }],
    ];
    for (const [name, batch, first] of cases) {
      const state = reserved('alice', first);
      const before = ledgerText(state);
      const { outcome } = run(state, batch);
      assert.equal(!outcome.ok && outcome.code, 'ACCOUNT_FROZEN', name);
      assert.equal(ledgerText(state), before, name);
    }
    // The same timeout or a shorter one narrows it.
    const state = reserved('alice', { timeout_s: 60 });
    assert.ok(run(state, [voidOf('h1'), hold('h2', 1n, { timeout_s: 60 })]).outcome.ok);
  });
});

describe('createTransfers(): batches', () => {
  test('are all-or-nothing: a failure undoes every earlier transfer of the batch', () => {
    const state = funded();
    const before = ledgerText(state);
    const { outcome, log } = run(state, [
      { id: 'a', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 60_000n },
      {
        id: 'b',
        action: 'hold',
        debit_account_id: 'alice',
        credit_account_id: 'bob',
        amount_minor: 10_000n,
        timeout_s: 60,
      },
      { id: 'c', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 30_001n },
    ]);
    assert.equal(!outcome.ok && outcome.code, 'INSUFFICIENT_FUNDS');
    assert.equal(!outcome.ok && outcome.details.index, 2);
    assert.equal(!outcome.ok && outcome.details.id, 'c');
    assert.equal(log.events.length, 0);
    assert.equal(ledgerText(state), before);
    assert.equal(state.expiry.size, 0);
  });

  test('apply in order, each seeing the ones before (hold then post in one batch)', () => {
    const state = funded();
    const { outcome } = run(state, [
      {
        id: 'h',
        action: 'hold',
        debit_account_id: 'alice',
        credit_account_id: 'bob',
        amount_minor: 10_000n,
      },
      { id: 'p', action: 'post', pending_id: 'h', amount_minor: 4_000n },
    ]);
    assert.deepEqual(outcome, { ok: true, value: ['created', 'created'] });
    assert.equal(balance(state, 'bob'), 4_000n);
    assert.equal(state.accounts.get('alice')?.debits_pending, 0n);
    checkLedgerInvariants(state);
  });

  test('refuse empty and oversized batches', () => {
    const state = funded();
    const empty = run(state, []);
    assert.equal(!empty.outcome.ok && empty.outcome.code, 'BATCH_EMPTY');
    const many = Array.from({ length: 8_190 }, (_, i) => ({
      id: `t${i}`,
      debit_account_id: 'alice',
      credit_account_id: 'bob',
      amount_minor: 1n,
    }));
    const big = run(state, many);
    assert.equal(!big.outcome.ok && big.outcome.code, 'BATCH_TOO_LARGE');
    assert.equal(balance(state, 'bob'), 0n);
  });

  test('a domain step may pass a larger bound; the batch stays all or nothing', () => {
    const state = funded();
    const context = {
      actor: OPERATOR_ACTOR,
      timestamp_us: 1_000 * SECOND_US,
      sink: new EventLog(),
    };
    const many: TransferInput[] = Array.from({ length: 9_000 }, (_, i) => ({
      id: `n${i}`,
      debit_account_id: 'alice',
      credit_account_id: 'bob',
      amount_minor: 1n,
    }));
    const refused = createTransfers(state, many, context, 8_999);
    assert.equal(!refused.ok && refused.code, 'BATCH_TOO_LARGE');
    assert.equal(!refused.ok && refused.details.maximum, 8_999);
    // Alice has 1,000.00: the last transfer asks for more than is left after the 8,999 before it.
    const last = { ...(many[8_999 - 1] as TransferInput), id: 'n-last', amount_minor: 99_000n };
    const overdrawn = createTransfers(state, [...many.slice(0, 8_999), last], context, 9_000);
    assert.equal(!overdrawn.ok && overdrawn.code, 'INSUFFICIENT_FUNDS');
    assert.equal(!overdrawn.ok && overdrawn.details.index, 8_999);
    assert.equal(balance(state, 'bob'), 0n, 'every transfer before the refusal was undone');
    const settled = createTransfers(state, many, context, 9_000);
    assert.ok(settled.ok);
    assert.equal(balance(state, 'bob'), 9_000n);
    checkLedgerInvariants(state);
  });
});

describe('createTransfers(): two-phase holds', () => {
  function held(): LedgerState {
    const state = funded();
    const { outcome } = run(
      state,
      [
        {
          id: 'h',
          action: 'hold',
          debit_account_id: 'alice',
          credit_account_id: 'bob',
          amount_minor: 30_000n,
          timeout_s: 60,
        },
      ],
      participantActor('alice'),
    );
    assert.ok(outcome.ok);
    return state;
  }

  test('a hold reserves: the money is no longer available but not yet moved', () => {
    const state = held();
    assert.equal(balance(state, 'alice'), 100_000n);
    assert.equal(state.accounts.get('alice')?.debits_pending, 30_000n);
    const overdraw = run(state, [
      { id: 'x', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 70_001n },
    ]);
    assert.equal(!overdraw.outcome.ok && overdraw.outcome.code, 'INSUFFICIENT_FUNDS');
    checkLedgerInvariants(state);
  });

  test('a partial post moves part and releases the rest', () => {
    const state = held();
    const { outcome } = run(
      state,
      [{ id: 'p', action: 'post', pending_id: 'h', amount_minor: 12_000n }],
      participantActor('alice'),
    );
    assert.ok(outcome.ok);
    assert.equal(balance(state, 'alice'), 88_000n);
    assert.equal(balance(state, 'bob'), 12_000n);
    assert.equal(state.accounts.get('alice')?.debits_pending, 0n);
    assert.equal(state.holds.get('h')?.status, 'posted');
    checkLedgerInvariants(state);
  });

  test('a void releases everything', () => {
    const state = held();
    assert.ok(
      run(state, [{ id: 'v', action: 'void', pending_id: 'h' }], participantActor('alice')).outcome
        .ok,
    );
    assert.equal(state.accounts.get('alice')?.debits_pending, 0n);
    assert.equal(balance(state, 'bob'), 0n);
    checkLedgerInvariants(state);
  });

  test('a hold resolves at most once', () => {
    const state = held();
    assert.ok(run(state, [{ id: 'p', action: 'post', pending_id: 'h' }]).outcome.ok);
    const twice = run(state, [{ id: 'p2', action: 'post', pending_id: 'h' }]);
    assert.equal(!twice.outcome.ok && twice.outcome.code, 'HOLD_ALREADY_POSTED');
    const voided = run(state, [{ id: 'v', action: 'void', pending_id: 'h' }]);
    assert.equal(!voided.outcome.ok && voided.outcome.code, 'HOLD_ALREADY_POSTED');
  });

  test('a retried post naming other accounts than its hold is a mismatch, not exists', () => {
    const state = held();
    const alice = participantActor('alice');
    const post: TransferInput = { id: 'p', action: 'post', pending_id: 'h' };
    assert.ok(run(state, [post], alice).outcome.ok);
    const same = run(
      state,
      [{ ...post, debit_account_id: 'alice', credit_account_id: 'bob' }],
      alice,
    );
    assert.deepEqual(same.outcome.ok && same.outcome.value, ['exists']);
    const before = ledgerText(state);
    for (const [field, changed] of [
      ['debit_account_id', { ...post, debit_account_id: 'clearing' }],
      ['credit_account_id', { ...post, credit_account_id: 'clearing' }],
    ] as const) {
      const { outcome, log } = run(state, [changed], alice);
      assert.ok(!outcome.ok, `${field} answered exists`);
      assert.equal(outcome.code, 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS');
      assert.equal(outcome.details.field, field);
      assert.equal(log.events.length, 0);
      assert.equal(ledgerText(state), before);
    }
  });

  const resolution_rejections: Array<[string, TransferInput, Actor?]> = [
    ['POST_EXCEEDS_HOLD', { id: 'p', action: 'post', pending_id: 'h', amount_minor: 30_001n }],
    ['HOLD_NOT_FOUND', { id: 'p', action: 'post', pending_id: 'nope' }],
    ['TRANSFER_FIELD_MISSING', { id: 'p', action: 'post' }],
    [
      'HOLD_ACCOUNTS_MISMATCH',
      { id: 'p', action: 'post', pending_id: 'h', credit_account_id: 'alice.cny' },
    ],
    ['AMOUNT_INVALID', { id: 'p', action: 'void', pending_id: 'h', amount_minor: 5n }],
    ['NOT_AUTHORIZED', { id: 'p', action: 'post', pending_id: 'h' }, participantActor('bob')],
  ];
  for (const [code, input, actor] of resolution_rejections) {
    test(`rejects a resolution with ${code} and leaves the ledger unchanged`, () => {
      const state = held();
      const before = ledgerText(state);
      const { outcome } = run(state, [input], actor ?? participantActor('alice'));
      assert.equal(!outcome.ok && outcome.code, code);
      assert.equal(ledgerText(state), before);
    });
  }

  test('expire on hub time, in order, and can then be neither posted nor voided', () => {
    const state = held();
    const now = 1_000 * SECOND_US;
    const early = new EventLog();
    assert.equal(expireHolds(state, now + 59 * SECOND_US, early), 0);
    const log = new EventLog();
    assert.equal(expireHolds(state, now + 60 * SECOND_US, log), 1);
    assert.deepEqual(
      log.events.map((e) => e.type),
      ['hold_expired'],
    );
    assert.equal(state.accounts.get('alice')?.debits_pending, 0n);
    const late = run(
      state,
      [{ id: 'p', action: 'post', pending_id: 'h' }],
      OPERATOR_ACTOR,
      now + 61 * SECOND_US,
    );
    assert.equal(!late.outcome.ok && late.outcome.code, 'HOLD_ALREADY_EXPIRED');
    checkLedgerInvariants(state);
  });

  test('a post after the deadline is refused even before the expiry sweep runs', () => {
    const state = held();
    const late = run(
      state,
      [{ id: 'p', action: 'post', pending_id: 'h' }],
      OPERATOR_ACTOR,
      1_060 * SECOND_US,
    );
    assert.equal(!late.outcome.ok && late.outcome.code, 'HOLD_ALREADY_EXPIRED');
  });

  test('a resolved hold leaves a stale expiry entry that never fires', () => {
    const state = held();
    run(state, [{ id: 'v', action: 'void', pending_id: 'h' }]);
    const log = new EventLog();
    assert.equal(expireHolds(state, 2_000 * SECOND_US, log), 0);
    assert.equal(log.events.length, 0);
  });
});

describe('omnibus chains: investor → broker → HKSCC → ChinaClear', () => {
  const MOUTAI = 'CNE0000018R8';
  function tiers(): LedgerState {
    const state = createLedgerState();
    openAccounts(state, [
      issuance('ISS', 'moutai', MOUTAI),
      holder('mainland.inv', 'zhang', MOUTAI),
      omnibus('HKSCC.CC', 'hkscc', MOUTAI),
      omnibus('BRK1.HKSCC', 'broker1', MOUTAI, 'HKSCC.CC'),
      omnibus('BRK2.HKSCC', 'broker2', MOUTAI, 'HKSCC.CC'),
      holder('inv.a', 'a', MOUTAI, 'BRK1.HKSCC'),
      holder('inv.b', 'b', MOUTAI, 'BRK1.HKSCC'),
      holder('inv.c', 'c', MOUTAI, 'BRK2.HKSCC'),
    ]);
    assert.ok(
      run(state, [
        {
          id: 'issue',
          debit_account_id: 'ISS',
          credit_account_id: 'mainland.inv',
          amount_minor: 10_000n,
        },
        {
          id: 'nb-buy',
          debit_account_id: 'mainland.inv',
          credit_account_id: 'inv.a',
          amount_minor: 1_000n,
        },
      ]).outcome.ok,
    );
    return state;
  }

  test('shares entering the nominee chain move every tier', () => {
    const state = tiers();
    assert.equal(balance(state, 'inv.a'), 1_000n);
    assert.equal(balance(state, 'BRK1.HKSCC'), 1_000n);
    assert.equal(balance(state, 'HKSCC.CC'), 1_000n);
    checkLedgerInvariants(state);
  });

  test('a move inside one broker touches no omnibus', () => {
    const state = tiers();
    const { log } = run(state, [
      { id: 'm', debit_account_id: 'inv.a', credit_account_id: 'inv.b', amount_minor: 300n },
    ]);
    assert.equal(state.accounts.get('BRK1.HKSCC')?.debits_posted, 0n);
    const event = log.events[0];
    assert.ok(event?.type === 'transfer_created');
    assert.deepEqual(
      event.balances.map((b) => b.account_id),
      ['inv.a', 'inv.b'],
    );
    checkLedgerInvariants(state);
  });

  test('a move between brokers moves both broker omnibuses, not HKSCC', () => {
    const state = tiers();
    run(state, [
      { id: 'm', debit_account_id: 'inv.a', credit_account_id: 'inv.c', amount_minor: 400n },
    ]);
    assert.equal(balance(state, 'BRK1.HKSCC'), 600n);
    assert.equal(balance(state, 'BRK2.HKSCC'), 400n);
    assert.equal(balance(state, 'HKSCC.CC'), 1_000n);
    assert.equal(state.accounts.get('HKSCC.CC')?.debits_posted, 0n);
    checkLedgerInvariants(state);
  });

  test('an omnibus is never a side of a transfer itself', () => {
    const state = tiers();
    const { outcome } = run(state, [
      {
        id: 'm',
        debit_account_id: 'HKSCC.CC',
        credit_account_id: 'mainland.inv',
        amount_minor: 1n,
      },
    ]);
    assert.equal(!outcome.ok && outcome.code, 'ACCOUNT_IS_OMNIBUS');
  });

  test('a frozen broker omnibus blocks a move from one of its clients to another broker', () => {
    const state = tiers();
    const broker = state.accounts.get('BRK1.HKSCC');
    assert.ok(broker);
    broker.frozen = true;
    const { outcome } = run(state, [
      { id: 'm', debit_account_id: 'inv.a', credit_account_id: 'inv.c', amount_minor: 1n },
    ]);
    assert.equal(!outcome.ok && outcome.code, 'ACCOUNT_FROZEN');
    assert.equal(!outcome.ok && outcome.details.account_id, 'BRK1.HKSCC');
  });

  test('a frozen broker omnibus blocks a move between two of its own clients', () => {
    const state = tiers();
    const broker = state.accounts.get('BRK1.HKSCC');
    assert.ok(broker);
    broker.frozen = true;
    const before = ledgerText(state);
    const { outcome, log } = run(state, [
      { id: 'm', debit_account_id: 'inv.a', credit_account_id: 'inv.b', amount_minor: 1n },
    ]);
    assert.equal(!outcome.ok && outcome.code, 'ACCOUNT_FROZEN');
    assert.equal(!outcome.ok && outcome.details.account_id, 'BRK1.HKSCC');
    assert.equal(log.events.length, 0);
    assert.equal(ledgerText(state), before);
  });

  test('issue 12 item 1: a frozen broker omnibus does not stop a hold narrowing one voided in the same batch', () => {
    const state = tiers();
    assert.ok(
      run(state, [
        {
          id: 'h1',
          action: 'hold',
          debit_account_id: 'inv.a',
          credit_account_id: 'inv.c',
          amount_minor: 500n,
        },
      ]).outcome.ok,
    );
    const broker = state.accounts.get('BRK1.HKSCC');
    assert.ok(broker);
    broker.frozen = true;
    const { outcome } = run(state, [
      { id: 'h1/void', action: 'void', pending_id: 'h1' },
      {
        id: 'h2',
        action: 'hold',
        debit_account_id: 'inv.a',
        credit_account_id: 'inv.c',
        amount_minor: 200n,
      },
    ]);
    assert.ok(outcome.ok);
    assert.equal(state.accounts.get('BRK1.HKSCC')?.debits_pending, 200n);
    checkLedgerInvariants(state);
  });
});

describe('pruneRetained()', () => {
  test('forgets completed transfers after the retention window, oldest first', () => {
    const state = funded();
    run(
      state,
      [{ id: 'late', debit_account_id: 'alice', credit_account_id: 'bob', amount_minor: 1n }],
      OPERATOR_ACTOR,
      50_000 * SECOND_US,
    );
    const day_us = 86_400 * SECOND_US;
    assert.equal(pruneRetained(state, 1_000 * SECOND_US + day_us - 1), 0);
    assert.equal(pruneRetained(state, 1_000 * SECOND_US + day_us + 1), 1);
    assert.ok(!state.known.has('mint-1'));
    assert.ok(state.known.has('late'));
  });
});
