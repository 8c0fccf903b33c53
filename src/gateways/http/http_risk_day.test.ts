/**
 * Issue 17's end-to-end test: a Connect trading day on the demo server (a Northbound and a
 * Southbound trade over HTTP, not yet settled), then a joint stress test with two scenarios. It
 * checks the monitor's flows against the quota figures, a member's initial margin and each CCP's
 * Cover 2 against figures computed here by hand from the ledger, the return history and the
 * trades, the report's CCP totals against the ledger's holdings revalued, the liquidity needs
 * against the trades' cash, and the quota and payment-limit effects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type HubState, riskInputs } from '../../hub/index.js';
import { postedBalance } from '../../ledger/index.js';
import { demoRiskHistory } from '../../sim/demo_risk_history.js';
import { hubState } from './gateway.js';
import { MOUTAI, orderBody, startTestServer, type TestServer } from './testing.js';

const TENCENT = 'KYG875721634';
const E8 = 100_000_000n;

/** Scenario 1 takes 10 % off Hong Kong shares; scenario 2 10 % off A shares and 5 % off the RMB. */
const HK_DOWN = scenario('hk-down-10pct', [{ market: 'XHKG', move_bp: -1_000 }], []);
const CN_DOWN = scenario(
  'cn-down-10pct-rmb-down-5pct',
  [
    { market: 'XSHG', move_bp: -1_000 },
    { market: 'XSHE', move_bp: -1_000 },
  ],
  [
    { currency: 'CNY', move_bp: -500 },
    { currency: 'CNH', move_bp: -500 },
  ],
);

function scenario(id: string, price_moves: unknown[], fx_moves: unknown[]) {
  return {
    id,
    name: id,
    kind: 'hypothetical',
    source: 'issue 17 end-to-end test',
    period: null,
    shocks: {
      price_moves,
      fx_moves,
      rate_moves: [],
      liquidity: { repo_haircut_add_bp: 0, facility_draw_bp: 0 },
    },
  };
}

/** A price move in bp for an instrument's market, and an FX move for its currency. */
function moves(s: typeof HK_DOWN, market: string, currency: string): [bigint, bigint] {
  const p = s.shocks.price_moves as Array<{ market: string; move_bp: number }>;
  const f = s.shocks.fx_moves as Array<{ currency: string; move_bp: number }>;
  return [
    BigInt(p.find((m) => m.market === market)?.move_bp ?? 0),
    BigInt(f.find((m) => m.currency === currency)?.move_bp ?? 0),
  ];
}

interface Holding {
  participant: string;
  ccp: string;
  instrument: string;
  quantity: bigint;
}

const NON_HOLDERS = new Set(['csd', 'ccp', 'central_bank', 'exchange', 'operator']);

/** Every holder's posted balances, read from the ledger, with the trades' open legs added. */
function holdingsByHand(state: HubState, open: readonly Holding[]): Holding[] {
  const rows: Holding[] = [...open];
  for (const account of state.ledger.account_list) {
    if (account.omnibus || account.purpose !== 'available') continue;
    const security = state.reference.securities.get(account.asset);
    if (security === undefined) continue;
    const ccp = ['XSHG', 'XSHE', 'CIBM'].includes(security.market)
      ? 'chinaclear'
      : ['XHKG', 'CMU'].includes(security.market)
        ? 'hkscc'
        : null;
    const investor = state.reference.investors.get(account.owner);
    const party = state.reference.parties.get(account.owner);
    const holder = investor !== undefined || !party?.roles.some((r) => NON_HOLDERS.has(r));
    if (ccp === null || !holder || (investor === undefined && party === undefined)) continue;
    const participant = investor?.broker ?? account.owner;
    rows.push({ participant, ccp, instrument: security.id, quantity: postedBalance(account) });
  }
  return rows;
}

type Rate = (currency: string) => bigint;

/** Each participant's stress loss at `ccp` in scenario `s`, HKD cents × 10^16, and the positions read. */
function lossesByHand(
  state: HubState,
  holdings: readonly Holding[],
  ccp: string,
  s: typeof HK_DOWN,
  price: ReadonlyMap<string, bigint>,
  rate: Rate,
): { loss: Map<string, bigint>; positions: bigint } {
  const loss = new Map<string, bigint>();
  let positions = 0n;
  for (const h of holdings) {
    const p = price.get(h.instrument);
    if (h.ccp !== ccp || p === undefined) continue;
    const security = state.reference.securities.get(h.instrument);
    const currency = security?.currency ?? h.instrument.slice('cash:'.length);
    const [move, fx] = moves(s, security?.market ?? 'cash', currency);
    const kept = (10_000n + move) * (10_000n + fx);
    const e16 = h.quantity * p * rate(currency) * (100_000_000n - kept);
    loss.set(h.participant, (loss.get(h.participant) ?? 0n) + e16);
    positions += 1n;
  }
  return { loss, positions };
}

describe('a Connect day, then a joint stress test (issue 17, done when)', () => {
  let t: TestServer;
  let run: Record<string, unknown> & {
    by_scenario: Array<{ scenario: string; ccp: string; loss_minor: string }>;
    by_member: Array<{ participant: string; ccp: string; worst_loss_minor: string }>;
    covers: Array<{ ccp: string; cover2: { amount_minor: string } }>;
    liquidity: { cover: number; days: number; rows: Array<Record<string, unknown>> };
    quota_effects: Array<Record<string, string>>;
    payment_limit_effects: Array<Record<string, string>>;
    unsettled_instructions: number;
    summary: string[];
  };
  let open: Holding[];
  let member_im: Map<string, bigint>;

  before(async () => {
    t = await startTestServer();
    const trade = async (participant: string, body: Record<string, unknown>) => {
      const reply = await t.client(participant).post('/v1/orders', orderBody(body));
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body as { events: Array<{ type: string }> };
    };
    const moutai = { instrument: MOUTAI, price_units: 146_000, quantity_units: 100 };
    await trade('BUND', {
      ...moutai,
      client_order_id: 'd-s1',
      side: 'sell',
      owner: 'cn-retail-zhang',
    });
    const nb = await trade('HARBOUR', {
      ...moutai,
      client_order_id: 'd-b1',
      side: 'buy',
      owner: 'hk-inst-fund',
      bcan: '1000000003',
    });
    const tencent = { instrument: TENCENT, price_units: 620_000, quantity_units: 100 };
    await trade('LIONROCK', {
      ...tencent,
      client_order_id: 'd-s2',
      side: 'sell',
      owner: 'LIONROCK',
    });
    const sb = await trade('PEARL', {
      ...tencent,
      client_order_id: 'd-b2',
      side: 'buy',
      owner: 'cn-inst-fund',
      order_type: 'enhanced_limit',
    });
    assert.ok(
      nb.events.some((e) => e.type === 'trade') && sb.events.some((e) => e.type === 'trade'),
    );
    // The trades' open legs: RMB 1,460.00 × 100 = 14,600,000 fen; HKD 620.00 × 100 = 6,200,000.
    open = [
      { participant: 'BUND', ccp: 'chinaclear', instrument: MOUTAI, quantity: -100n },
      { participant: 'BUND', ccp: 'chinaclear', instrument: 'cash:CNY', quantity: 14_600_000n },
      { participant: 'HARBOUR', ccp: 'chinaclear', instrument: MOUTAI, quantity: 100n },
      { participant: 'HARBOUR', ccp: 'chinaclear', instrument: 'cash:CNY', quantity: -14_600_000n },
      { participant: 'LIONROCK', ccp: 'hkscc', instrument: TENCENT, quantity: -100n },
      { participant: 'LIONROCK', ccp: 'hkscc', instrument: 'cash:HKD', quantity: 6_200_000n },
      { participant: 'PEARL', ccp: 'hkscc', instrument: TENCENT, quantity: 100n },
      { participant: 'PEARL', ccp: 'hkscc', instrument: 'cash:HKD', quantity: -6_200_000n },
    ];
    const margin = await t.client('operator').get('/v1/risk/margin?level=member');
    assert.equal(margin.status, 200, JSON.stringify(margin.body));
    const rows = (margin.body as { margin: Array<Record<string, string>> }).margin;
    member_im = new Map(
      rows.map((r) => [`${r.participant}@${r.ccp}`, BigInt(r.initial_margin_minor as string)]),
    );
    const reply = await t.client('operator').post('/v1/risk/stress-runs', {
      scenarios: [],
      custom: [HK_DOWN, CN_DOWN],
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    run = (reply.body as { run: typeof run }).run;
  });
  after(() => t.close());

  test('the monitor’s flows are the quotas used: Northbound in RMB, Southbound in HKD and RMB', async () => {
    const op = t.client('operator');
    const flows = (await op.get('/v1/risk/flows')).body as {
      series: Array<{ link: string; direction: string; currency: string; buy_minor: string }>;
      stock_connect_quotas: Array<{
        quota_link: string;
        daily_quota_minor: string;
        used_now_minor: string | null;
      }>;
    };
    const quotas = (await op.get('/v1/quotas')).body as {
      quotas: Array<{ link: string; daily_quota_minor: string; balance_minor: string }>;
    };
    const used = (link: string) => {
      const q = quotas.quotas.find((x) => x.link === link);
      assert.ok(q, link);
      return BigInt(q.daily_quota_minor) - BigInt(q.balance_minor);
    };
    // The monitor learns the balances at the day's end (docs/risk-monitor.md §2); the quotas now.
    const monitor_quota = (link: string) =>
      flows.stock_connect_quotas.find((q) => q.quota_link === link)?.daily_quota_minor;
    for (const q of quotas.quotas) assert.equal(monitor_quota(q.link), q.daily_quota_minor);
    // Beside the flows, the quota used so far is the hub's: the same figure /v1/quotas gives.
    for (const q of quotas.quotas) {
      const row = flows.stock_connect_quotas.find((x) => x.quota_link === q.link);
      assert.equal(
        row?.used_now_minor,
        String(BigInt(q.daily_quota_minor) - BigInt(q.balance_minor)),
      );
    }
    const bought = (direction: string, currency: string) =>
      flows.series
        .filter((s) => s.direction === direction && s.currency === currency)
        .reduce((sum, s) => sum + BigInt(s.buy_minor), 0n);
    // Northbound: the RMB the monitor saw bought is exactly the Shanghai quota used.
    assert.equal(bought('northbound', 'CNY'), 14_600_000n);
    assert.equal(used('sh_northbound'), 14_600_000n);
    assert.equal(used('sz_northbound'), 0n);
    // Southbound: HKD 62,000.00 bought; the quota counts it in RMB at the buy reference rate.
    assert.equal(bought('southbound', 'HKD'), 6_200_000n);
    // RMB per HKD for buys, as ChinaClear wrote it (e.g. "0.9322"); the quota is rounded up.
    const written = hubState(t.server.gateway).rules.fx_today?.rate_for_buys ?? '';
    const [whole = '', decimals = ''] = written.split('.');
    const scale = 10n ** BigInt(decimals.length);
    const rmb_e = 6_200_000n * BigInt(whole + decimals);
    assert.ok(written.length > 0);
    assert.equal(used('sh_southbound'), (rmb_e + scale - 1n) / scale);
  });

  test('the report’s CCP losses are the ledger’s holdings revalued (open trades net out)', () => {
    const state = hubState(t.server.gateway);
    const inputs = riskInputs(state);
    const price = new Map(inputs.prices.map((p) => [p.instrument, p.price_minor]));
    const rate = (c: string) =>
      c === 'HKD'
        ? E8
        : (inputs.portfolio.fx_rates.find((r) => r.currency === c)?.hkd_per_unit_e8 ?? 0n);
    assert.equal(run.unsettled_instructions, 4);
    for (const s of [HK_DOWN, CN_DOWN]) {
      for (const ccp of ['chinaclear', 'hkscc']) {
        let loss_e16 = 0n; // HKD cents × 10^16
        let n = 0n;
        for (const h of holdingsByHand(state, [])) {
          const security = state.reference.securities.get(h.instrument);
          const p = price.get(h.instrument);
          if (h.ccp !== ccp || security === undefined || p === undefined) continue;
          const [move, fx] = moves(s, security.market, security.currency);
          const kept = (10_000n + move) * (10_000n + fx);
          loss_e16 += h.quantity * p * rate(security.currency) * (100_000_000n - kept);
          n += 1n;
        }
        const reported = BigInt(
          run.by_scenario.find((r) => r.scenario === s.id && r.ccp === ccp)?.loss_minor ?? '-1',
        );
        const by_hand = loss_e16 / 10n ** 16n;
        assert.ok(
          reported - by_hand <= n && by_hand - reported <= n,
          `${s.id} ${ccp}: ${reported} vs ${by_hand}`,
        );
      }
    }
  });

  test('a member’s initial margin by hand: HS-VaR 99 %, 250 days, the third-largest loss', () => {
    const state = hubState(t.server.gateway);
    const inputs = riskInputs(state);
    const positions = holdingsByHand(state, open).filter(
      (h) => h.participant === 'HARBOUR' && h.ccp === 'chinaclear',
    );
    const instruments = inputs.portfolio.instruments;
    const ids = [...new Set(positions.map((h) => h.instrument))].filter((id) =>
      id.startsWith('cash:') ? true : instruments.some((i) => i.id === id),
    );
    const described = ids.map((id) => {
      const row = instruments.find((i) => i.id === id);
      return id.startsWith('cash:')
        ? {
            id,
            market: 'XSHG' as const,
            kind: 'cash' as const,
            currency: 'CNY' as const,
            price: 1n,
          }
        : {
            id,
            market: row?.market ?? 'XSHG',
            kind: row?.kind ?? 'equity',
            currency: row?.currency ?? 'CNY',
            price: row?.price_minor ?? 0n,
          };
    });
    const history = demoRiskHistory().historyFor(
      described.map(({ id, market, kind }) => ({ id, market, kind: kind as 'equity' })),
      ['HKD', 'CNY'],
    );
    assert.ok(history);
    const rate = (c: string) =>
      Number(inputs.portfolio.fx_rates.find((r) => r.currency === c)?.hkd_per_unit_e8 ?? E8) / 1e8;
    const window = 250;
    const first = history.days - window;
    const losses: number[] = [];
    for (let day = first; day < history.days; day += 1) {
      let pnl = 0;
      for (const h of positions) {
        const i = described.findIndex((d) => d.id === h.instrument);
        const d = described[i];
        if (d === undefined) continue;
        const r_i = history.returns_bp[i * history.days + day] as number;
        const r_fx = (history.fx_returns_bp?.get(d.currency as 'CNY')?.[day] ?? 0) as number;
        const r = r_i + r_fx + (r_i * r_fx) / 10_000;
        pnl += (Number(h.quantity) * Number(d.price) * rate(d.currency) * r) / 10_000;
      }
      losses.push(-pnl);
    }
    losses.sort((a, b) => b - a);
    // k = ceil(250 × (1 − 0.99)) = 3: the third-largest loss, rounded up to the cent.
    const by_hand = BigInt(Math.ceil(Math.max(0, losses[2] as number)));
    const reported = member_im.get('HARBOUR@chinaclear');
    assert.ok(reported !== undefined && reported > 0n);
    assert.ok(reported - by_hand <= 1n && by_hand - reported <= 1n, `${reported} vs ${by_hand}`);
  });

  test('Cover 2 by hand: per scenario the two largest groups’ losses over margin, the worst scenario', () => {
    const state = hubState(t.server.gateway);
    const inputs = riskInputs(state);
    const price = new Map(inputs.prices.map((p) => [p.instrument, p.price_minor]));
    price.set('cash:CNY', 1n).set('cash:HKD', 1n);
    const rate = (c: string) =>
      c === 'HKD'
        ? E8
        : (inputs.portfolio.fx_rates.find((r) => r.currency === c)?.hkd_per_unit_e8 ?? 0n);
    const holdings = holdingsByHand(state, open);
    for (const ccp of ['chinaclear', 'hkscc']) {
      let cover2 = 0n;
      let positions = 0n;
      for (const s of [HK_DOWN, CN_DOWN]) {
        const { loss, positions: read } = lossesByHand(state, holdings, ccp, s, price, rate);
        positions += read;
        // A member's loss over its own margin, summed per affiliate group (one affiliate's
        // surplus margin does not cover another's loss).
        const by_group = new Map<string, bigint>();
        for (const [participant, e16] of loss) {
          const margin = member_im.get(`${participant}@${ccp}`) ?? 0n;
          const uncovered = e16 / 10n ** 16n - margin;
          const group = state.reference.parties.get(participant)?.group ?? participant;
          by_group.set(group, (by_group.get(group) ?? 0n) + (uncovered > 0n ? uncovered : 0n));
        }
        const over = [...by_group.values()];
        over.sort((a, b) => (b > a ? 1 : b < a ? -1 : 0));
        const two = (over[0] ?? 0n) + (over[1] ?? 0n);
        if (two > cover2) cover2 = two;
      }
      const reported = BigInt(run.covers.find((c) => c.ccp === ccp)?.cover2.amount_minor ?? '-1');
      assert.ok(
        reported - cover2 <= positions && cover2 - reported <= positions,
        `${ccp}: ${reported} vs ${cover2}`,
      );
    }
  });

  test('liquidity: each CCP against its largest payers’ pay-ins, from the trades’ cash', () => {
    assert.equal(run.liquidity.cover, 2);
    // The Southbound cash is due T+2: a horizon of three days (0, 1, 2).
    assert.equal(run.liquidity.days, 3);
    // A currency in which a CCP has cash but nobody owes it anything is listed with no need.
    const owed = run.liquidity.rows.filter((r) => r.need_minor !== '0');
    const rows = owed.map((r) => [
      r.scenario,
      r.ccp,
      r.currency,
      (r.groups as string[]).join('+'),
      r.need_minor,
      r.shortfall_minor,
    ]);
    assert.deepEqual(rows, [
      [HK_DOWN.id, 'chinaclear', 'CNY', 'HARBOUR', '14600000', '0'],
      [HK_DOWN.id, 'hkscc', 'HKD', 'PEARL', '6200000', '0'],
      [CN_DOWN.id, 'chinaclear', 'CNY', 'HARBOUR', '14600000', '0'],
      [CN_DOWN.id, 'hkscc', 'HKD', 'PEARL', '6200000', '0'],
    ]);
    assert.ok(run.summary.some((line) => line.startsWith('Every CCP can meet the pay-ins')));
  });

  test('quota and payment-limit effects: the RMB quotas and limits after the RMB falls 5 %', () => {
    assert.equal(run.quota_effects.length, 8); // four links × two scenarios
    const state = hubState(t.server.gateway);
    const cny =
      riskInputs(state).portfolio.fx_rates.find((r) => r.currency === 'CNY')?.hkd_per_unit_e8 ?? 0n;
    for (const e of run.quota_effects) {
      const quota = state.rules.quotas.find((q) => q.link === e.link);
      assert.ok(quota);
      const stressed_rate = e.scenario === CN_DOWN.id ? cny * 9_500n : cny * 10_000n;
      const half_up = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);
      assert.equal(BigInt(e.balance_hkd_minor as string), half_up(quota.balance_minor * cny, E8));
      assert.equal(
        BigInt(e.stressed_balance_hkd_minor as string),
        half_up(quota.balance_minor * stressed_rate, E8 * 10_000n),
      );
      // Hong Kong shares fall in scenario 1 only, A shares in scenario 2 only (where held).
      const held = BigInt(e.holdings_value_hkd_minor as string) > 0n;
      const moves_here = held && (e.scenario === HK_DOWN.id) === (e.direction === 'southbound');
      assert.equal(
        BigInt(e.holdings_change_hkd_minor as string) < 0n,
        moves_here,
        JSON.stringify(e),
      );
    }
    const daily = run.payment_limit_effects.find(
      (e) => e.scenario === CN_DOWN.id && e.limit === 'northbound_daily_per_payer',
    );
    // HKD 10,000.00 buys 1,000,000 × 10^8 / (rate × 0.95) fen once the RMB has fallen.
    assert.equal(
      BigInt(daily?.stressed_value_minor as string),
      (2n * 1_000_000n * E8 * 10_000n + cny * 9_500n) / (2n * cny * 9_500n),
    );
  });
});
