/**
 * The payer banks' own Southbound daily caps (docs/payments.md §2): both sides of the bound, the
 * reset at HK midnight, per payer per bank, two payments in flight, and the reservation given
 * back on failure, timeout and recall.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bankDayKey,
  checkBankDailyCap,
  checkCounters,
  emptyLimitBook,
  expirePayment,
  type LimitBook,
  limitAmount,
  PAYMENT_CONNECT_SETTINGS,
  type PaymentConnectSettings,
  type PaymentInstruction,
  recallPayment,
  releaseLimit,
  reserveCounters,
  submitPayment,
  usage,
} from './index.js';
import { context, fundedLedger, hk, northbound, RATES, southbound } from './testing.js';

/** ICBC caps a payer's Southbound payments at RMB 20,000.00 a day (a made-up figure). */
const CAP_MINOR = 2_000_000n;
const S: PaymentConnectSettings = {
  ...PAYMENT_CONNECT_SETTINGS,
  southbound: {
    ...PAYMENT_CONNECT_SETTINGS.southbound,
    bank_daily_cap_cny_minor: { ICBC: CAP_MINOR },
  },
};
const DAY = '2025-07-01';
const AT = hk(DAY, '10:00');

/** RMB to RMB, so no quote is needed; `e2e` and the amount vary. */
function sb(e2e: string, amount_minor: bigint, more: Partial<PaymentInstruction> = {}) {
  return southbound({ end_to_end_id: e2e, amount_minor, receive_currency: 'CNY', ...more });
}

function reserve(book: LimitBook, instruction: PaymentInstruction, at_us: number) {
  return reserveCounters(book, instruction, limitAmount(instruction, RATES), at_us, S);
}

function dayUsed(book: LimitBook, instruction: PaymentInstruction, date = DAY): bigint {
  return usage(book.counters.get(bankDayKey(instruction)), date).day_used_minor;
}

describe("a payer bank's own Southbound daily cap", () => {
  test('exactly at the cap passes; one fen over is refused, with what was used', () => {
    const book = emptyLimitBook();
    reserve(book, sb('A', 1_000_000n), AT);
    reserve(book, sb('B', 999_999n), AT);
    assert.equal(checkBankDailyCap(book, sb('C', 1n), AT, S), undefined);
    reserve(book, sb('C', 1n), AT);
    assert.equal(dayUsed(book, sb('D', 1n)), CAP_MINOR);
    assert.deepEqual(checkBankDailyCap(book, sb('D', 1n), AT, S), {
      ok: false,
      code: 'PAYMENT_BANK_DAILY_CAP',
      message:
        "ICBC caps a payer's Southbound payments at 2000000 fen a day; 2000000 fen used today",
      details: {
        bank: 'ICBC',
        date: DAY,
        used_minor: CAP_MINOR,
        amount_minor: 1n,
        cap_minor: CAP_MINOR,
      },
    });
  });

  test('one payment over the cap on its own is refused from nothing used (counters alone)', () => {
    const big = sb('A', CAP_MINOR + 1n);
    const refusal = checkBankDailyCap(emptyLimitBook(), big, AT, S);
    assert.equal(refusal?.code, 'PAYMENT_BANK_DAILY_CAP');
    assert.equal(checkBankDailyCap(emptyLimitBook(), sb('B', CAP_MINOR), AT, S), undefined);
  });

  test('the counter resets at HK midnight (16:00 UTC), not before', () => {
    const book = emptyLimitBook();
    reserve(book, sb('A', CAP_MINOR), AT);
    const last_us = hk('2025-07-02', '00:00') - 1;
    assert.equal(checkBankDailyCap(book, sb('B', 1n), last_us, S)?.code, 'PAYMENT_BANK_DAILY_CAP');
    const midnight_us = hk('2025-07-02', '00:00');
    assert.equal(new Date(midnight_us / 1000).toISOString(), '2025-07-01T16:00:00.000Z');
    assert.equal(checkBankDailyCap(book, sb('B', CAP_MINOR), midnight_us, S), undefined);
  });

  test('the cap counts per payer per bank: another payer, or the payer at a bank with no cap', () => {
    const book = emptyLimitBook();
    reserve(book, sb('A', CAP_MINOR), AT);
    const other = { ...southbound().payer, id: '110101199101010000' };
    assert.equal(checkBankDailyCap(book, sb('B', CAP_MINOR, { payer: other }), AT, S), undefined);
    // ABC is not listed: no cap of its own, however much the payer sends through it.
    const at_abc = { ...southbound().payer, bank: 'ABC' };
    reserve(book, sb('C', CAP_MINOR, { payer: at_abc }), AT);
    assert.equal(checkBankDailyCap(book, sb('D', CAP_MINOR, { payer: at_abc }), AT, S), undefined);
    assert.equal(dayUsed(book, sb('D', 1n, { payer: at_abc })), CAP_MINOR);
  });

  test('Northbound payments have no bank daily counter', () => {
    const book = emptyLimitBook();
    const nb = northbound();
    const taken = reserve(book, nb, AT);
    assert.equal(taken.bank_day, undefined);
    assert.deepEqual([...book.counters.keys()], ['northbound|A123456(7)|BOCHK']);
    assert.equal(checkBankDailyCap(book, nb, AT, S), undefined);
  });

  test('the FX quota is checked first; the bank cap after it', () => {
    const book = emptyLimitBook();
    reserve(book, sb('A', CAP_MINOR), AT);
    const next = sb('B', 1n);
    assert.equal(checkCounters(book, next, 1n, AT, S)?.code, 'PAYMENT_BANK_DAILY_CAP');
    const quota = S.southbound.annual_quota_usd_minor;
    assert.equal(checkCounters(book, next, quota, AT, S)?.code, 'PAYMENT_QUOTA_EXCEEDED');
  });

  test('a release gives back to the bank day too, only to the day it was taken from', () => {
    const book = emptyLimitBook();
    const taken = reserve(book, sb('A', 1_500_000n), AT);
    assert.deepEqual(taken.bank_day, { key: bankDayKey(sb('A', 1n)), amount_minor: 1_500_000n });
    releaseLimit(book, taken);
    assert.equal(dayUsed(book, sb('A', 1n)), 0n);
    const late = reserve(book, sb('B', 700_000n), hk(DAY, '22:00'));
    reserve(book, sb('C', 300_000n), hk('2025-07-02', '08:00'));
    releaseLimit(book, late);
    assert.equal(dayUsed(book, sb('C', 1n), '2025-07-02'), 300_000n);
  });
});

describe('the bank daily cap over a payment’s life', () => {
  test('two payments in flight: the second waits on the first, and goes once it times out', () => {
    const ctx = { ...context(AT, fundedLedger(), null), settings: S, credit: false };
    const first = submitPayment(sb('A', 1_000_000n), ctx);
    const second = submitPayment(sb('B', 1_000_000n), ctx);
    assert.ok(first.ok && second.ok);
    assert.equal(first.value.state, 'settled');
    assert.equal(second.value.state, 'settled');
    const third = submitPayment(sb('C', 1n), ctx);
    assert.ok(third.ok);
    assert.equal(third.value.failure?.code, 'PAYMENT_BANK_DAILY_CAP');
    assert.equal(third.value.failure?.at_state, 'looked_up');
    const later = AT + S.timeout_us;
    const expired = expirePayment(first.value, later, ctx.limits);
    assert.equal(expired?.payment.state, 'timed_out');
    assert.equal(dayUsed(ctx.limits, sb('D', 1n)), 1_000_000n);
    const fourth = submitPayment(sb('D', 1_000_000n), { ...ctx, now_us: later });
    assert.ok(fourth.ok);
    assert.equal(fourth.value.state, 'settled');
  });

  test('a payment the ledger refuses gives its bank day back; a recall before credit too', () => {
    const ledger = fundedLedger();
    ledger.fail_at = 0;
    const ctx = { ...context(AT, ledger, null), settings: S, credit: false };
    const failed = submitPayment(sb('A', 1_000_000n), ctx);
    assert.ok(failed.ok);
    assert.equal(failed.value.failure?.code, 'LEDGER_FAULT');
    assert.equal(dayUsed(ctx.limits, sb('A', 1n)), 0n);
    const whole = submitPayment(sb('B', 1_000_000n), ctx);
    assert.ok(whole.ok);
    assert.equal(whole.value.state, 'settled');
    assert.equal(dayUsed(ctx.limits, sb('B', 1n)), 1_000_000n);
    const recalled = recallPayment(whole.value, 'DUPL', AT + 1, ctx.limits);
    assert.ok(recalled.ok);
    assert.equal(recalled.value.payment.state, 'recalled');
    assert.equal(dayUsed(ctx.limits, sb('B', 1n)), 0n);
  });
});
