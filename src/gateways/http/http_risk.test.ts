/**
 * Risk over HTTP (docs/risk.md "Over the API") on the demo server: scenarios, margin, the default
 * fund, stress runs kept by id, the default waterfall; each route's refusals; operator only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { riskInputs } from '../../hub/index.js';
import { hubState } from './gateway.js';
import { startTestServer, type TestServer } from './testing.js';

interface Run {
  id: string;
  seq: number;
  digest: string;
  history: string;
  summary: string[];
  by_scenario: Array<{
    scenario: string;
    ccp: string;
    loss_minor: string;
    uncovered_minor: string;
  }>;
  by_member: Array<{ participant: string; ccp: string; worst_uncovered_minor: string }>;
}

function errorCode(body: unknown): string {
  return (body as { error: { code: string } }).error.code;
}

describe('risk routes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  /** HKD cents of every position at `ccp` whose instrument is in `markets`, exactly. */
  function hkdValue(ccp: string, markets: readonly string[]): bigint {
    const { portfolio } = riskInputs(hubState(t.server.gateway));
    const rate = (c: string) =>
      c === 'HKD'
        ? 100_000_000n
        : (portfolio.fx_rates.find((r) => r.currency === c)?.hkd_per_unit_e8 ?? 0n);
    let total = 0n;
    for (const p of portfolio.positions) {
      const account = portfolio.accounts[p.account];
      const instrument = portfolio.instruments[p.instrument];
      if (account?.ccp !== ccp || instrument === undefined) continue;
      if (!markets.includes(instrument.market)) continue;
      total += (p.quantity * instrument.price_minor * rate(instrument.currency)) / 100_000_000n;
    }
    return total;
  }

  test('only an operator may read risk', async () => {
    for (const path of [
      '/v1/risk/scenarios',
      '/v1/risk/margin',
      '/v1/risk/default-fund',
      '/v1/risk/stress-runs',
    ]) {
      const reply = await t.client('HARBOUR').get(path);
      assert.equal(reply.status, 403, path);
      assert.equal(errorCode(reply.body), 'OPERATOR_ONLY');
    }
    const post = await t
      .client('HARBOUR')
      .post('/v1/risk/stress-runs', { scenarios: ['hypo-cnh-down-5pct'] });
    assert.equal(post.status, 403);
  });

  test('GET /v1/risk/scenarios: the eight built-ins with their sources', async () => {
    const reply = await t.client('operator').get('/v1/risk/scenarios');
    assert.equal(reply.status, 200);
    const { scenarios } = reply.body as { scenarios: Array<{ id: string; source: string }> };
    assert.equal(scenarios.length, 8);
    assert.ok(scenarios.some((s) => s.id === 'hist-2015-a-share-crash'));
    assert.ok(scenarios.every((s) => s.source.length > 10));
  });

  test('GET /v1/risk/margin: defaults, per account, CCP totals that add up, on simulated history', async () => {
    const reply = await t.client('operator').get('/v1/risk/margin');
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const body = reply.body as {
      seq: number;
      digest: string;
      history: string;
      settings: { confidence_ppm: number; window_days: number; level: string };
      k: number;
      margin: Array<{
        ccp: string;
        initial_margin_minor: string;
        expected_shortfall_minor: string;
      }>;
      ccps: Array<{ ccp: string; initial_margin_minor: string }>;
      variation_margin: unknown[];
    };
    assert.deepEqual(body.settings, {
      confidence_ppm: 990_000,
      window_days: 250,
      level: 'account',
    });
    assert.equal(body.k, 3); // ceil(250 × 1 %)
    assert.match(body.history, /simulated history/);
    assert.match(body.digest, /^[0-9a-f]{64}$/);
    assert.ok(body.margin.length > 10);
    for (const row of body.margin)
      assert.ok(BigInt(row.expected_shortfall_minor) >= BigInt(row.initial_margin_minor));
    for (const { ccp, initial_margin_minor } of body.ccps) {
      const sum = body.margin
        .filter((r) => r.ccp === ccp)
        .reduce((s, r) => s + BigInt(r.initial_margin_minor), 0n);
      assert.equal(BigInt(initial_margin_minor), sum, ccp);
      assert.ok(sum > 0n, ccp);
    }
    const member = await t
      .client('operator')
      .get('/v1/risk/margin?level=member&confidence_ppm=995000&window_days=300');
    assert.equal(member.status, 200);
    assert.equal((member.body as { k: number }).k, 2); // ceil(300 × 0.5 %)
  });

  test('GET /v1/risk/margin refuses bad settings with the core’s codes', async () => {
    const cases: Array<[string, string]> = [
      ['confidence_ppm=1000000', 'RISK_CONFIDENCE_OUT_OF_RANGE'],
      ['confidence_ppm=0', 'RISK_CONFIDENCE_OUT_OF_RANGE'],
      ['window_days=301', 'RISK_WINDOW_TOO_LONG'],
      ['window_days=0', 'RISK_SETTING_INVALID'],
      ['level=desk', 'INVALID_REQUEST'],
      ['confidence_ppm=0.99', 'INVALID_REQUEST'],
    ];
    for (const [query, code] of cases) {
      const reply = await t.client('operator').get(`/v1/risk/margin?${query}`);
      assert.equal(reply.status, 400, query);
      assert.equal(errorCode(reply.body), code, query);
      assert.ok((reply.body as { error: { message: string } }).error.message.length > 5);
    }
  });

  test('GET /v1/risk/default-fund: Cover 2 per CCP, contributions that sum to the fund', async () => {
    const reply = await t.client('operator').get('/v1/risk/default-fund');
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const { funds } = reply.body as {
      funds: Array<{
        ccp: string;
        cover1: { amount_minor: string };
        cover2: { amount_minor: string; groups: Array<{ group: string; amount_minor: string }> };
        fund_minor: string;
        contributions: Array<{ contribution_minor: string }>;
      }>;
    };
    assert.deepEqual(
      funds.map((f) => f.ccp),
      ['chinaclear', 'hkscc'],
    );
    for (const fund of funds) {
      assert.ok(fund.cover2.groups.length <= 2);
      const groups = fund.cover2.groups.reduce((s, g) => s + BigInt(g.amount_minor), 0n);
      assert.equal(groups, BigInt(fund.cover2.amount_minor));
      assert.ok(BigInt(fund.cover2.amount_minor) >= BigInt(fund.cover1.amount_minor));
      assert.equal(BigInt(fund.fund_minor), BigInt(fund.cover2.amount_minor)); // no buffer
      const sum = fund.contributions.reduce((s, c) => s + BigInt(c.contribution_minor), 0n);
      assert.equal(sum, BigInt(fund.fund_minor));
    }
  });

  test('POST /v1/risk/stress-runs: losses per CCP checked by hand, kept by id, replayed identically', async () => {
    const op = t.client('operator');
    const body = {
      scenarios: ['hypo-cnh-down-5pct'],
      custom: [
        {
          id: 'hk-down-10pct',
          name: 'Hong Kong shares −10 %',
          kind: 'hypothetical',
          source: 'test',
          period: null,
          shocks: {
            price_moves: [{ market: 'XHKG', move_bp: -1_000 }],
            fx_moves: [],
            rate_moves: [],
            liquidity: { repo_haircut_add_bp: 0, facility_draw_bp: 0 },
          },
        },
      ],
    };
    const reply = await op.post('/v1/risk/stress-runs', body);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const { run } = reply.body as { run: Run };
    const loss = (scenario: string, ccp: string) =>
      BigInt(
        run.by_scenario.find((r) => r.scenario === scenario && r.ccp === ccp)?.loss_minor ?? '-1',
      );
    // HKSCC's instruments are all HKD shares: the renminbi's fall costs them nothing.
    assert.equal(loss('hypo-cnh-down-5pct', 'hkscc'), 0n);
    // ChinaClear's are RMB shares (bonds unvalued): 5 % of their HKD value, to the cent.
    const cn = hkdValue('chinaclear', ['XSHG', 'XSHE']);
    const cn_loss = loss('hypo-cnh-down-5pct', 'chinaclear');
    assert.ok(cn > 0n);
    assert.ok(
      cn_loss - cn / 20n <= 1n + BigInt(run.by_member.length) &&
        cn / 20n - cn_loss <= 1n + BigInt(run.by_member.length),
      `${cn_loss} vs ${cn / 20n}`,
    );
    // HK shares −10 %: exactly a tenth of HKSCC's HKD value; nothing at ChinaClear.
    assert.equal(loss('hk-down-10pct', 'hkscc'), hkdValue('hkscc', ['XHKG']) / 10n);
    assert.equal(loss('hk-down-10pct', 'chinaclear'), 0n);
    assert.match(run.history, /simulated history/);
    assert.ok(run.summary.length >= 2 && run.summary[0]?.startsWith('ChinaClear'));
    assert.equal(run.seq, hubState(t.server.gateway).seq);
    // Kept by id, listed, and a second run on the same state gives the same figures.
    const got = await op.get(`/v1/risk/stress-runs/${run.id}`);
    assert.deepEqual((got.body as { run: Run }).run, run);
    const again = (await op.post('/v1/risk/stress-runs', body)).body as { run: Run };
    assert.notEqual(again.run.id, run.id);
    assert.deepEqual({ ...again.run, id: run.id }, run);
    const list = (await op.get('/v1/risk/stress-runs')).body as { runs: Run[] };
    assert.deepEqual(
      list.runs.slice(0, 2).map((r) => r.id),
      [again.run.id, run.id],
    );
  });

  test('POST /v1/risk/stress-runs refuses unknown, malformed and out-of-bounds scenarios', async () => {
    const op = t.client('operator');
    const shock = (move_bp: number) => ({
      id: 'x',
      name: 'x',
      kind: 'hypothetical',
      source: 'test',
      period: null,
      shocks: {
        price_moves: [{ market: 'XHKG', move_bp }],
        fx_moves: [],
        rate_moves: [],
        liquidity: { repo_haircut_add_bp: 0, facility_draw_bp: 0 },
      },
    });
    const cases: Array<[unknown, string]> = [
      [{ scenarios: ['no-such-scenario'] }, 'RISK_SCENARIO_UNKNOWN'],
      [{ scenarios: [] }, 'RISK_SCENARIOS_EMPTY'],
      [{ scenarios: [], custom: [shock(-20_000)] }, 'RISK_SHOCK_OUT_OF_BOUNDS'],
      [{ scenarios: [], custom: [{ ...shock(-100), kind: 'imagined' }] }, 'RISK_SCENARIO_INVALID'],
      [{ scenarios: 'hypo-cnh-down-5pct' }, 'INVALID_REQUEST'],
      [{ scenarios: ['hypo-cnh-down-5pct'], liquidity: { cover: 3 } }, 'INVALID_REQUEST'],
      [{ scenarios: ['hypo-cnh-down-5pct'], liquidity: { days: 31 } }, 'INVALID_REQUEST'],
      [
        {
          scenarios: ['hypo-cnh-down-5pct'],
          liquidity: { committed_lines: [{ ccp: 'hkscc', currency: 'XAU', amount_minor: '1' }] },
        },
        'INVALID_REQUEST',
      ],
      [
        {
          scenarios: ['hypo-cnh-down-5pct'],
          liquidity: { committed_lines: [{ ccp: 'lch', currency: 'HKD', amount_minor: '1' }] },
        },
        'INVALID_REQUEST',
      ],
    ];
    const before_list = ((await op.get('/v1/risk/stress-runs')).body as { runs: Run[] }).runs
      .length;
    for (const [body, code] of cases) {
      const reply = await op.post('/v1/risk/stress-runs', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(errorCode(reply.body), code);
    }
    const after_list = ((await op.get('/v1/risk/stress-runs')).body as { runs: Run[] }).runs.length;
    assert.equal(after_list, before_list, 'a refused run is not kept');
    const missing = await op.get('/v1/risk/stress-runs/stress-999');
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing.body), 'RISK_STRESS_RUN_UNKNOWN');
  });

  test('POST /v1/risk/default-simulations: tiers that sum to the loss; refusals', async () => {
    const op = t.client('operator');
    const reply = await op.post('/v1/risk/default-simulations', {
      ccp: 'hkscc',
      defaulters: ['LIONROCK'],
      scenario: 'hist-2020-03-covid',
      skin_in_the_game_minor: '100000',
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const body = reply.body as {
      loss_minor: string;
      tiers: Array<{ tier: string; amount_minor: string }>;
      defaulters: Array<{ participant: string; loss_minor: string }>;
    };
    assert.deepEqual(
      body.tiers.map((x) => x.tier),
      ['defaulter_margin', 'defaulter_fund', 'skin_in_the_game', 'non_defaulter_fund', 'uncovered'],
    );
    const sum = body.tiers.reduce((s, x) => s + BigInt(x.amount_minor), 0n);
    assert.equal(sum, BigInt(body.loss_minor));
    assert.ok(BigInt(body.loss_minor) > 0n, 'a market maker long HK shares loses in March 2020');
    assert.equal(body.defaulters[0]?.participant, 'LIONROCK');
    const cases: Array<[unknown, string]> = [
      [
        { ccp: 'hkscc', defaulters: ['NOBODY'], scenario: 'hist-2020-03-covid' },
        'RISK_MEMBER_UNKNOWN',
      ],
      [
        { ccp: 'hkscc', defaulters: ['LIONROCK', 'LIONROCK'], scenario: 'hist-2020-03-covid' },
        'RISK_WATERFALL_INVALID',
      ],
      [{ ccp: 'hkscc', defaulters: ['LIONROCK'], scenario: 'no-such' }, 'RISK_SCENARIO_UNKNOWN'],
      [
        { ccp: 'hkscc', defaulters: ['A', 'B', 'C'], scenario: 'hist-2020-03-covid' },
        'INVALID_REQUEST',
      ],
      [
        { ccp: 'otcc', defaulters: ['LIONROCK'], scenario: 'hist-2020-03-covid' },
        'INVALID_REQUEST',
      ],
    ];
    for (const [request, code] of cases) {
      const refused = await op.post('/v1/risk/default-simulations', request);
      assert.equal(refused.status, 400, JSON.stringify(request));
      assert.equal(errorCode(refused.body), code, JSON.stringify(request));
    }
  });
});
