/**
 * End to end through the hub: a Payment Connect day across the border (issue 16's "done when",
 * docs/payments.md §9.6), Monday 5 January 2026 and the next morning, HK time.
 *
 * Banks: HSBC in Hong Kong (FPS), ICBC on the Mainland (IBPS), BOCHK converting HKD and linking
 * RMB between FPS (CNH) and IBPS (CNY). Payments go both ways by mobile number, some as ISO 20022
 * XML (a pacs.008 validated against its XSD, read into the command; the answer a pacs.002 built
 * from the hub's payment), some as JSON commands:
 * - 09:00 XML, Northbound: Alice pays Wang RMB 9,000.00 (HK$9,783.00 of her HK$10,000 a day);
 * - 09:05 JSON, Southbound: Wang pays Alice's tuition RMB 1,000.00, received HK$1,080.00 at
 *   BOCHK's quote of 1.08;
 * - 10:00 XML, Northbound: Alice pays Li RMB 200.00 (HK$217.40): over the daily cap, refused,
 *   answered RJCT PAYMENT_DAILY_LIMIT;
 * - 11:00 JSON, Southbound RMB 300.00 Wang → Alice settled, not yet credited; 11:00:05 ICBC
 *   recalls it (camt.056, DUPL): rolled back;
 * - 12:00 JSON, Southbound RMB 500.00 Wang → Alice, credited; 12:30 HSBC returns it (pacs.004,
 *   AC04): rolled back at the original amounts;
 * - 23:01 XML, Southbound RMB 100.00 Wang → Alice: outside 07:00–23:00, refused RJCT;
 * - Tuesday 09:00 XML, Northbound: Alice pays Li RMB 200.00 again: a new day, accepted.
 * Every balance at both systems and both banks is checked, and the run replays from its
 * envelopes to the same digest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import type { Payment, PaymentInstruction } from '../../payments/index.js';
import {
  buildCamt056,
  buildPacs002,
  buildPacs004,
  buildPacs008,
  parseCamt056,
  parsePacs002,
  parsePacs004,
  parsePacs008,
  refusedPayment,
  submitCommandOf,
} from '../../payments/iso20022/index.js';
import { wire } from '../bonds/testing.js';
import type { CommandResult } from '../envelope.js';
import { Hub } from '../hub.js';
import {
  ALICE,
  CN_BANK,
  DEPOSIT_MINOR,
  HK_BANK,
  ids,
  LI,
  northbound,
  PREFUND_MINOR,
  paymentsHub,
  paymentTotals,
  southbound,
  WANG,
} from '../payments/testing.js';
import type { TestHub } from '../testing.js';

type Person = typeof ALICE | typeof WANG | typeof LI;

function instruction(
  e2e: string,
  direction: 'northbound' | 'southbound',
  payer: Person,
  to: string,
  amount_minor: bigint,
): PaymentInstruction {
  const { id, id_type, name, bank, account } = payer;
  return {
    end_to_end_id: e2e,
    direction,
    payer: { id, id_type, name, bank, account },
    payee_proxy: { type: 'mobile', value: to },
    send_currency: 'CNY',
    receive_currency: 'CNY',
    amount_minor,
    purpose: 'p2p',
  };
}

/** What the hub answers in ISO 20022: the payment's status, or the refusal as RJCT. */
function pacs002For(t: TestHub, i: PaymentInstruction, msg_id: string, result: CommandResult) {
  const kept = t.hub.state.payments.book.payments.get(i.end_to_end_id)?.payment;
  const payment: Payment =
    result.status === 'accepted' && kept !== undefined
      ? kept
      : refusedPayment(i, t.now_us, {
          code: result.rejection?.code ?? '',
          message: result.rejection?.message ?? '',
        });
  const xml = buildPacs002({ msg_id: `${msg_id}-ST`, created_us: t.now_us }, msg_id, payment);
  const report = parsePacs002(xml);
  assert.ok(report.ok);
  return report.value;
}

/** A pacs.008 from the payer's bank: built, validated and read, then submitted. */
function viaPacs008(t: TestHub, i: PaymentInstruction) {
  const msg_id = `M-${i.end_to_end_id}`;
  const xml = buildPacs008({ msg_id, created_us: t.now_us }, i);
  const read = parsePacs008(xml);
  assert.ok(read.ok, read.ok ? '' : `${read.code} ${read.message}`);
  const r = read.value;
  const result = t.submit(r.payer.bank, wire(submitCommandOf(r)));
  return { result, report: pacs002For(t, i, msg_id, result) };
}

function payment(t: TestHub, e2e: string): Payment {
  const kept = t.hub.state.payments.book.payments.get(e2e)?.payment;
  assert.ok(kept !== undefined, e2e);
  return kept;
}

test('a Payment Connect day across the border, in ISO 20022 and JSON, replayed', () => {
  const t = paymentsHub(timestampAt('2026-01-05', '09:00'));
  const totals = paymentTotals(t);

  // 09:00 Northbound by mobile, XML: RMB 9,000.00.
  const nb1 = instruction('NB-0900', 'northbound', ALICE, '+86 138 0013 8000', 9_000_00n);
  const first = viaPacs008(t, nb1);
  assert.equal(first.result.status, 'accepted');
  assert.equal(first.report.status, 'ACCC');

  // 09:05 Southbound tuition, JSON, converted at BOCHK's quote.
  t.now_us = timestampAt('2026-01-05', '09:05');
  t.accept(
    'BOCHK',
    wire({
      ...{ type: 'payments.quote', quote_id: 'Q-0905', bank: 'BOCHK' },
      ...{ from: 'CNY', to: 'HKD', rate_e8: '108000000' },
    }),
  );
  t.accept(
    CN_BANK,
    southbound('SB-0905', WANG, '+852 9123 4567', 1_000_00n, {
      ...{ receive_currency: 'HKD', quote_id: 'Q-0905', purpose: 'tuition' },
    }),
  );

  // 10:00 Northbound over the daily cap, XML: refused and answered RJCT.
  t.now_us = timestampAt('2026-01-05', '10:00');
  const over = viaPacs008(t, instruction('NB-1000', 'northbound', ALICE, LI.mobile, 200_00n));
  assert.equal(over.result.rejection?.code, 'PAYMENT_DAILY_LIMIT');
  assert.equal(over.report.status, 'RJCT');
  assert.equal(over.report.reason_code, 'PAYMENT_DAILY_LIMIT');

  // 11:00 Southbound settled, awaiting credit; recalled by camt.056 five seconds later.
  t.now_us = timestampAt('2026-01-05', '11:00');
  t.accept(CN_BANK, southbound('SB-1100', WANG, ALICE.mobile, 300_00n, { credit: false }));
  t.advance(5);
  const camt = buildCamt056(
    { msg_id: 'C-1100', created_us: t.now_us },
    'M-SB-1100',
    payment(t, 'SB-1100'),
    'DUPL',
  );
  const recall = parseCamt056(camt);
  assert.ok(recall.ok);
  t.accept(
    recall.value.assigner_bank,
    wire({ type: 'payments.recall', end_to_end_id: recall.value.end_to_end_id, reason: 'DUPL' }),
  );
  assert.equal(payment(t, 'SB-1100').state, 'recalled');

  // 12:00 Southbound credited, 12:30 returned by the payee bank with a pacs.004.
  t.now_us = timestampAt('2026-01-05', '12:00');
  t.accept(CN_BANK, southbound('SB-1200', WANG, ALICE.mobile, 500_00n, { purpose: 'merchant' }));
  t.now_us = timestampAt('2026-01-05', '12:30');
  const pacs004 = buildPacs004(
    { msg_id: 'R-1200', created_us: t.now_us },
    'M-SB-1200',
    payment(t, 'SB-1200'),
    'AC04',
  );
  const ret = parsePacs004(pacs004);
  assert.ok(ret.ok);
  assert.equal(ret.value.returned_minor, 500_00n);
  t.accept(
    HK_BANK,
    wire({ type: 'payments.return', end_to_end_id: ret.value.end_to_end_id, reason: 'AC04' }),
  );
  assert.equal(payment(t, 'SB-1200').state, 'returned');

  // 23:01 Southbound, XML: the service is closed.
  t.now_us = timestampAt('2026-01-05', '23:01');
  const late = viaPacs008(t, instruction('SB-2301', 'southbound', WANG, ALICE.mobile, 100_00n));
  assert.equal(late.result.rejection?.code, 'PAYMENT_OUTSIDE_HOURS');
  assert.equal(late.report.status, 'RJCT');

  // Tuesday 09:00: a new HK day, the same payment goes.
  t.now_us = timestampAt('2026-01-06', '09:00');
  const next = viaPacs008(t, instruction('NB-0601', 'northbound', ALICE, LI.mobile, 200_00n));
  assert.equal(next.result.status, 'accepted', next.result.rejection?.message);
  assert.equal(next.report.status, 'ACCC');

  // Balances. Settled: NB 9,000.00 and 200.00 (RMB), SB RMB 1,000.00 → HK$1,080.00.
  const P = PREFUND_MINOR;
  const D = DEPOSIT_MINOR;
  // FPS: HSBC paid BOCHK CNH 9,200.00; BOCHK paid HSBC HK$1,080.00.
  assert.equal(balance(t, ids.hkBankCnh), P - 9_200_00n);
  assert.equal(balance(t, ids.linkCnhFps), P + 9_200_00n);
  assert.equal(balance(t, ids.hkBankHkd), P + 1_080_00n);
  assert.equal(balance(t, ids.linkHkd), P - 1_080_00n);
  // IBPS: BOCHK paid ICBC RMB 9,200.00; ICBC paid BOCHK RMB 1,000.00.
  assert.equal(balance(t, ids.cnBankCny), P + 8_200_00n);
  assert.equal(balance(t, ids.linkCnyIbps), P - 8_200_00n);
  // Customers.
  assert.equal(balance(t, ids.aliceCnh), D - 9_200_00n);
  assert.equal(balance(t, ids.aliceHkd), D + 1_080_00n);
  assert.equal(balance(t, ids.wang), D + 9_000_00n - 1_000_00n);
  assert.equal(balance(t, ids.li), D + 200_00n);
  // Each system's settlement accounts together, and all payments accounts per asset: unchanged.
  assert.equal(balance(t, ids.hkBankCnh) + balance(t, ids.linkCnhFps), 2n * P);
  assert.equal(balance(t, ids.cnBankCny) + balance(t, ids.linkCnyIbps), 2n * P);
  assert.deepEqual(paymentTotals(t), totals);

  // JSON for the Northbound payment of the next morning is the same command: a replay.
  const again = t.submit(HK_BANK, northbound('NB-0601', ALICE, LI.mobile, 200_00n));
  assert.deepEqual(
    again.events.map((e) => e.type),
    ['payment_replayed'],
  );

  const replayed = new Hub();
  for (const envelope of t.envelopes) replayed.apply(envelope);
  assert.equal(replayed.digest(), t.hub.digest());
});

function balance(t: TestHub, id: string): bigint {
  const account = t.hub.state.ledger.accounts.get(id);
  assert.ok(account !== undefined, id);
  return account.credits_posted - account.debits_posted;
}
