/**
 * Property tests: random streams of transfers, holds, posts, voids, expiries and failing batches
 * against a flat model of balances (Jepsen's bank), with every invariant checked after every step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OPERATOR_ACTOR } from './actor.js';
import { checkLedgerInvariants } from './invariants.js';
import { restoreLedger, snapshotLedger } from './snapshot.js';
import type { LedgerState } from './state.js';
import { createLedgerState } from './state.js';
import { EventLog, holder, issuance, ledgerText, omnibus, openAccounts } from './testing.js';
import { createTransfers, expireHolds, type TransferInput } from './transfers.js';

const HOLDERS = ['a', 'b', 'c', 'd', 'e'];
const SECOND_US = 1_000_000;

type Op =
  | { kind: 'transfer'; from: number; to: number; amount: number }
  | { kind: 'hold'; from: number; to: number; amount: number; timeout_s: number }
  | { kind: 'post'; hold: number; fraction: number }
  | { kind: 'void'; hold: number }
  | { kind: 'tick'; seconds: number }
  | { kind: 'batch'; ops: Array<{ from: number; to: number; amount: number }> }
  | { kind: 'retry'; index: number };

const account_index = fc.nat(HOLDERS.length - 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('transfer' as const),
    from: account_index,
    to: account_index,
    amount: fc.integer({ min: 1, max: 4_000 }),
  }),
  fc.record({
    kind: fc.constant('hold' as const),
    from: account_index,
    to: account_index,
    amount: fc.integer({ min: 1, max: 4_000 }),
    timeout_s: fc.nat(30),
  }),
  fc.record({
    kind: fc.constant('post' as const),
    hold: fc.nat(50),
    fraction: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({ kind: fc.constant('void' as const), hold: fc.nat(50) }),
  fc.record({ kind: fc.constant('tick' as const), seconds: fc.nat(20) }),
  fc.record({
    kind: fc.constant('batch' as const),
    ops: fc.array(
      fc.record({
        from: account_index,
        to: account_index,
        amount: fc.integer({ min: 1, max: 3_000 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  }),
  fc.record({ kind: fc.constant('retry' as const), index: fc.nat(200) }),
);

interface Harness {
  state: LedgerState;
  now_us: number;
  next_id: number;
  holds: string[];
  sent: TransferInput[];
  /** The model: posted balance and pending debits per holder. */
  posted: Map<string, bigint>;
  pending: Map<string, bigint>;
  hold_amounts: Map<string, { from: string; to: string; amount: bigint; open: boolean }>;
}

function setUp(tiered: boolean): Harness {
  const state = createLedgerState();
  const accounts = [issuance('ISS', 'issuer', 'HKD')];
  if (tiered) accounts.push(omnibus('OMNI', 'broker', 'HKD'));
  // Holders c, d, e sit under an omnibus in the tiered variant.
  for (const [i, h] of HOLDERS.entries())
    accounts.push(holder(h, h, 'HKD', tiered && i >= 2 ? 'OMNI' : undefined));
  openAccounts(state, accounts);
  const harness: Harness = {
    state,
    now_us: 0,
    next_id: 0,
    holds: [],
    sent: [],
    posted: new Map(),
    pending: new Map(),
    hold_amounts: new Map(),
  };
  for (const h of HOLDERS) {
    submit(harness, [
      { id: `mint-${h}`, debit_account_id: 'ISS', credit_account_id: h, amount_minor: 10_000n },
    ]);
    harness.posted.set(h, 10_000n);
    harness.pending.set(h, 0n);
  }
  return harness;
}

function submit(h: Harness, transfers: TransferInput[]) {
  return createTransfers(h.state, transfers, {
    actor: OPERATOR_ACTOR,
    timestamp_us: h.now_us,
    sink: new EventLog(),
  });
}

function available(h: Harness, account: string): bigint {
  return (h.posted.get(account) ?? 0n) - (h.pending.get(account) ?? 0n);
}

function step(h: Harness, o: Op): void {
  const before = ledgerText(h.state);
  const accepted = apply(h, o);
  if (!accepted) assert.equal(ledgerText(h.state), before, `rejected ${o.kind} changed state`);
  checkLedgerInvariants(h.state);
  for (const account of HOLDERS) {
    const real = h.state.accounts.get(account);
    assert.ok(real);
    assert.equal(
      real.credits_posted - real.debits_posted,
      h.posted.get(account),
      `posted ${account}`,
    );
    assert.equal(real.debits_pending, h.pending.get(account), `pending ${account}`);
  }
}

function apply(h: Harness, o: Op): boolean {
  switch (o.kind) {
    case 'transfer':
    case 'hold':
      return move(h, o);
    case 'post':
    case 'void':
      return resolve(h, o);
    case 'tick':
      return tick(h, o.seconds);
    case 'batch':
      return batch(h, o.ops);
    case 'retry': {
      const input = h.sent[o.index % Math.max(1, h.sent.length)];
      if (input === undefined) return false;
      const outcome = submit(h, [input]);
      assert.ok(outcome.ok, 'an identical retry must succeed');
      assert.deepEqual(outcome.value, ['exists']);
      return false; // a retry changes nothing, like a rejection
    }
  }
}

function move(h: Harness, o: Extract<Op, { kind: 'transfer' | 'hold' }>): boolean {
  const from = HOLDERS[o.from] as string;
  const to = HOLDERS[o.to] as string;
  const id = `t${h.next_id++}`;
  const amount = BigInt(o.amount);
  const input: TransferInput =
    o.kind === 'hold'
      ? {
          id,
          action: 'hold',
          debit_account_id: from,
          credit_account_id: to,
          amount_minor: amount,
          timeout_s: o.timeout_s,
        }
      : { id, debit_account_id: from, credit_account_id: to, amount_minor: amount };
  const outcome = submit(h, [input]);
  const expected_ok = from !== to && available(h, from) >= amount;
  assert.equal(
    outcome.ok,
    expected_ok,
    `${o.kind} ${from}->${to} ${amount}: ${outcome.ok ? '' : outcome.code}`,
  );
  if (!outcome.ok) return false;
  h.sent.push(input);
  if (o.kind === 'hold') {
    h.pending.set(from, (h.pending.get(from) ?? 0n) + amount);
    h.hold_amounts.set(id, { from, to, amount, open: true });
    h.holds.push(id);
  } else {
    h.posted.set(from, (h.posted.get(from) ?? 0n) - amount);
    h.posted.set(to, (h.posted.get(to) ?? 0n) + amount);
  }
  return true;
}

function resolve(h: Harness, o: Extract<Op, { kind: 'post' | 'void' }>): boolean {
  const hold_id = h.holds[o.hold % Math.max(1, h.holds.length)];
  if (hold_id === undefined) return false;
  const hold = h.hold_amounts.get(hold_id);
  assert.ok(hold);
  const amount = o.kind === 'post' ? (hold.amount * BigInt(o.fraction)) / 100n : undefined;
  const input: TransferInput = {
    id: `r${h.next_id++}`,
    action: o.kind,
    pending_id: hold_id,
    amount_minor: amount === 0n ? undefined : amount,
  };
  const outcome = submit(h, [input]);
  assert.equal(outcome.ok, hold.open, `${o.kind} of ${hold_id}`);
  if (!outcome.ok) return false;
  h.sent.push(input);
  hold.open = false;
  h.pending.set(hold.from, (h.pending.get(hold.from) ?? 0n) - hold.amount);
  if (o.kind === 'post') {
    const posted = amount === 0n || amount === undefined ? hold.amount : amount;
    h.posted.set(hold.from, (h.posted.get(hold.from) ?? 0n) - posted);
    h.posted.set(hold.to, (h.posted.get(hold.to) ?? 0n) + posted);
  }
  return true;
}

function tick(h: Harness, seconds: number): boolean {
  h.now_us += seconds * SECOND_US;
  expireHolds(h.state, h.now_us, new EventLog());
  for (const [id, hold] of h.hold_amounts) {
    const real = h.state.holds.get(id);
    if (hold.open && real?.status === 'expired') {
      hold.open = false;
      h.pending.set(hold.from, (h.pending.get(hold.from) ?? 0n) - hold.amount);
    }
  }
  return true;
}

function batch(h: Harness, ops: Array<{ from: number; to: number; amount: number }>): boolean {
  const inputs: TransferInput[] = ops.map((o) => ({
    id: `b${h.next_id++}`,
    debit_account_id: HOLDERS[o.from] as string,
    credit_account_id: HOLDERS[o.to] as string,
    amount_minor: BigInt(o.amount),
  }));
  // The model: apply in order on a copy; any failure means nothing applies.
  const posted = new Map(h.posted);
  let ok = true;
  for (const input of inputs) {
    const from = input.debit_account_id as string;
    const to = input.credit_account_id as string;
    const amount = input.amount_minor as bigint;
    if (from === to || (posted.get(from) ?? 0n) - (h.pending.get(from) ?? 0n) < amount) {
      ok = false;
      break;
    }
    posted.set(from, (posted.get(from) ?? 0n) - amount);
    posted.set(to, (posted.get(to) ?? 0n) + amount);
  }
  const outcome = submit(h, inputs);
  assert.equal(outcome.ok, ok, 'batch outcome');
  if (!ok) return false;
  h.posted = posted;
  h.sent.push(...inputs);
  return true;
}

for (const tiered of [false, true]) {
  test(`random operations keep the model, the invariants and all-or-nothing (${tiered ? 'tiered' : 'flat'})`, () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 120 }), (ops) => {
        const h = setUp(tiered);
        for (const o of ops) step(h, o);
      }),
      { numRuns: 150 },
    );
  });
}

test('a restored snapshot equals the original and behaves the same from then on', () => {
  fc.assert(
    fc.property(
      fc.array(op, { maxLength: 60 }),
      fc.array(op, { maxLength: 60 }),
      (prefix, suffix) => {
        const h = setUp(true);
        for (const o of prefix) apply(h, o);
        const copy: Harness = {
          ...h,
          state: restoreLedger(snapshotLedger(h.state)),
          posted: new Map(h.posted),
          pending: new Map(h.pending),
          hold_amounts: new Map([...h.hold_amounts].map(([k, v]) => [k, { ...v }])),
          holds: [...h.holds],
          sent: [...h.sent],
        };
        assert.equal(ledgerText(copy.state), ledgerText(h.state));
        for (const o of suffix) {
          apply(h, o);
          apply(copy, o);
        }
        assert.equal(ledgerText(copy.state), ledgerText(h.state));
        checkLedgerInvariants(copy.state);
      },
    ),
    { numRuns: 80 },
  );
});
