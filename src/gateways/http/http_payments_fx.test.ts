/**
 * A converting payment through ISO 20022 over HTTP (docs/payments.md §5, §10.5): the pacs.008
 * names BOCHK's quote (`InstrForNxtAgt/InstrInf` `/FXQT/<id>`) and states its rate (`XchgRate`);
 * credited at the quote, or refused with a stable code and nothing changed.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { customerAccountId } from '../../hub/payments/accounts.js';
import { snapshotHub } from '../../hub/state.js';
import { encode } from '../../kernel/codec.js';
import { sha256Hex } from '../../kernel/digest.js';
import type { PaymentInstruction } from '../../payments/index.js';
import { parsePacs002 } from '../../payments/iso20022/index.js';
import {
  ALICE,
  CN_BANK,
  HK_BANK,
  instruction,
  LINK_BANK,
  pacs008Of,
  postXml,
  setUpPayments,
  WANG,
} from './payments_testing.js';
import type { ErrorReply, TestServer } from './testing.js';
import { startTestServer } from './testing.js';

const TX = '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf';

function statusOf(xml: unknown) {
  assert.equal(typeof xml, 'string');
  const report = parsePacs002(xml as string);
  assert.ok(report.ok, report.ok ? '' : report.message);
  return report.value;
}

/** BOCHK, the converting bank, quotes a rate × 10^8 (good for 10 s of hub time). */
async function quote(t: TestServer, quote_id: string, from: string, to: string, rate_e8: bigint) {
  const body = { type: 'payments.quote', quote_id, bank: LINK_BANK, from, to };
  const reply = await t.client(LINK_BANK).post('/v1/commands', { ...body, rate_e8: `${rate_e8}` });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

/** Alice (HSBC) sends HK$ to Wang's mobile, to be received in RMB. */
function northboundHkd(e2e: string, amount_minor: bigint, fx: Partial<PaymentInstruction>) {
  const i = instruction(e2e, 'northbound', ALICE, WANG.mobile, amount_minor);
  return { ...i, send_currency: 'HKD', ...fx } as PaymentInstruction;
}

function balance(t: TestServer, id: string): bigint {
  const account = t.server.gateway.node.hub.state.ledger.accounts.get(id);
  assert.ok(account !== undefined, id);
  return account.credits_posted - account.debits_posted;
}

/**
 * The ledger and the payments state, digested: what a refused payment must leave as it was (the
 * server's clock moves the hub's time, and the sequence moves with every command).
 */
function moneyDigest(t: TestServer): string {
  const { ledger, payments } = snapshotHub(t.server.gateway.node.hub.state);
  return sha256Hex(encode({ ledger, payments }));
}

const wang = customerAccountId(CN_BANK, WANG.account, 'CNY');
const aliceHkd = customerAccountId(HK_BANK, ALICE.account, 'HKD');

describe('HTTP payments: FX quotes in pacs.008', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await setUpPayments(t);
  });
  after(() => t.close());

  test('Northbound HK$1,000.01 at BOCHK’s 0.92 is credited RMB 920.00: ACCC', async () => {
    await quote(t, 'Q-NB-1', 'HKD', 'CNY', 92_000_000n);
    const [wang_before, alice_before] = [balance(t, wang), balance(t, aliceHkd)];
    const nb = northboundHkd('NB-FX-1', 1_000_01n, {
      quote_id: 'Q-NB-1',
      agreed_rate_e8: 92_000_000n,
    });
    const xml = pacs008Of(t, nb);
    assert.ok(xml.includes('<XchgRate>0.92</XchgRate>'));
    assert.ok(xml.includes('<InstrInf>/FXQT/Q-NB-1</InstrInf>'));
    const reply = await postXml(t, HK_BANK, xml);
    assert.equal(reply.status, 200, String(reply.body));
    const report = statusOf(reply.body);
    assert.deepEqual(
      [report.end_to_end_id, report.status, report.reason_code],
      ['NB-FX-1', 'ACCC', null],
    );
    const one = (await t.client(HK_BANK).get('/v1/payments/NB-FX-1')).as<Record<string, unknown>>();
    // 100,001 × 0.92 = 92,000.92 fen, rounded down.
    assert.deepEqual(
      [one.state, one.amount_minor, one.receive_minor],
      ['credited', '100001', '92000'],
    );
    assert.equal(balance(t, wang) - wang_before, 920_00n);
    assert.equal(alice_before - balance(t, aliceHkd), 1_000_01n);
    const kept = t.server.gateway.node.hub.state.payments.book.payments.get('NB-FX-1')?.payment;
    assert.deepEqual(
      [kept?.quote?.quote_id, kept?.instruction.agreed_rate_e8],
      ['Q-NB-1', 92_000_000n],
    );
    assert.equal(t.server.gateway.node.hub.state.payments.quotes.has('Q-NB-1'), false);
  });

  test('the same pacs.008 again is a replay: ACCC, nothing moved (its quote is used)', async () => {
    const nb = northboundHkd('NB-FX-1', 1_000_01n, {
      quote_id: 'Q-NB-1',
      agreed_rate_e8: 92_000_000n,
    });
    const before_digest = moneyDigest(t);
    const report = statusOf((await postXml(t, HK_BANK, pacs008Of(t, nb))).body);
    assert.equal(report.status, 'ACCC');
    assert.equal(moneyDigest(t), before_digest);
  });

  test('Southbound RMB 1,000.00 at BOCHK’s 1.08 is credited HK$1,080.00: ACCC', async () => {
    await quote(t, 'Q-SB-1', 'CNY', 'HKD', 108_000_000n);
    const alice_before = balance(t, aliceHkd);
    const sb = {
      ...instruction('SB-FX-1', 'southbound', WANG, ALICE.mobile, 1_000_00n),
      ...{ receive_currency: 'HKD', quote_id: 'Q-SB-1', agreed_rate_e8: 108_000_000n },
    } as PaymentInstruction;
    const report = statusOf((await postXml(t, CN_BANK, pacs008Of(t, sb))).body);
    assert.equal(report.status, 'ACCC', report.reason_text ?? '');
    const one = (await t.client(CN_BANK).get('/v1/payments/SB-FX-1')).as<Record<string, unknown>>();
    assert.deepEqual([one.state, one.receive_minor], ['credited', '108000']);
    assert.equal(balance(t, aliceHkd) - alice_before, 1_080_00n);
  });

  test('a rate that is not the quote’s: RJCT PAYMENT_QUOTE_RATE_MISMATCH, nothing changed', async () => {
    await quote(t, 'Q-NB-2', 'HKD', 'CNY', 92_000_000n);
    const before_digest = moneyDigest(t);
    const nb = northboundHkd('NB-FX-2', 500_00n, {
      quote_id: 'Q-NB-2',
      agreed_rate_e8: 92_000_001n,
    });
    const reply = await postXml(t, HK_BANK, pacs008Of(t, nb));
    assert.equal(reply.status, 200);
    const report = statusOf(reply.body);
    assert.deepEqual(
      [report.end_to_end_id, report.status, report.reason_code],
      ['NB-FX-2', 'RJCT', 'PAYMENT_QUOTE_RATE_MISMATCH'],
    );
    assert.equal(report.reason_text, "The payment's exchange rate is not the quote's rate");
    assert.equal(moneyDigest(t), before_digest, 'no payment kept, no money moved, quote open');
    assert.equal(t.server.gateway.node.hub.state.payments.quotes.has('Q-NB-2'), true);
    // The JSON command says the same.
    const json = await t.client(HK_BANK).post('/v1/commands', {
      type: 'payments.submit',
      ...nb,
      amount_minor: '50000',
      agreed_rate_e8: '92000001',
    });
    assert.equal(json.status, 422);
    assert.equal(json.as<ErrorReply>().error.code, 'PAYMENT_QUOTE_RATE_MISMATCH');
    assert.equal(moneyDigest(t), before_digest);
  });

  test('no quote named, or one that is not open: RJCT PAYMENT_QUOTE_MISSING', async () => {
    const before_digest = moneyDigest(t);
    const cases: Array<Partial<PaymentInstruction>> = [
      {},
      { agreed_rate_e8: 92_000_000n },
      { quote_id: 'Q-NONE', agreed_rate_e8: 92_000_000n },
      // A quote used once is gone.
      { quote_id: 'Q-NB-1' },
    ];
    for (const [n, fx] of cases.entries()) {
      const nb = northboundHkd(`NB-FX-M${n}`, 100_00n, fx);
      const report = statusOf((await postXml(t, HK_BANK, pacs008Of(t, nb))).body);
      assert.deepEqual(
        [report.status, report.reason_code],
        ['RJCT', 'PAYMENT_QUOTE_MISSING'],
        `case ${n}`,
      );
    }
    assert.equal(moneyDigest(t), before_digest);
  });

  test('a rate of more than 8 decimals is a 400 naming XchgRate', async () => {
    const nb = northboundHkd('NB-FX-3', 100_00n, {
      quote_id: 'Q-NB-2',
      agreed_rate_e8: 92_000_000n,
    });
    const xml = pacs008Of(t, nb).replace(
      '<XchgRate>0.92</XchgRate>',
      '<XchgRate>0.920000001</XchgRate>',
    );
    const before_digest = moneyDigest(t);
    const reply = await postXml(t, HK_BANK, xml);
    assert.equal(reply.status, 400);
    const { error } = reply.as<ErrorReply>();
    assert.deepEqual(
      [error.code, error.details?.field, error.details?.rule],
      ['ISO_FIELD_UNSUPPORTED', `${TX}/XchgRate`, 'a positive rate with at most 8 decimals'],
    );
    assert.equal(moneyDigest(t), before_digest);
  });
});
