import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { marketDate } from '../../kernel/time.js';
import { PARTY_ID_ISSUER, SESE023_NAMESPACE } from '../../posttrade/index.js';
import { type CommandReply, type ErrorReply, startTestServer, type TestServer } from './testing.js';

const GREEN_HKD = 'HKHTGB25HKD0';

function party(tag: string, id: string): string {
  return `<${tag}><Id><PrtryId><Id>${id}</Id><Issr>${PARTY_ID_ISSUER}</Issr></PrtryId></Id></${tag}>`;
}

/** HSBC delivers 10,000 units of the HKD green bond to hk-inst-fund against e-HKD 1,001,250.00. */
function sese023(date: string, tx_id: string, isin = GREEN_HKD): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${SESE023_NAMESPACE}">
  <SctiesSttlmTxInstr>
    <TxId>${tx_id}</TxId>
    <SttlmTpAndAddtlParams><SctiesMvmntTp>DELI</SctiesMvmntTp><Pmt>APMT</Pmt></SttlmTpAndAddtlParams>
    <TradDtls>
      <TradId>${tx_id}</TradId>
      <TradDt><Dt><Dt>${date}</Dt></Dt></TradDt>
      <SttlmDt><Dt><Dt>${date}</Dt></Dt></SttlmDt>
      <DealPric><Tp><Yldd>false</Yldd></Tp><Val><Amt Ccy="HKD">100.125</Amt></Val></DealPric>
    </TradDtls>
    <FinInstrmId><ISIN>${isin}</ISIN></FinInstrmId>
    <QtyAndAcctDtls>
      <SttlmQty><Qty><Unit>10000</Unit></Qty></SttlmQty>
      <SfkpgAcct><Id>HSBC</Id></SfkpgAcct>
      <CshAcct><Prtry>e-HKD</Prtry></CshAcct>
    </QtyAndAcctDtls>
    <SttlmParams><SctiesTxTp><Cd>TRAD</Cd></SctiesTxTp><PrtlSttlmInd>NPAR</PrtlSttlmInd></SttlmParams>
    <DlvrgSttlmPties>${party('Pty1', 'HSBC')}${party('Pty2', 'HSBC')}</DlvrgSttlmPties>
    <RcvgSttlmPties>${party('Pty1', 'HARBOUR')}${party('Pty2', 'hk-inst-fund')}</RcvgSttlmPties>
    <SttlmAmt><Amt Ccy="HKD">1001250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></SttlmAmt>
  </SctiesSttlmTxInstr>
</Document>`;
}

describe('HTTP settlement', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const today = () => marketDate(t.server.gateway.node.hub.state.now_us);

  test('imports a sese.023 instruction as XML, settles it DvP at once, and exports it back', async () => {
    const op = t.client('operator');
    const imported = await op.raw(
      'POST',
      '/v1/settlement/instructions',
      sese023(today(), 'GB-OTC-1'),
      { 'content-type': 'application/xml' },
    );
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    const statuses = imported
      .as<CommandReply>()
      .events.filter((e) => e.type === 'instruction_status');
    assert.ok(statuses.length > 0, 'the instruction moved');
    const list = await op.get('/v1/settlement/instructions?limit=5');
    const views = (list.body as { instructions: Array<{ id: string; status: string }> })
      .instructions;
    const view = views.find((v) => v.id.startsWith('GB-OTC-1'));
    assert.equal(view?.status, 'settled');
    const counts = await op.get('/v1/settlement');
    assert.ok(((counts.body as { counts: Record<string, number> }).counts.settled ?? 0) >= 1);
    const xml = await op.raw(
      'GET',
      `/v1/settlement/instructions/${view?.id}/sese023?movement=RECE`,
      undefined,
      {},
    );
    assert.equal(xml.status, 200);
    assert.match(String(xml.body), /<SctiesMvmntTp>RECE<\/SctiesMvmntTp>/);
    assert.match(String(xml.body), new RegExp(GREEN_HKD));
  });

  test('a broken sese.023 is refused with the element that is wrong, and changes nothing', async () => {
    const op = t.client('operator');
    const bad = await op.raw(
      'POST',
      '/v1/settlement/instructions',
      sese023(today(), 'GB-OTC-2', 'HKHTGB25HKD1'),
      { 'content-type': 'application/xml' },
    );
    assert.equal(bad.status, 422);
    const error = bad.as<ErrorReply>().error;
    assert.equal(error.code, 'SESE023_INVALID');
    assert.match(error.message, /ISIN/);
  });

  test('a participant sees only the instructions of its own clients, and cannot import', async () => {
    const harbour = t.client('HARBOUR');
    const peak = t.client('PEAK');
    const mine = await harbour.get('/v1/settlement/instructions?limit=50');
    const theirs = await peak.get('/v1/settlement/instructions?limit=50');
    const ids = (r: typeof mine) =>
      (r.body as { instructions: Array<{ id: string }> }).instructions.map((v) => v.id);
    assert.ok(ids(mine).some((id) => id.startsWith('GB-OTC-1')));
    assert.ok(!ids(theirs).some((id) => id.startsWith('GB-OTC-1')));
    const refused = await peak.raw(
      'POST',
      '/v1/settlement/instructions',
      sese023(today(), 'GB-OTC-3'),
      { 'content-type': 'application/xml' },
    );
    assert.equal(refused.status, 403);
  });

  test('GET /v1/settlement counts per participant (a participant sees its own row) and fails per reason', async () => {
    type Summary = {
      counts: Record<string, number>;
      by_participant: Record<string, Record<string, number>>;
      fail_reasons: Record<string, number>;
    };
    const all = (await t.client('operator').get('/v1/settlement')).as<Summary>();
    assert.ok((all.by_participant.HARBOUR?.settled ?? 0) >= 1, JSON.stringify(all.by_participant));
    assert.deepEqual(all.fail_reasons, {});
    const own = (await t.client('HARBOUR').get('/v1/settlement')).as<Summary>();
    assert.deepEqual(Object.keys(own.by_participant), ['HARBOUR']);
    assert.equal(own.by_participant.HARBOUR?.settled, all.by_participant.HARBOUR?.settled);
  });
});
