import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Payment } from '../../payments/index.js';
import { buildCamt056, buildPacs004, parsePacs002 } from '../../payments/iso20022/index.js';
import {
  ALICE,
  CN_BANK,
  HK_BANK,
  instruction,
  LI,
  pacs008Of,
  postXml,
  setUpPayments,
  submitBody,
  WANG,
} from './payments_testing.js';
import { type ErrorReply, startTestServer, type TestServer } from './testing.js';

interface PaymentJson {
  readonly end_to_end_id: string;
  readonly direction: string;
  readonly state: string;
  readonly payer_bank: string;
  readonly payee_bank: string;
  readonly amount_minor: string;
  readonly receive_minor: string;
  readonly payee_masked_name: string | null;
  readonly reason: string | null;
}

const idsOf = async (t: TestServer, who: string, query = '') =>
  (await t.client(who).get(`/v1/payments${query}`))
    .as<{ payments: PaymentJson[] }>()
    .payments.map((p) => p.end_to_end_id);

function statusOf(xml: unknown) {
  assert.equal(typeof xml, 'string');
  const report = parsePacs002(xml as string);
  assert.ok(report.ok, report.ok ? '' : report.message);
  return report.value;
}

function kept(t: TestServer, e2e: string): Payment {
  const found = t.server.gateway.node.hub.state.payments.book.payments.get(e2e)?.payment;
  assert.ok(found !== undefined, e2e);
  return found;
}

describe('HTTP payments', () => {
  let t: TestServer;
  const nb = instruction('NB-1', 'northbound', ALICE, WANG.mobile, 100_00n);
  before(async () => {
    t = await startTestServer();
    await setUpPayments(t);
  });
  after(() => t.close());

  test('a pacs.008 over XML is answered by a pacs.002 ACCC built from the hub', async () => {
    const reply = await postXml(t, HK_BANK, pacs008Of(t, nb));
    assert.equal(reply.status, 200, String(reply.body));
    assert.match(reply.headers.get('content-type') ?? '', /^application\/xml/);
    const report = statusOf(reply.body);
    assert.deepEqual(
      [report.end_to_end_id, report.original_msg_id, report.status, report.reason_code],
      ['NB-1', 'M-NB-1', 'ACCC', null],
    );
    const one = (await t.client(HK_BANK).get('/v1/payments/NB-1')).as<PaymentJson>();
    assert.deepEqual(
      [one.state, one.payer_bank, one.payee_bank, one.amount_minor, one.payee_masked_name],
      ['credited', HK_BANK, CN_BANK, '10000', '**明'],
    );
  });

  test('payments are scoped: their banks, HKICL, CNCC and operators; not another bank', async () => {
    const sb = instruction('SB-1', 'southbound', WANG, ALICE.mobile, 50_00n);
    const r = await t.client(CN_BANK).post('/v1/commands', submitBody(sb));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (const who of [HK_BANK, CN_BANK, 'BOCHK', 'HKICL', 'CNCC', 'operator'])
      assert.deepEqual(await idsOf(t, who), ['SB-1', 'NB-1'], who);
    assert.deepEqual(await idsOf(t, 'SCBHK'), []);
    const hidden = await t.client('SCBHK').get('/v1/payments/NB-1');
    assert.equal(hidden.status, 404);
    assert.equal(hidden.as<ErrorReply>().error.code, 'PAYMENT_UNKNOWN');
    assert.deepEqual(await idsOf(t, 'HKICL', '?direction=northbound'), ['NB-1']);
    assert.deepEqual(await idsOf(t, 'HKICL', '?status=credited&direction=southbound'), ['SB-1']);
    const bad = await t.client('HKICL').get('/v1/payments?direction=east');
    assert.equal(bad.status, 400);
  });

  test("a payer's limits: used and left today, for the banks that paid for them", async () => {
    const reply = await t.client(HK_BANK).get(`/v1/payments/limits?payer=${ALICE.id}`);
    const { limits } = reply.as<{
      limits: Array<{ direction: string; day_used_minor: string; day_left_minor: string }>;
    }>();
    // RMB 100.00 at the stated HKD 1.087 counts HK$108.70 of the HK$10,000.00 a day.
    assert.deepEqual(
      limits.map((l) => [l.direction, l.day_used_minor, l.day_left_minor]),
      [['northbound', '10870', '989130']],
    );
    const other = await t.client('SCBHK').get(`/v1/payments/limits?payer=${ALICE.id}`);
    assert.deepEqual(other.as<{ limits: unknown[] }>().limits, []);
  });

  test("a bank's own daily cap: set over JSON, shown with the limits, refused past it", async () => {
    const settings = (caps: Record<string, string | null>) =>
      t.client('operator').post('/v1/commands', {
        type: 'payments.set_settings',
        bank_daily_cap_cny_minor: caps,
      });
    assert.equal((await settings({ ICBC: '10000' })).status, 200);
    const zero = await settings({ ICBC: '0' });
    assert.equal(zero.status, 400);
    assert.equal(zero.as<ErrorReply>().error.code, 'INVALID_REQUEST');
    const limits = async (who: string) =>
      (await t.client(who).get(`/v1/payments/limits?payer=${WANG.id}`)).as<{
        bank_daily_caps: Array<Record<string, string | null>>;
      }>().bank_daily_caps;
    // Wang sent RMB 50.00 through ICBC today (SB-1): RMB 50.00 of ICBC's RMB 100.00 left.
    const date = (await limits(CN_BANK))[0]?.date ?? '';
    assert.deepEqual(await limits(CN_BANK), [
      {
        ...{ bank: CN_BANK, currency: 'CNY', date, day_used_minor: '5000' },
        ...{ day_cap_minor: '10000', day_left_minor: '5000' },
      },
    ]);
    assert.deepEqual(await limits('HKICL'), await limits(CN_BANK));
    assert.deepEqual(await limits(HK_BANK), []);
    const over = instruction('SB-CAP', 'southbound', WANG, ALICE.mobile, 50_01n);
    const refused = await t.client(CN_BANK).post('/v1/commands', submitBody(over));
    assert.equal(refused.status, 422);
    const { error } = refused.as<ErrorReply>();
    assert.equal(error.code, 'PAYMENT_BANK_DAILY_CAP');
    assert.deepEqual(
      [error.details?.bank, error.details?.used_minor, error.details?.cap_minor],
      [CN_BANK, '5000', '10000'],
    );
    assert.equal((await settings({ ICBC: null })).status, 200);
    assert.equal((await limits(CN_BANK))[0]?.day_cap_minor, null);
  });

  test('a salary payment needs its bank’s approval, given over JSON; refused RJCT before it', async () => {
    const pay = { ...instruction('SAL-1', 'northbound', ALICE, WANG.mobile, 3_800_00n) };
    const salary = { ...pay, purpose: 'salary' as const };
    const refused = statusOf((await postXml(t, HK_BANK, pacs008Of(t, salary))).body);
    assert.deepEqual(
      [refused.status, refused.reason_code],
      ['RJCT', 'PAYMENT_SALARY_NOT_APPROVED'],
    );
    const approve = { type: 'payments.approve_salary_payer', bank: HK_BANK, payer_id: ALICE.id };
    assert.equal((await t.client(CN_BANK).post('/v1/commands', approve)).status, 403);
    assert.equal((await t.client(HK_BANK).post('/v1/commands', approve)).status, 200);
    const twice = await t.client(HK_BANK).post('/v1/commands', approve);
    assert.equal(twice.as<ErrorReply>().error.code, 'PAYMENT_SALARY_APPROVAL_EXISTS');
    const paid = statusOf((await postXml(t, HK_BANK, pacs008Of(t, salary))).body);
    assert.equal(paid.status, 'ACCC');
  });

  test('a proxy looked up: bank, account and the name masked; an unknown one 404', async () => {
    const q = `?side=MAINLAND&type=mobile&value=${encodeURIComponent(LI.mobile)}`;
    const found = await t.client(HK_BANK).get(`/v1/payments/proxies/lookup${q}`);
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.deepEqual(found.body, {
      ...{ side: 'MAINLAND', type: 'mobile', value: '+8613900139000' },
      ...{ bank: CN_BANK, account: LI.account, masked_name: '*华' },
    });
    const unknown = await t
      .client(HK_BANK)
      .get('/v1/payments/proxies/lookup?side=MAINLAND&type=mobile&value=13700137000');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.as<ErrorReply>().error.code, 'PROXY_UNKNOWN');
  });

  test('a bad field is a 400 naming the field and the rule', async () => {
    const xml = pacs008Of(t, instruction('NB-BAD', 'northbound', ALICE, WANG.mobile, 1_00n));
    const bad = xml.replace(/<CreDtTm>[^<]*<\/CreDtTm>/, '<CreDtTm>yesterday</CreDtTm>');
    const reply = await postXml(t, HK_BANK, bad);
    assert.equal(reply.status, 400);
    const { error } = reply.as<ErrorReply>();
    assert.equal(error.code, 'ISO_XML_INVALID');
    assert.equal(error.details?.field, '/Document/FIToFICstmrCdtTrf/GrpHdr/CreDtTm');
    assert.match(String(error.details?.rule), /ISODateTime/);
    const junk = await postXml(t, HK_BANK, '<Document xmlns="urn:other"/>');
    assert.equal(junk.as<ErrorReply>().error.code, 'ISO_XML_INVALID');
  });

  test('the same end-to-end id again: replayed; with another body: the duplicate code', async () => {
    const same = statusOf((await postXml(t, HK_BANK, pacs008Of(t, nb))).body);
    assert.equal(same.status, 'ACCC');
    const other = { ...nb, amount_minor: 200_00n };
    const reply = await postXml(t, HK_BANK, pacs008Of(t, other));
    assert.equal(reply.status, 200);
    const report = statusOf(reply.body);
    assert.deepEqual(
      [report.status, report.reason_code],
      ['RJCT', 'PAYMENT_DUPLICATE_ID_MISMATCH'],
    );
  });

  test('a camt.056 recalls a payment not yet credited; a pacs.004 returns one', async () => {
    const held = instruction('SB-HELD', 'southbound', WANG, ALICE.mobile, 30_00n);
    await t.client(CN_BANK).post('/v1/commands', submitBody(held, { credit: false }));
    const now_us = t.server.gateway.node.hub.state.now_us;
    const camt = buildCamt056(
      { msg_id: 'C-1', created_us: now_us },
      'M-SB-HELD',
      kept(t, 'SB-HELD'),
      'DUPL',
    );
    const recalled = statusOf((await postXml(t, CN_BANK, camt)).body);
    assert.deepEqual(
      [recalled.original_msg_id, recalled.status, recalled.reason_code],
      ['M-SB-HELD', 'RJCT', 'PAYMENT_RECALLED'],
    );
    assert.equal(kept(t, 'SB-HELD').state, 'recalled');

    const ret = buildPacs004(
      { msg_id: 'R-1', created_us: now_us },
      'M-SB-1',
      kept(t, 'SB-1'),
      'AC04',
    );
    const returned = statusOf((await postXml(t, HK_BANK, ret)).body);
    assert.equal(returned.end_to_end_id, 'SB-1');
    const one = (await t.client(CN_BANK).get('/v1/payments/SB-1')).as<PaymentJson>();
    assert.deepEqual([one.state, one.reason], ['returned', 'AC04']);

    const again = statusOf((await postXml(t, HK_BANK, ret)).body);
    assert.deepEqual([again.status, again.reason_code], ['RJCT', 'PAYMENT_RETURN_NOT_ALLOWED']);
  });
});
