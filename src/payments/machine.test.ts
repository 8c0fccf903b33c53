import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  creditPayee,
  expirePayment,
  makeQuote,
  PAYMENT_CONNECT_SETTINGS,
  type Payment,
  type PaymentInstruction,
  recallPayment,
  refuseReturnRequest,
  returnPayment,
  submitPayment,
  type TransferInstruction,
  usage,
} from './index.js';
import {
  context,
  fundedLedger,
  hk,
  northbound,
  quote,
  southbound,
  type ToyLedger,
} from './testing.js';

const AT = hk('2025-07-01', '10:00');
const NB_QUOTE = quote('HKD', 'CNY', 92_345_678n, AT + 5_000_000);
const SB_QUOTE = quote('CNY', 'HKD', 108_700_000n, AT + 5_000_000);

function submitted(instruction: PaymentInstruction, ctx: ReturnType<typeof context>): Payment {
  const out = submitPayment(instruction, ctx);
  assert.ok(out.ok, out.ok ? '' : out.code);
  return out.value;
}

/** Net movement per account over all batches. */
function net(batches: readonly (readonly TransferInstruction[])[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const batch of batches) {
    for (const t of batch) {
      out.set(t.debit, (out.get(t.debit) ?? 0n) - t.amount_minor);
      out.set(t.credit, (out.get(t.credit) ?? 0n) + t.amount_minor);
    }
  }
  for (const [account, amount] of out) if (amount === 0n) out.delete(account);
  return out;
}

describe('submitPayment()', () => {
  test('Northbound HK$1,000.01 at 0.92345678 credits RMB 923.46, rounded down', () => {
    const ledger = fundedLedger();
    const payment = submitted(
      northbound({ amount_minor: 100_001n }),
      context(AT, ledger, NB_QUOTE),
    );
    assert.equal(payment.state, 'credited');
    assert.equal(payment.receive_minor, 92_346n);
    assert.equal(payment.payee?.masked_name, '**明');
    assert.deepEqual(payment.batches, [
      [
        {
          debit: 'cust:BOCHK:012-888-0001:HKD',
          credit: 'hold:E2E-NB-1:HKD',
          asset: 'HKD',
          amount_minor: 100_001n,
        },
      ],
      [
        {
          debit: 'hold:E2E-NB-1:HKD',
          credit: 'fx:BOCHK:HKD',
          asset: 'HKD',
          amount_minor: 100_001n,
        },
        {
          debit: 'fx:BOCHK:CNY',
          credit: 'incoming:E2E-NB-1:CNY',
          asset: 'CNY',
          amount_minor: 92_346n,
        },
      ],
      [
        {
          debit: 'incoming:E2E-NB-1:CNY',
          credit: 'cust:ICBC:6222020200112233:CNY',
          asset: 'CNY',
          amount_minor: 92_346n,
        },
      ],
    ]);
    assert.equal(ledger.balances.get('cust:ICBC:6222020200112233:CNY'), 92_346n);
  });
  test('Southbound RMB to RMB needs no quote: one transfer settles it', () => {
    const ledger = fundedLedger();
    const sb = southbound({ receive_currency: 'CNY' });
    const payment = submitted(sb, context(AT, ledger, null));
    assert.equal(payment.state, 'credited');
    assert.equal(payment.batches[1]?.length, 1);
    assert.equal(ledger.balances.get('cust:HSBC:004-123456-001:CNY'), 500_000n);
  });
  test('an unknown proxy, a rule, an expired quote, a short balance: rejected, nothing moved', () => {
    const cases: [PaymentInstruction, number, string][] = [
      [northbound({ payee_proxy: { type: 'mobile', value: '13900000000' } }), AT, 'PROXY_UNKNOWN'],
      [southbound(), hk('2025-07-01', '23:01'), 'PAYMENT_OUTSIDE_HOURS'],
      [northbound(), NB_QUOTE.expires_us, 'PAYMENT_QUOTE_EXPIRED'],
      [northbound({ amount_minor: 1_000_001n }), AT, 'PAYMENT_DAILY_LIMIT'],
      [
        southbound({ payer: { ...southbound().payer, account: '6222000000000001' } }),
        AT,
        'LEDGER_INSUFFICIENT_FUNDS',
      ],
    ];
    for (const [instruction, at, expected] of cases) {
      const ledger = fundedLedger();
      const before = new Map(ledger.balances);
      const ctx = context(at, ledger, instruction.direction === 'northbound' ? NB_QUOTE : SB_QUOTE);
      const payment = submitted(instruction, ctx);
      assert.equal(payment.state, 'rejected', expected);
      assert.equal(payment.failure?.code, expected);
      assert.equal(net(payment.batches).size, 0, expected);
      for (const [account, balance] of ledger.balances) {
        assert.equal(balance, before.get(account) ?? 0n, `${expected} ${account}`);
      }
      for (const counter of ctx.limits.counters.values()) {
        assert.equal(counter.day_used_minor, 0n, expected);
      }
    }
  });
  test('is idempotent by end-to-end id: same body, same result; another body, refused', () => {
    const ledger = fundedLedger();
    const ctx = context(AT, ledger, NB_QUOTE);
    const first = submitted(northbound(), ctx);
    const applied = ledger.applied;
    const again = submitPayment(northbound(), { ...ctx, now_us: AT + 1 });
    assert.deepEqual(again, { ok: true, value: first });
    assert.equal(ledger.applied, applied);
    const other = submitPayment(northbound({ amount_minor: 100_002n }), ctx);
    assert.equal(other.ok ? 'accepted' : other.code, 'PAYMENT_DUPLICATE_ID_MISMATCH');
    const refused = submitted(northbound({ end_to_end_id: 'E2E-R', amount_minor: 0n }), ctx);
    assert.deepEqual(submitPayment(northbound({ end_to_end_id: 'E2E-R', amount_minor: 0n }), ctx), {
      ok: true,
      value: refused,
    });
  });
  test('a payer reaching the daily cap is refused, and allowed again the next HK day', () => {
    const ledger = fundedLedger();
    const ctx = context(AT, ledger, NB_QUOTE);
    submitted(northbound({ end_to_end_id: 'A', amount_minor: 800_000n }), ctx);
    const over = submitted(northbound({ end_to_end_id: 'B', amount_minor: 200_001n }), ctx);
    assert.equal(over.failure?.code, 'PAYMENT_DAILY_LIMIT');
    const tomorrow = hk('2025-07-02', '00:00');
    const next_quote = quote('HKD', 'CNY', 92_345_678n, tomorrow + 5_000_000);
    const ok = submitted(northbound({ end_to_end_id: 'C', amount_minor: 200_001n }), {
      ...ctx,
      now_us: tomorrow,
      quote: next_quote,
    });
    assert.equal(ok.state, 'credited');
  });
});

describe('timeouts, recalls and returns', () => {
  function settled(ledger: ToyLedger) {
    const ctx = context(AT, ledger, NB_QUOTE, { credit: false });
    return { ctx, payment: submitted(northbound(), ctx) };
  }
  test('a payment settled but not credited by its deadline is rolled back and says why', () => {
    const ledger = fundedLedger();
    const before = new Map(ledger.balances);
    const { ctx, payment } = settled(ledger);
    assert.equal(payment.state, 'settled');
    assert.equal(expirePayment(payment, payment.deadline_us - 1, ctx.limits), undefined);
    const step = expirePayment(payment, payment.deadline_us, ctx.limits);
    assert.ok(step !== undefined);
    assert.equal(ledger.apply(step.batch), undefined);
    assert.equal(step.payment.state, 'timed_out');
    assert.equal(step.payment.failure?.code, 'PAYMENT_TIMED_OUT');
    assert.equal(step.payment.failure?.at_state, 'settled');
    for (const [account, balance] of ledger.balances) {
      assert.equal(balance, before.get(account) ?? 0n, account);
    }
    assert.equal(net(step.payment.batches).size, 0);
    const counter = ctx.limits.counters.values().next().value;
    assert.equal(counter?.day_used_minor, 0n);
  });
  test('a recall before credit cancels: both PvP legs and the hold undone in one batch', () => {
    const ledger = fundedLedger();
    const { ctx, payment } = settled(ledger);
    const out = recallPayment(payment, 'DUPL', AT + 1, ctx.limits);
    assert.ok(out.ok);
    assert.equal(out.value.payment.state, 'recalled');
    assert.equal(out.value.payment.recall_reason, 'DUPL');
    assert.equal(out.value.payment.failure?.code, 'PAYMENT_RECALLED');
    assert.equal(out.value.batch.length, 3);
    assert.equal(net(out.value.payment.batches).size, 0);
  });
  test('a recall after credit becomes a return request the payee bank accepts or refuses', () => {
    const ledger = fundedLedger();
    const { ctx, payment } = settled(ledger);
    const credited = creditPayee(payment, AT + 1).payment;
    const requested = recallPayment(credited, 'FRAD', AT + 2, ctx.limits);
    assert.ok(requested.ok);
    assert.equal(requested.value.payment.state, 'return_requested');
    assert.equal(requested.value.batch.length, 0);
    const refused = refuseReturnRequest(requested.value.payment, AT + 3);
    assert.equal(refused.ok && refused.value.payment.state, 'credited');
    const returned = returnPayment(requested.value.payment, 'FOCR', AT + 3);
    assert.ok(returned.ok);
    assert.equal(returned.value.payment.state, 'returned');
    assert.equal(net(returned.value.payment.batches).size, 0);
    const twice = returnPayment(returned.value.payment, 'CUST', AT + 4);
    assert.equal(twice.ok ? 'accepted' : twice.code, 'PAYMENT_RETURN_NOT_ALLOWED');
    const late = recallPayment(returned.value.payment, 'DUPL', AT + 4, ctx.limits);
    assert.equal(late.ok ? 'accepted' : late.code, 'PAYMENT_RECALL_NOT_ALLOWED');
  });
  test('a quote is needed across currencies, for the right pair', () => {
    const missing = submitted(northbound(), context(AT, fundedLedger(), null));
    assert.equal(missing.failure?.code, 'PAYMENT_QUOTE_MISSING');
    const wrong = submitted(northbound(), context(AT, fundedLedger(), SB_QUOTE));
    assert.equal(wrong.failure?.code, 'PAYMENT_QUOTE_INVALID');
  });
  test('the rate a payment states must be its quote’s, and the quote the one it names', () => {
    const agreed = northbound({ quote_id: 'Q-HKDCNY', agreed_rate_e8: 92_345_678n });
    const ledger = fundedLedger();
    const paid = submitted(agreed, context(AT, ledger, NB_QUOTE));
    assert.equal(paid.state, 'credited');
    assert.equal(paid.receive_minor, 92_345n);
    // One e-8 off is another rate: refused before anything moves, the limit given back.
    const off = northbound({ quote_id: 'Q-HKDCNY', agreed_rate_e8: 92_345_679n });
    const ctx = context(AT, fundedLedger(), NB_QUOTE);
    const refused = submitted(off, ctx);
    assert.deepEqual(
      [refused.state, refused.failure?.code, refused.failure?.at_state, refused.batches.length],
      ['rejected', 'PAYMENT_QUOTE_RATE_MISMATCH', 'limits_reserved', 0],
    );
    assert.equal(usage(ctx.limits.counters.values().next().value, '2025-07-01').day_used_minor, 0n);
    const other = submitted(
      northbound({ quote_id: 'Q-OTHER' }),
      context(AT, fundedLedger(), NB_QUOTE),
    );
    assert.equal(other.failure?.code, 'PAYMENT_QUOTE_INVALID');
    // No rate belongs to a payment sent and received in one currency.
    const same = submitted(
      northbound({ send_currency: 'CNY', agreed_rate_e8: 100_000_000n }),
      context(AT, fundedLedger(), null),
    );
    assert.equal(same.failure?.code, 'PAYMENT_QUOTE_RATE_MISMATCH');
    // A rate stated with no quote at all: the quote is missing.
    const alone = submitted(
      northbound({ agreed_rate_e8: 92_345_678n }),
      context(AT, fundedLedger(), null),
    );
    assert.equal(alone.failure?.code, 'PAYMENT_QUOTE_MISSING');
  });
  test('a quote is good for the settings’ validity, and not a microsecond more', () => {
    const made = makeQuote(
      { quote_id: 'Q1', bank: 'BOCHK', from: 'HKD', to: 'CNY', rate_e8: 92_000_000n },
      AT,
      PAYMENT_CONNECT_SETTINGS,
    );
    assert.equal(made.expires_us, AT + 10_000_000);
    const last = submitted(northbound(), context(AT + 9_999_999, fundedLedger(), made));
    assert.equal(last.state, 'credited');
    const late = submitted(northbound(), context(AT + 10_000_000, fundedLedger(), made));
    assert.equal(late.failure?.code, 'PAYMENT_QUOTE_EXPIRED');
  });
  test('payments in flight from one payer never exceed the cap together', () => {
    const ctx = context(AT, fundedLedger(), NB_QUOTE, { credit: false });
    const first = submitted(northbound({ end_to_end_id: 'P1', amount_minor: 600_000n }), ctx);
    const second = submitted(northbound({ end_to_end_id: 'P2', amount_minor: 600_000n }), ctx);
    assert.equal(first.state, 'settled');
    assert.equal(second.failure?.code, 'PAYMENT_DAILY_LIMIT');
  });
  test('an amount that converts to nothing is refused', () => {
    const tiny = southbound({ amount_minor: 1n });
    const fx = quote('CNY', 'HKD', 50_000_000n, AT + 5_000_000);
    const payment = submitted(tiny, context(AT, fundedLedger(), fx));
    assert.equal(payment.failure?.code, 'PAYMENT_AMOUNT_TOO_SMALL');
  });
  test('reasons outside the code lists are refused', () => {
    const { ctx, payment } = settled(fundedLedger());
    const bad = recallPayment(payment, 'ZZZZ' as 'DUPL', AT + 1, ctx.limits);
    assert.equal(bad.ok ? 'accepted' : bad.code, 'PAYMENT_REASON_INVALID');
  });
});

describe('all or nothing (property)', () => {
  test('with a failure injected at any ledger call, a payment moves everything or nothing', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_500_000n }),
        fc.integer({ min: -1, max: 3 }),
        fc.boolean(),
        fc.bigInt({ min: 50_000_000n, max: 150_000_000n }),
        (amount, fail_at, nb, rate) => {
          const ledger = fundedLedger();
          ledger.fail_at = fail_at;
          const instruction = nb
            ? northbound({ amount_minor: amount })
            : southbound({ amount_minor: amount });
          const fx = nb
            ? quote('HKD', 'CNY', rate, AT + 5_000_000)
            : quote('CNY', 'HKD', rate, AT + 5_000_000);
          const ctx = context(AT, ledger, fx);
          const payment = submitted(instruction, ctx);
          const moved = net(payment.batches);
          for (const batch of payment.batches) {
            const assets = new Set(batch.map((t) => t.asset));
            // a PvP batch always carries both legs
            if (batch.some((t) => t.credit.startsWith('incoming:'))) assert.equal(assets.size, 2);
          }
          // Every counter the payment touched (Southbound: its bank's day too).
          const used = [...ctx.limits.counters.values()].map(
            (counter) => usage(counter, '2025-07-01').day_used_minor,
          );
          if (payment.state !== 'credited') {
            assert.equal(moved.size, 0);
            assert.ok(used.every((minor) => minor === 0n));
            return;
          }
          const i = instruction;
          const payee = nb ? 'cust:ICBC:6222020200112233:CNY' : 'cust:HSBC:004-123456-001:HKD';
          assert.equal(
            moved.get(`cust:${i.payer.bank}:${i.payer.account}:${i.send_currency}`),
            -amount,
          );
          assert.equal(moved.get(payee), payment.receive_minor);
          assert.equal(moved.get(`hold:${i.end_to_end_id}:${i.send_currency}`), undefined);
          assert.equal(used.length, nb ? 1 : 2);
          assert.ok(used.every((minor) => minor > 0n));
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });
});
