/**
 * No PvP leg settles alone, in the hub, with failures injected at every step (issue 16;
 * docs/payments.md §9.6). Random runs of commands: proxies registered and removed, quotes (good,
 * stale, from a bank with no link position, at another rate), payments both ways in both
 * currencies, credit confirmations, recalls, returns and their refusals, expiry and the timeout
 * sweep as the hub's clock moves, settings changed, and the operator draining, refilling or
 * freezing the accounts a step needs (payer short of funds, link bank short of liquidity, payee
 * account missing or closed), a restart from the snapshot now and then. After every command:
 * - money is conserved per asset across all accounts;
 * - every payment has moved all its legs, in both currencies, or none, and what it undid is
 *   exactly what it did;
 * - the limit counters hold exactly the payments still live, within their caps;
 * - a refused command changed nothing (the state's digest) and said nothing.
 * At the end, the journal replays to the same digest.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { encode } from '../../kernel/codec.js';
import { sha256Hex } from '../../kernel/digest.js';
import { findTransfer, type Transfer } from '../../ledger/index.js';
import {
  isBankDayKey,
  type LimitReservation,
  type Payment,
  type PaymentState,
  payeeSide,
  payerSide,
  reservationKeys,
} from '../../payments/index.js';
import { wire } from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import { customerAccountId, ledgerAsset } from './accounts.js';
import {
  type Action,
  actionArbitrary,
  commandOf,
  commandsOf,
  OTHER_LINK_BANK,
  type RunModel,
  restarted,
  smallPaymentsHub,
  startClockArbitrary,
  TARGET_ACCOUNTS,
} from './pvp_testing.js';
import { ids } from './testing.js';

const STEPS = ['pay', 'credit', 'recall', 'return', 'expire'] as const;
/** States in which a payment has given its limit back. */
const RELEASED: readonly PaymentState[] = ['rejected', 'timed_out', 'recalled'];
const UNDONE: Readonly<Partial<Record<PaymentState, (typeof STEPS)[number]>>> = {
  recalled: 'recall',
  returned: 'return',
  timed_out: 'expire',
};

/** Balances per asset over every account of the ledger. */
function totals(t: TestHub): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const a of t.hub.state.ledger.accounts.values()) {
    out.set(a.asset, (out.get(a.asset) ?? 0n) + a.credits_posted - a.debits_posted);
  }
  return out;
}

/** The transfers of one step of a payment: `PAY:<e2e>:<step>:<n>` (accounts.ts transfersOf). */
function transfersOf(t: TestHub, e2e: string, step: string): Transfer[] {
  const out: Transfer[] = [];
  for (let n = 0; ; n += 1) {
    const found = findTransfer(t.hub.state.ledger, `PAY:${e2e}:${step}:${n}`);
    if (found === undefined) return out;
    out.push(found);
  }
}

function net(transfers: readonly Transfer[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const x of transfers) {
    out.set(x.debit_account_id, (out.get(x.debit_account_id) ?? 0n) - x.amount_minor);
    out.set(x.credit_account_id, (out.get(x.credit_account_id) ?? 0n) + x.amount_minor);
  }
  for (const [id, amount] of out) if (amount === 0n) out.delete(id);
  return out;
}

/** A payment's legs: all of them in both currencies, or none; undone exactly. */
function checkLegs(t: TestHub, e2e: string): void {
  const payment = t.hub.state.payments.book.payments.get(e2e)?.payment;
  const steps = new Map(STEPS.map((s) => [s, transfersOf(t, e2e, s)]));
  const moved = [...steps.values()].flat();
  if (payment === undefined) {
    assert.deepEqual(moved, [], `${e2e} was refused but moved money`);
    return;
  }
  const i = payment.instruction;
  const send_asset = ledgerAsset(payerSide(i.direction), i.send_currency);
  const receive_asset = ledgerAsset(payeeSide(i.direction), i.receive_currency);
  const pay = steps.get('pay') ?? [];
  // PvP: the one batch carries the legs of both currencies, each at its own amount.
  assert.deepEqual(new Set(pay.map((x) => x.asset)), new Set([send_asset, receive_asset]), e2e);
  for (const x of pay) {
    const expected: bigint | null = x.asset === send_asset ? i.amount_minor : payment.receive_minor;
    assert.equal(x.amount_minor, expected, `${e2e} ${x.id}`);
  }
  const undo = UNDONE[payment.state];
  for (const step of ['recall', 'return', 'expire'] as const) {
    const applied = (steps.get(step) ?? []).length > 0;
    assert.equal(applied, step === undo, `${e2e} ${payment.state}: ${step}`);
  }
  checkNet(payment, net(moved), send_asset, receive_asset);
  if (payment.state === 'settled') assert.deepEqual(steps.get('credit'), [], e2e);
}

/** What a payment's transfers add up to, by the state it is in. */
function checkNet(payment: Payment, moved: Map<string, bigint>, send: string, receive: string) {
  const i = payment.instruction;
  const e2e = i.end_to_end_id;
  if (UNDONE[payment.state] !== undefined) {
    assert.equal(moved.size, 0, `${e2e} ${payment.state} but not undone`);
    return;
  }
  const payer = customerAccountId(i.payer.bank, i.payer.account, send);
  const payee = customerAccountId(payment.payee?.bank ?? '', payment.payee?.account ?? '', receive);
  const credited = payment.state === 'credited' || payment.state === 'return_requested';
  assert.equal(moved.get(payer), -i.amount_minor, `${e2e}: the payer paid`);
  assert.equal(moved.get(payee), credited ? payment.receive_minor : undefined, `${e2e}: payee`);
}

/**
 * Each counter holds the live payments' reservations on its day and year, within the caps: the
 * caps' and the quota's counters, and Southbound the payer bank's day (`bank_day`).
 */
function checkLimits(t: TestHub): void {
  const { limits, book, settings } = t.hub.state.payments;
  const live = [...book.payments.values()]
    .map((p) => p.payment)
    .filter((p) => p.limit !== null && !RELEASED.includes(p.state));
  for (const p of live) {
    for (const key of reservationKeys(p.limit)) assert.ok(limits.counters.has(key), key);
  }
  for (const [key, counter] of limits.counters) {
    let day = 0n;
    let year = 0n;
    for (const { limit } of live) {
      if (limit === null) continue;
      const amount = reservedOn(limit, key);
      if (amount === 0n) continue;
      if (limit.date === counter.date) day += amount;
      if (Number(limit.date.slice(0, 4)) === counter.year) year += amount;
    }
    assert.deepEqual([counter.day_used_minor, counter.year_used_minor], [day, year], key);
    const { northbound, southbound } = settings.connect;
    if (key.startsWith('northbound|')) {
      assert.ok(day <= northbound.daily_limit_hkd_minor, `${key}: daily cap exceeded`);
      assert.ok(year <= northbound.annual_limit_hkd_minor, `${key}: annual cap exceeded`);
    } else if (!isBankDayKey(key)) {
      assert.ok(year <= southbound.annual_quota_usd_minor, `${key}: quota exceeded`);
    }
  }
}

/** What a reservation took from the counter `key`. */
function reservedOn(limit: LimitReservation, key: string): bigint {
  if (limit.key === key) return limit.amount_minor;
  return limit.bank_day?.key === key ? limit.bank_day.amount_minor : 0n;
}

/** The digest the state had before a command that the hub then refused (its seq moved on). */
function digestBeforeRefusal(t: TestHub): string {
  const snapshot = snapshotHub(t.hub.state);
  return sha256Hex(encode({ ...snapshot, seq: snapshot.seq - 1 }));
}

interface Run {
  t: TestHub;
  readonly model: RunModel;
  readonly totals: Map<string, bigint>;
  /** How often each refusal code and each event was seen, over all runs. */
  readonly seen: Map<string, number>;
}

function send(run: Run, step: ReturnType<typeof commandsOf>[number]): void {
  const { t } = run;
  const before = t.hub.digest();
  if (typeof step === 'number') t.advance(step);
  const result =
    typeof step === 'number'
      ? t.submit('operator', wire({ type: 'hub.tick' }))
      : t.submit(step.participant, commandOf(step));
  const code = result.rejection?.code ?? 'accepted';
  for (const seen of [code, ...result.events.map((e) => e.type)]) {
    run.seen.set(seen, (run.seen.get(seen) ?? 0) + 1);
  }
  if (result.status === 'rejected') {
    assert.deepEqual(result.events, [], `${code} said something`);
    assert.equal(digestBeforeRefusal(t), before, `${code} changed the state`);
  }
  assert.deepEqual(totals(t), run.totals, 'money made or lost');
  for (const e2e of run.model.submits.keys()) checkLegs(t, e2e);
  checkLimits(t);
  t.hub.checkInvariants();
}

/** Plays the actions, checking after every command; the journal then replays to the same end. */
function play(clock: string, actions: readonly Action[], seen: Map<string, number>): TestHub {
  const t = smallPaymentsHub(clock);
  const run: Run = { t, model: { submits: new Map(), next: 0 }, totals: totals(t), seen };
  actions.forEach((action, n) => {
    if (action.kind === 'restart') run.t = restarted(run.t);
    for (const step of commandsOf(run.t, run.model, action, n)) send(run, step);
  });
  const replayed = new Hub();
  for (const envelope of run.t.envelopes) replayed.apply(envelope);
  assert.equal(replayed.digest(), run.t.hub.digest(), 'the journal replays to the same digest');
  return run.t;
}

describe('payments in the hub: a restart from the snapshot', () => {
  test('does not retry a timeout the clock could not roll back (found by the property)', () => {
    // Settled, not credited; the payer bank's CNH account frozen, so at 30 s the clock cannot
    // roll it back (payment_timeout_refused) and leaves it for payments.expire.
    const pay: Action = {
      ...{ kind: 'pay', direction: 'northbound', payer: 0, payee: 0, fx: false },
      ...{ amount_minor: 1_00n, credit: false, quote: 'none', rate_e8: 0n, wrong_actor: false },
    };
    const account = TARGET_ACCOUNTS.indexOf(ids.hkBankCnh);
    const frozen = (on: boolean): Action => ({ kind: 'freeze', account, frozen: on });
    const actions: Action[] = [pay, frozen(true), { kind: 'advance', seconds: 30 }, frozen(false)];
    const codes = new Map<string, number>();
    // Restarted now, the hub must go on as the one that took the snapshot: the payment stays
    // settled when time passes (it used to be rolled back by the restored hub alone).
    play('10:00:00', [...actions, { kind: 'restart' }, { kind: 'advance', seconds: 1 }], codes);
    const t = play('10:00:00', [...actions, { kind: 'advance', seconds: 1 }], codes);
    assert.equal(t.hub.state.payments.book.payments.get('P0')?.payment.state, 'settled');
  });
});

describe('payments in the hub: the RMB link bank changed while a payment is live', () => {
  test('its credit, recall and return still go through the bank that linked it', () => {
    // Found by the property: once the operator made SCBHK the RMB link bank, a recall of a
    // payment BOCHK had linked refunded the payer from SCBHK while BOCHK kept the money.
    const pay = (credit: boolean): Action => ({
      ...{ kind: 'pay', direction: 'northbound', payer: 0, payee: 0, fx: false, credit },
      ...{ amount_minor: 100_00n, quote: 'none', rate_e8: 0n, wrong_actor: false },
    });
    const relink: Action = {
      ...{ kind: 'settings', cap_unit: null, single_cap_minor: null, hkd_per_cny_e8: null },
      link_bank: OTHER_LINK_BANK,
    };
    const then = (kind: 'confirm' | 'recall' | 'return', reason = 'DUPL'): Action =>
      kind === 'confirm'
        ? { kind, pick: 0, wrong_actor: false }
        : { kind, pick: 0, reason, wrong_actor: false };
    const codes = new Map<string, number>();
    // play() checks after every command that each payment undid exactly what it did.
    const recalled = play('10:00:00', [pay(false), relink, then('recall')], codes);
    const confirmed = play('10:00:00', [pay(false), relink, then('confirm')], codes);
    const returned = play('10:00:00', [pay(true), relink, then('return', 'AC04')], codes);
    assert.deepEqual(
      [recalled, confirmed, returned].map(
        (t) => t.hub.state.payments.book.payments.get('P0')?.payment.state,
      ),
      ['recalled', 'credited', 'returned'],
    );
    const refusals = [...codes.keys()].filter((seen) => seen === seen.toUpperCase());
    assert.deepEqual(refusals, []);
  });
});

describe('payments in the hub: no PvP leg settles alone (property)', () => {
  test('with failures injected at every step, all legs or none, limits exact, refusals inert', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(
        startClockArbitrary,
        fc.array(actionArbitrary, { minLength: 1, maxLength: 40, size: 'max' }),
        (clock, actions) => {
          play(clock, actions, seen);
        },
      ),
      { numRuns: 100, seed: 16_2026 },
    );
    // The runs reached the failures they inject and every end of a payment's life.
    for (const what of [
      ...['PAYMENT_DAILY_LIMIT', 'PAYMENT_SINGLE_CAP', 'PAYMENT_OUTSIDE_HOURS', 'PROXY_UNKNOWN'],
      ...['PAYMENT_QUOTE_EXPIRED', 'PAYMENT_QUOTE_MISSING', 'PAYMENT_QUOTE_RATE_MISMATCH'],
      ...['INSUFFICIENT_FUNDS', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_FROZEN', 'NOT_AUTHORIZED'],
      ...['PAYMENT_DUPLICATE_ID_MISMATCH', 'PAYMENT_NOT_SETTLED', 'PAYMENT_RETURN_NOT_ALLOWED'],
      ...['payment_settled', 'payment_credited', 'payment_replayed', 'payment_recalled'],
      ...['payment_return_requested', 'payment_returned', 'payment_timed_out'],
      'payment_timeout_refused',
    ]) {
      assert.ok((seen.get(what) ?? 0) > 0, `no run saw ${what}: ${JSON.stringify([...seen])}`);
    }
  });
});
