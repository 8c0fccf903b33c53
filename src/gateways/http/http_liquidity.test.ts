import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../kernel/index.js';
import { CGB, command, openRepo, setUpFacilities, setUpRepoMarket } from './financing_testing.js';
import { type ErrorReply, startTestServer, type TestServer } from './testing.js';

interface FacilitiesJson {
  usage: {
    banks: Array<{ bank: string; rmb_lf_intraday_minor: string; plp_line_minor: string }>;
    intraday_drawn_minor: string;
    trade_drawn_minor: string;
    trade_allocated_minor: string;
  };
  drawings: Array<{ drawing_id: string; rate_e12: string; hkd: null | { amount_minor: string } }>;
  fixings: Array<{ name: string; date: string; rate_e12: string }>;
}

interface CollateralJson {
  positions: Array<{
    party: string;
    isin: string;
    received_minor: string;
    reused_minor: Record<string, string>;
    posted_otc_minor: string;
    free_received_minor: string;
    source: string | null;
    received_value_minor: string | null;
  }>;
  otc_postings: Array<{ posting_id: string; member: string; reuse_of: string | null }>;
}

const get = async <T>(t: TestServer, who: string, path: string) => {
  const reply = await t.client(who).get(path);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.as<T>();
};
const CNH_M = 100_000_000n;

describe('HTTP financing: facilities, collateral, the HKMA report, unpaid margin', () => {
  let t: TestServer;
  let date = '';
  before(async () => {
    t = await startTestServer();
    date = await setUpRepoMarket(t);
    await setUpFacilities(t, date);
  });
  after(() => t.close());

  test('facilities: a bank sees its own drawings and the facility-wide totals', async () => {
    // HSBC: CNH 1 bn intraday against CNY 1.1 bn of its CGB; BOCHK: CNH 100 m for a month by FX
    // swap at HKD 1.0850 per CNH, HKD at 3 %.
    await command(t, 'HSBC', {
      ...{ type: 'financing.draw_facility', drawing_id: 'h-1', bank: 'HSBC', facility: 'rmb_lf' },
      ...{ tenor: 'intraday', amount_minor: String(1_000n * CNH_M), form: 'repo' },
      collateral: [{ isin: CGB, face_minor: '110000000000', px_e8: '10512000000' }],
    });
    await command(t, 'BOCHK', {
      ...{ type: 'financing.draw_facility', drawing_id: 'b-1', bank: 'BOCHK', facility: 'trade' },
      ...{ tenor: '1m', amount_minor: String(100n * CNH_M), form: 'fx_swap' },
      ...{ purpose: 'trade_finance', fx_rate_e8: '108500000', hkd_rate_e12: '30000000000' },
    });
    const hsbc = await get<FacilitiesJson>(t, 'HSBC', '/v1/financing/facilities');
    assert.deepEqual(
      hsbc.drawings.map((d) => d.drawing_id),
      ['h-1'],
    );
    // (1.50 + 1.60 + 1.75) / 3 = 1.61666…%, in 10^-12.
    assert.equal(hsbc.drawings[0]?.rate_e12, '16166666667');
    assert.deepEqual(
      hsbc.usage.banks.map((b) => [b.bank, b.rmb_lf_intraday_minor, b.plp_line_minor]),
      [['HSBC', String(1_000n * CNH_M), String(2_000n * CNH_M)]],
    );
    assert.equal(hsbc.usage.trade_drawn_minor, String(100n * CNH_M), 'facility-wide');
    assert.equal(hsbc.usage.trade_allocated_minor, String(6_000n * CNH_M));
    const op = await get<FacilitiesJson>(t, 'operator', '/v1/financing/facilities');
    assert.deepEqual(
      op.drawings.map((d) => d.drawing_id),
      ['h-1', 'b-1'],
    );
    assert.equal(op.drawings[1]?.hkd?.amount_minor, '10850000000', 'HKD 108.5 m');
    assert.deepEqual(
      op.usage.banks.map((b) => b.bank),
      ['BOCHK', 'HSBC', 'SCBHK'],
    );
    const peak = await get<FacilitiesJson>(t, 'PEAK', '/v1/financing/facilities');
    assert.deepEqual([peak.drawings, peak.usage.banks], [[], []]);
    assert.equal(peak.usage.intraday_drawn_minor, String(1_000n * CNH_M));
    assert.deepEqual(
      peak.fixings.map((f) => [f.name, f.date]),
      [
        ['CNH_HIBOR_ON', addDays(date, -1)],
        ['SHIBOR_1M', addDays(date, -1)],
      ],
    );
  });

  test('collateral: received, re-used at OTC Clear; own party only', async () => {
    await openRepo(t, {
      ...{ repo_id: 'R1', seller: 'hk-inst-fund', buyer: 'HSBC', by: 'HARBOUR' },
      ...{ face_minor: '1000000000', repurchase_date: addDays(date, 7) },
    });
    await command(t, 'HSBC', {
      ...{ type: 'financing.post_otc_margin', posting_id: 'IM-1', member: 'HSBC' },
      ...{ account_category: 'house', margin_type: 'initial', isin: CGB },
      ...{ face_minor: '400000000', px_e8: '10512000000', reuse_of: 'R1' },
    });
    const hsbc = await get<CollateralJson>(t, 'HSBC', '/v1/financing/collateral?party=HSBC');
    const cgb = hsbc.positions.find((p) => p.isin === CGB);
    assert.ok(cgb !== undefined);
    assert.deepEqual(
      [cgb.received_minor, cgb.reused_minor.otc_clear_margin, cgb.posted_otc_minor],
      ['1000000000', '400000000', '400000000'],
    );
    assert.equal(cgb.free_received_minor, '600000000');
    assert.deepEqual([cgb.source, cgb.received_value_minor], [null, null], 'no valuation yet');
    assert.deepEqual(
      hsbc.otc_postings.map((p) => [p.posting_id, p.member, p.reuse_of]),
      [['IM-1', 'HSBC', 'R1']],
    );
    const refused = await t.client('PEAK').get('/v1/financing/collateral?party=HSBC');
    assert.equal(refused.status, 403);
    assert.equal(refused.as<ErrorReply>().error.code, 'NOT_AUTHORIZED');
    // HARBOUR, without a party: every client it acts for, each with the bonds it holds.
    const harbour = await get<CollateralJson>(t, 'HARBOUR', '/v1/financing/collateral');
    assert.deepEqual(
      [...new Set(harbour.positions.map((p) => p.party))],
      ['hk-inst-fund', 'sg-inst-fund'],
    );
    assert.deepEqual(harbour.otc_postings, []);
    await command(t, 'operator', {
      ...{ type: 'bonds.publish_valuation', isin: CGB, date, yield_e12: '31000000000' },
    });
    const valued = await get<CollateralJson>(t, 'operator', '/v1/financing/collateral?party=HSBC');
    const v = valued.positions.find((p) => p.isin === CGB);
    assert.equal(v?.source, 'valuation_yield');
    assert.ok(BigInt(v?.received_value_minor ?? '0') > 1_000_000_000n, 'above par at 3.10 %');
  });

  test('the HKMA same-day report: the repos one is party to; another day is empty', async () => {
    type Report = {
      date: string;
      lines: Array<{ repo_id: string; action: string; plps: string[] }>;
    };
    const hsbc = await get<Report>(t, 'HSBC', '/v1/financing/hkma-report');
    assert.equal(hsbc.date, date);
    assert.deepEqual(
      hsbc.lines.map((l) => [l.repo_id, l.action, l.plps]),
      [['R1', 'opened', ['HSBC']]],
    );
    assert.deepEqual((await get<Report>(t, 'PEAK', '/v1/financing/hkma-report')).lines, []);
    const other = await get<Report>(
      t,
      'operator',
      `/v1/financing/hkma-report?date=${addDays(date, -1)}`,
    );
    assert.deepEqual(other.lines, []);
    assert.equal(
      (await t.client('operator').get('/v1/financing/hkma-report?date=5%20Jan')).status,
      400,
    );
  });

  test('unpaid margin: an outstanding call with its deadline, to its two sides', async () => {
    await openRepo(t, {
      ...{ repo_id: 'R2', seller: 'hk-inst-insurer', buyer: 'SCBHK', by: 'PEAK' },
      ...{ face_minor: '1000000000', repurchase_date: null },
    });
    // The insurer spends its CNH: a call at 50.00 then cannot be paid.
    const state = t.server.gateway.node.hub.state;
    const cash = state.ledger.accounts.get('hk-inst-insurer/CNH');
    assert.ok(cash !== undefined);
    await command(t, 'operator', {
      type: 'ledger.create_transfers',
      transfers: [
        {
          ...{ id: 'spend', debit_account_id: 'hk-inst-insurer/CNH' },
          ...{
            credit_account_id: 'BOCHK/CNH',
            amount_minor: String(cash.credits_posted - cash.debits_posted),
          },
        },
      ],
    });
    await command(t, 'SCBHK', {
      type: 'financing.call_margin',
      repo_id: 'R2',
      px_e8: '5000000000',
    });
    type Exposures = {
      margin_calls: Array<{
        repo_id: string;
        payer: string;
        called_at_us: number;
        deadline_us: number;
        overdue: boolean;
      }>;
      claims: unknown[];
    };
    const peak = await get<Exposures>(t, 'PEAK', '/v1/financing/exposures');
    assert.deepEqual(
      peak.margin_calls.map((c) => [c.repo_id, c.payer, c.overdue]),
      [['R2', 'hk-inst-insurer', false]],
    );
    const call = peak.margin_calls[0];
    assert.equal(call?.deadline_us, (call?.called_at_us ?? 0) + 120 * 60_000_000);
    assert.equal(
      (await get<Exposures>(t, 'SCBHK', '/v1/financing/exposures')).margin_calls.length,
      1,
    );
    assert.deepEqual(
      await get<Exposures>(t, 'HARBOUR', '/v1/financing/exposures').then((e) => [
        e.margin_calls,
        e.claims,
      ]),
      [[], []],
    );
  });
});
