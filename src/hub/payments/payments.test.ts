/**
 * Payment Connect through the hub (docs/payments.md §9): payments both ways with their ledger
 * legs, quotes, replays, recalls, returns, timeouts; every refusal leaves the state unchanged;
 * payments move money between the payments accounts and never make any (totals per asset).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { parseCommand } from '../../protocol/index.js';
import { assertRefused, wire } from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import { restorePayments, snapshotPayments } from './state.js';
import {
  ALICE,
  balance,
  CN_BANK,
  DEPOSIT_MINOR,
  HK_BANK,
  ids,
  LI,
  northbound,
  op,
  PREFUND_MINOR,
  paymentsHub,
  paymentTotals,
  registerProxy,
  southbound,
  WANG,
} from './testing.js';

function quote(t: TestHub, quote_id: string, from: string, to: string, rate_e8: bigint) {
  return t.accept(
    'BOCHK',
    wire({ type: 'payments.quote', quote_id, bank: 'BOCHK', from, to, rate_e8: String(rate_e8) }),
  );
}

/** Runs `step` and checks the payments accounts' totals per asset did not move. */
function conserved(t: TestHub, step: () => void) {
  const before = paymentTotals(t);
  step();
  assert.deepEqual(paymentTotals(t), before);
}

describe('payments in the hub: payments both ways', () => {
  it('Northbound RMB by mobile number: every leg at both systems, one batch', () => {
    const t = paymentsHub();
    let result: ReturnType<TestHub['submit']> | undefined;
    conserved(t, () => {
      result = t.accept(HK_BANK, northbound('NB-1', ALICE, WANG.mobile, 1_000_00n));
    });
    const types = result?.events.map((e) => e.type) ?? [];
    assert.deepEqual(
      types.filter((x) => x.startsWith('payment')),
      ['payment_settled', 'payment_credited'],
    );
    // Four legs, in the one command's one ledger batch.
    assert.equal(types.filter((x) => x === 'transfer_created').length, 4);
    // Alice's CNH to BOCHK's position; HSBC pays BOCHK at FPS in CNH; BOCHK pays ICBC at IBPS.
    assert.equal(balance(t, ids.aliceCnh), DEPOSIT_MINOR - 1_000_00n);
    assert.equal(balance(t, ids.linkPosCnh), PREFUND_MINOR + 1_000_00n);
    assert.equal(balance(t, ids.hkBankCnh), PREFUND_MINOR - 1_000_00n);
    assert.equal(balance(t, ids.linkCnhFps), PREFUND_MINOR + 1_000_00n);
    assert.equal(balance(t, ids.linkCnyIbps), PREFUND_MINOR - 1_000_00n);
    assert.equal(balance(t, ids.cnBankCny), PREFUND_MINOR + 1_000_00n);
    assert.equal(balance(t, ids.linkPosCny), PREFUND_MINOR - 1_000_00n);
    assert.equal(balance(t, ids.wang), DEPOSIT_MINOR + 1_000_00n);
    const kept = t.hub.state.payments.book.payments.get('NB-1')?.payment;
    assert.equal(kept?.state, 'credited');
    assert.equal(kept?.payee?.masked_name, '**明');
  });

  it('Northbound HKD at the converting bank’s quote: HK$1,000.01 at 0.92 is RMB 920.00', () => {
    const t = paymentsHub();
    quote(t, 'Q1', 'HKD', 'CNY', 92_000_000n);
    const c = northbound('NB-FX', ALICE, WANG.mobile, 1_000_01n, {
      send_currency: 'HKD',
      quote_id: 'Q1',
    });
    conserved(t, () => t.accept(HK_BANK, c));
    // 100,001 × 0.92 = 92,000.92 fen, rounded down to 92,000.
    assert.equal(balance(t, ids.aliceHkd), DEPOSIT_MINOR - 1_000_01n);
    assert.equal(balance(t, ids.hkBankHkd), PREFUND_MINOR - 1_000_01n);
    assert.equal(balance(t, ids.linkHkd), PREFUND_MINOR + 1_000_01n);
    assert.equal(balance(t, ids.wang), DEPOSIT_MINOR + 920_00n);
    assert.equal(balance(t, ids.cnBankCny), PREFUND_MINOR + 920_00n);
    assert.equal(t.hub.state.payments.quotes.has('Q1'), false, 'a quote is used once');
  });

  it('Southbound RMB to HKD: RMB 1,000.00 at HK$1.08 is HK$1,080.00', () => {
    const t = paymentsHub();
    quote(t, 'Q2', 'CNY', 'HKD', 108_000_000n);
    const c = southbound('SB-FX', WANG, ALICE.mobile, 1_000_00n, {
      receive_currency: 'HKD',
      quote_id: 'Q2',
    });
    conserved(t, () => t.accept(CN_BANK, c));
    assert.equal(balance(t, ids.wang), DEPOSIT_MINOR - 1_000_00n);
    assert.equal(balance(t, ids.cnBankCny), PREFUND_MINOR - 1_000_00n);
    assert.equal(balance(t, ids.linkCnyIbps), PREFUND_MINOR + 1_000_00n);
    assert.equal(balance(t, ids.linkHkd), PREFUND_MINOR - 1_080_00n);
    assert.equal(balance(t, ids.hkBankHkd), PREFUND_MINOR + 1_080_00n);
    assert.equal(balance(t, ids.aliceHkd), DEPOSIT_MINOR + 1_080_00n);
  });

  it('a replay with the same body moves nothing; with another body is refused', () => {
    const t = paymentsHub();
    t.accept(HK_BANK, northbound('NB-R', ALICE, WANG.mobile, 100_00n));
    const before = t.hub.state.ledger.accounts.get(ids.wang)?.credits_posted;
    const again = t.accept(HK_BANK, northbound('NB-R', ALICE, WANG.mobile, 100_00n));
    assert.deepEqual(
      again.events.map((e) => e.type),
      ['payment_replayed'],
    );
    assert.equal(t.hub.state.ledger.accounts.get(ids.wang)?.credits_posted, before);
    const other = northbound('NB-R', ALICE, WANG.mobile, 200_00n);
    assertRefused(t, HK_BANK, other, 'PAYMENT_DUPLICATE_ID_MISMATCH');
  });
});

describe('payments in the hub: recalls, returns, timeouts', () => {
  it('a recall before credit reverses the settlement and gives the limit back', () => {
    const t = paymentsHub();
    const totals = paymentTotals(t);
    t.accept(HK_BANK, northbound('NB-P', ALICE, WANG.mobile, 9_000_00n, { credit: false }));
    assert.equal(balance(t, ids.cnBankCny), PREFUND_MINOR + 9_000_00n);
    assert.equal(balance(t, ids.wang), DEPOSIT_MINOR, 'settled, not yet credited');
    const recall = wire({ type: 'payments.recall', end_to_end_id: 'NB-P', reason: 'DUPL' });
    assertRefused(t, CN_BANK, recall, 'NOT_AUTHORIZED');
    t.accept(HK_BANK, recall);
    assert.equal(t.hub.state.payments.book.payments.get('NB-P')?.payment.state, 'recalled');
    assert.equal(balance(t, ids.aliceCnh), DEPOSIT_MINOR);
    assert.equal(balance(t, ids.cnBankCny), PREFUND_MINOR);
    assert.deepEqual(paymentTotals(t), totals);
    // The RMB 9,000 (HK$9,783.00) was given back: the same can be sent again today.
    t.accept(HK_BANK, northbound('NB-P2', ALICE, WANG.mobile, 9_000_00n));
    assertRefused(t, HK_BANK, recall, 'PAYMENT_RECALL_NOT_ALLOWED');
  });

  it('a recall after credit asks for a return; the payee bank returns it (FOCR)', () => {
    const t = paymentsHub();
    const totals = paymentTotals(t);
    t.accept(HK_BANK, northbound('NB-C', ALICE, WANG.mobile, 500_00n));
    const recall = wire({ type: 'payments.recall', end_to_end_id: 'NB-C', reason: 'FRAD' });
    const asked = t.accept(HK_BANK, recall);
    assert.deepEqual(
      asked.events.map((e) => e.type),
      ['payment_return_requested'],
    );
    const ret = wire({ type: 'payments.return', end_to_end_id: 'NB-C', reason: 'FOCR' });
    assertRefused(t, HK_BANK, ret, 'NOT_AUTHORIZED');
    const bad = wire({ type: 'payments.return', end_to_end_id: 'NB-C', reason: 'XXXX' });
    assertRefused(t, CN_BANK, bad, 'PAYMENT_REASON_INVALID');
    t.accept(CN_BANK, ret);
    assert.equal(t.hub.state.payments.book.payments.get('NB-C')?.payment.state, 'returned');
    assert.equal(balance(t, ids.aliceCnh), DEPOSIT_MINOR);
    assert.equal(balance(t, ids.wang), DEPOSIT_MINOR);
    assert.deepEqual(paymentTotals(t), totals);
    assertRefused(t, CN_BANK, ret, 'PAYMENT_RETURN_NOT_ALLOWED');
    // The caps count what was sent: HK$543.50 of today's HK$10,000 stays used.
    const key = `northbound|${ALICE.id}|${HK_BANK}`;
    assert.equal(t.hub.state.payments.limits.counters.get(key)?.day_used_minor, 543_50n);
  });

  it('the payee bank may refuse a return request: the payment stays credited and final', () => {
    const t = paymentsHub();
    t.accept(HK_BANK, northbound('NB-F', ALICE, WANG.mobile, 500_00n));
    const refuse = wire({ type: 'payments.refuse_return', end_to_end_id: 'NB-F' });
    assertRefused(t, CN_BANK, refuse, 'PAYMENT_RETURN_NOT_ALLOWED');
    t.accept(HK_BANK, wire({ type: 'payments.recall', end_to_end_id: 'NB-F', reason: 'FRAD' }));
    assertRefused(t, HK_BANK, refuse, 'NOT_AUTHORIZED');
    const wang = balance(t, ids.wang);
    const out = t.accept(CN_BANK, refuse);
    assert.deepEqual(
      out.events.map((e) => e.type),
      ['payment_return_refused'],
    );
    assert.equal(t.hub.state.payments.book.payments.get('NB-F')?.payment.state, 'credited');
    assert.equal(balance(t, ids.wang), wang);
    const ret = wire({ type: 'payments.return', end_to_end_id: 'NB-F', reason: 'FOCR' });
    // A credited payment may still be returned by the payee bank of its own accord.
    t.accept(CN_BANK, ret);
    assert.equal(balance(t, ids.aliceCnh), DEPOSIT_MINOR);
  });

  it('a settled payment not credited within 30 s expires on the hub clock and rolls back', () => {
    const t = paymentsHub();
    const totals = paymentTotals(t);
    t.accept(HK_BANK, northbound('NB-T', ALICE, WANG.mobile, 300_00n, { credit: false }));
    const expire = wire({ type: 'payments.expire', end_to_end_id: 'NB-T' });
    assertRefused(t, HK_BANK, expire, 'PAYMENT_NOT_EXPIRED');
    t.advance(29);
    const early = t.accept('operator', wire({ type: 'hub.tick' }));
    assert.ok(!early.events.some((e) => e.type === 'payment_timed_out'));
    // At 30 s the clock rolls it back by itself: no one sends payments.expire.
    t.advance(1);
    const tick = t.accept('operator', wire({ type: 'hub.tick' }));
    assert.ok(tick.events.some((e) => e.type === 'payment_timed_out'));
    const payment = t.hub.state.payments.book.payments.get('NB-T')?.payment;
    assert.equal(payment?.state, 'timed_out');
    assert.equal(payment?.failure?.code, 'PAYMENT_TIMED_OUT');
    assert.deepEqual(paymentTotals(t), totals);
    assert.equal(balance(t, ids.aliceCnh), DEPOSIT_MINOR);
    const confirm = wire({ type: 'payments.confirm_credit', end_to_end_id: 'NB-T' });
    assertRefused(t, CN_BANK, confirm, 'PAYMENT_NOT_SETTLED');
    assertRefused(t, HK_BANK, expire, 'PAYMENT_NOT_EXPIRED');
    assert.equal(t.hub.state.payments.awaiting_credit.size, 0);
  });

  it('a roll-back the ledger refuses is published, and payments.expire completes it later', () => {
    const t = paymentsHub();
    t.accept(HK_BANK, northbound('NB-R', ALICE, WANG.mobile, 300_00n, { credit: false }));
    // The payee bank's IBPS settlement account is emptied before the deadline.
    const held = balance(t, ids.cnBankCny);
    const drain = { debit_account_id: ids.cnBankCny, credit_account_id: ids.linkCnyIbps };
    const out = { id: 'drain', ...drain, amount_minor: String(held) };
    t.accept('operator', wire({ type: 'ledger.create_transfers', transfers: [out] }));
    t.advance(30);
    const tick = t.accept('operator', wire({ type: 'hub.tick' }));
    const refused = tick.events.find((e) => e.type === 'payment_timeout_refused');
    assert.ok(refused !== undefined && 'code' in refused);
    assert.equal(t.hub.state.payments.book.payments.get('NB-R')?.payment.state, 'settled');
    // The clock does not retry; once the account is funded again, expire by command works.
    const back = {
      id: 'back',
      debit_account_id: ids.linkCnyIbps,
      credit_account_id: ids.cnBankCny,
    };
    t.accept(
      'operator',
      wire({
        type: 'ledger.create_transfers',
        transfers: [{ ...back, amount_minor: String(held) }],
      }),
    );
    t.accept(HK_BANK, wire({ type: 'payments.expire', end_to_end_id: 'NB-R' }));
    assert.equal(t.hub.state.payments.book.payments.get('NB-R')?.payment.state, 'timed_out');
    assert.equal(balance(t, ids.aliceCnh), DEPOSIT_MINOR);
  });

  it('payments waiting for credit are rebuilt from the book on restore', () => {
    const t = paymentsHub();
    t.accept(HK_BANK, northbound('NB-S', ALICE, WANG.mobile, 300_00n, { credit: false }));
    const restored = restorePayments(snapshotPayments(t.hub.state.payments), t.hub.state.now_us);
    assert.deepEqual(restored.awaiting_credit, t.hub.state.payments.awaiting_credit);
    assert.equal(restored.awaiting_credit.size, 1);
  });

  it('the payee bank confirms a settled payment within its time', () => {
    const t = paymentsHub();
    t.accept(HK_BANK, northbound('NB-K', ALICE, WANG.mobile, 300_00n, { credit: false }));
    t.advance(5);
    t.accept('operator', wire({ type: 'hub.tick' }));
    const confirm = wire({ type: 'payments.confirm_credit', end_to_end_id: 'NB-K' });
    assertRefused(t, HK_BANK, confirm, 'NOT_AUTHORIZED');
    t.accept(CN_BANK, confirm);
    assert.equal(balance(t, ids.wang), DEPOSIT_MINOR + 300_00n);
  });
});

describe('payments in the hub: refusals leave the state unchanged', () => {
  it('limits, hours, eligibility, proxies, quotes, funds', () => {
    const t = paymentsHub();
    // RMB 9,000.00 counts HK$9,783.00; RMB 200.00 more counts HK$217.40: HK$10,000.40 > cap.
    t.accept(HK_BANK, northbound('NB-1', ALICE, WANG.mobile, 9_000_00n));
    assertRefused(
      t,
      HK_BANK,
      northbound('NB-2', ALICE, WANG.mobile, 200_00n),
      'PAYMENT_DAILY_LIMIT',
    );
    const unknown = northbound('NB-3', ALICE, '139 9999 9999', 100n);
    assertRefused(t, HK_BANK, unknown, 'PROXY_UNKNOWN');
    const mainlander = northbound('NB-4', WANG, WANG.mobile, 100n, {
      payer: {
        id: WANG.id,
        id_type: WANG.id_type,
        name: WANG.name,
        bank: HK_BANK,
        account: ALICE.account,
      },
    });
    assertRefused(t, HK_BANK, mainlander, 'PAYMENT_PAYER_NOT_ELIGIBLE');
    assertRefused(t, CN_BANK, northbound('NB-5', ALICE, WANG.mobile, 100n), 'NOT_AUTHORIZED');
    const no_quote = northbound('NB-6', ALICE, WANG.mobile, 100n, {
      send_currency: 'HKD',
      quote_id: 'nope',
    });
    assertRefused(t, HK_BANK, no_quote, 'PAYMENT_QUOTE_MISSING');
    quote(t, 'Q-old', 'HKD', 'CNY', 92_000_000n);
    t.advance(10);
    t.accept('operator', wire({ type: 'hub.tick' }));
    const stale = northbound('NB-7', ALICE, WANG.mobile, 100n, {
      send_currency: 'HKD',
      quote_id: 'Q-old',
    });
    assertRefused(t, HK_BANK, stale, 'PAYMENT_QUOTE_EXPIRED');
    // The operator may give quotes longer: a minute, then the quote of 59 s ago still serves.
    t.accept('operator', wire({ type: 'payments.set_settings', quote_validity_s: 60 }));
    quote(t, 'Q-min', 'HKD', 'CNY', 92_000_000n);
    t.advance(59);
    t.accept('operator', wire({ type: 'hub.tick' }));
    t.accept(
      HK_BANK,
      northbound('NB-8', ALICE, WANG.mobile, 100n, { send_currency: 'HKD', quote_id: 'Q-min' }),
    );
    for (const bad of [0, 86_401, 1.5]) {
      const c = parseCommand({ type: 'payments.set_settings', quote_validity_s: bad });
      assert.equal(c.ok, false, String(bad));
    }
    // Li's deposit is RMB 500,000.00; the single cap is RMB 10,000.00 a payment.
    assertRefused(
      t,
      CN_BANK,
      southbound('SB-1', LI, ALICE.mobile, 10_000_01n),
      'PAYMENT_SINGLE_CAP',
    );
    op(t, { type: 'payments.set_settings', single_cap_cny_minor: { ICBC: '100000000' } });
    // Over Li's deposit: the ledger refuses the whole batch.
    const over = southbound('SB-2', LI, ALICE.mobile, DEPOSIT_MINOR + 1n);
    const before = t.hub.digest();
    const refused = t.submit(CN_BANK, over);
    assert.equal(refused.status, 'rejected');
    assert.equal(t.hub.state.payments.book.payments.has('SB-2'), false);
    assert.notEqual(refused.rejection?.code, undefined);
    assert.equal(balance(t, ids.li), DEPOSIT_MINOR);
    assert.ok(before.length > 0);
  });

  it('Southbound at 23:01 is outside the service hours; at 22:59 it goes', () => {
    const t = paymentsHub(timestampAt('2026-01-05', '23:01'));
    assertRefused(
      t,
      CN_BANK,
      southbound('SB-N', WANG, ALICE.mobile, 100_00n),
      'PAYMENT_OUTSIDE_HOURS',
    );
    const u = paymentsHub(timestampAt('2026-01-05', '22:59'));
    u.accept(CN_BANK, southbound('SB-D', WANG, ALICE.mobile, 100_00n));
  });

  it('proxies, quotes and settings', () => {
    const t = paymentsHub();
    assertRefused(t, HK_BANK, registerProxy('HK', ALICE), 'PROXY_DUPLICATE');
    const bad = registerProxy('HK', { ...ALICE, mobile: '2345 6789' });
    assertRefused(t, HK_BANK, bad, 'PROXY_PHONE_INVALID');
    assertRefused(
      t,
      CN_BANK,
      registerProxy('HK', { ...ALICE, mobile: '9876 5432' }),
      'NOT_AUTHORIZED',
    );
    const nobank = registerProxy('HK', { ...ALICE, bank: 'NOBANK', mobile: '9876 5432' });
    assertRefused(t, 'operator', nobank, 'PAYMENT_BANK_UNKNOWN');
    const remove = wire({
      type: 'payments.remove_proxy',
      side: 'MAINLAND',
      proxy_type: 'mobile',
      value: LI.mobile,
    });
    assertRefused(t, HK_BANK, remove, 'NOT_AUTHORIZED');
    t.accept(CN_BANK, remove);
    assertRefused(t, CN_BANK, remove, 'PROXY_UNKNOWN');
    const lookup = wire({
      type: 'payments.lookup',
      bank: HK_BANK,
      side: 'MAINLAND',
      proxy_type: 'mobile',
      value: '+86 138 0013 8000',
    });
    const found = t.accept(HK_BANK, lookup);
    const event = found.events[0];
    assert.equal(event?.type, 'payment_payee_found');
    if (event?.type === 'payment_payee_found') assert.equal(event.lookup.masked_name, '**明');
    const update = wire({
      type: 'payments.update_proxy',
      side: 'MAINLAND',
      proxy_type: 'mobile',
      value: WANG.mobile,
      bank: CN_BANK,
      account: LI.account,
      name: LI.name,
    });
    t.accept(CN_BANK, update);
    const q = (quote_id: string, from: string, to: string, rate_e8: string) =>
      wire({ type: 'payments.quote', quote_id, bank: 'BOCHK', from, to, rate_e8 });
    assertRefused(t, 'BOCHK', q('Q', 'HKD', 'HKD', '1'), 'PAYMENT_QUOTE_INVALID');
    assertRefused(t, 'BOCHK', q('Q', 'HKD', 'CNY', '0'), 'PAYMENT_QUOTE_INVALID');
    assertRefused(t, HK_BANK, q('Q', 'HKD', 'CNY', '1'), 'NOT_AUTHORIZED');
    t.accept('BOCHK', q('Q', 'HKD', 'CNY', '92000000'));
    assertRefused(t, 'BOCHK', q('Q', 'HKD', 'CNY', '92000000'), 'PAYMENT_QUOTE_EXISTS');
    const settings = (json: object) => wire({ type: 'payments.set_settings', ...json });
    assertRefused(t, HK_BANK, settings({ cap_unit: 'person' }), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', settings({ hkd_per_cny_e8: '0' }), 'PAYMENT_SETTINGS_INVALID');
    assertRefused(t, 'operator', settings({ rmb_link_bank: 'NOBANK' }), 'PAYMENT_BANK_UNKNOWN');
    const unknown = wire({ type: 'payments.expire', end_to_end_id: 'none' });
    assertRefused(t, HK_BANK, unknown, 'PAYMENT_UNKNOWN');
  });

  it('no payment before the operator sets the limit rates', () => {
    const t = paymentsHub();
    t.hub.state.payments.settings = { ...t.hub.state.payments.settings, rates: null };
    assertRefused(
      t,
      HK_BANK,
      northbound('NB-0', ALICE, WANG.mobile, 100n),
      'PAYMENT_RATES_MISSING',
    );
  });
});

describe('payments in the hub: snapshot', () => {
  it('restores to the same digest; a snapshot from before payments restores empty', () => {
    const t = paymentsHub();
    t.accept(HK_BANK, northbound('NB-S', ALICE, WANG.mobile, 100_00n));
    const snapshot = snapshotHub(t.hub.state);
    assert.equal(new Hub(restoreHub(snapshot)).digest(), t.hub.digest());
    const { payments: _gone, ...older } = snapshot;
    const restored = restoreHub(older);
    assert.equal(restored.payments.book.payments.size, 0);
    assert.equal(restored.payments.directory.entries.size, 0);
  });

  it('a snapshot whose payments carry their canonical body (before 6 Dec 2026) restores the same', () => {
    const t = paymentsHub();
    t.accept(HK_BANK, northbound('NB-B', ALICE, WANG.mobile, 100_00n));
    const snapshot = snapshotHub(t.hub.state);
    const payments = snapshot.payments;
    assert.ok(payments !== undefined);
    const with_body = payments.payments.map((p) => ({ body: 'as it was', ...p }));
    const older = { ...snapshot, payments: { ...payments, payments: with_body } };
    assert.equal(new Hub(restoreHub(older)).digest(), t.hub.digest());
    // A replay of the same id and body is still answered from the kept payment.
    t.accept(HK_BANK, northbound('NB-B', ALICE, WANG.mobile, 100_00n));
    assertRefused(
      t,
      HK_BANK,
      northbound('NB-B', ALICE, WANG.mobile, 100_01n),
      'PAYMENT_DUPLICATE_ID_MISMATCH',
    );
  });
});
