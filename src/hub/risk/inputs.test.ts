/**
 * The risk inputs from a hub: the demo's genesis, one Northbound trade in Moutai at RMB 1,465.00,
 * and one published bond valuation, with the figures checked by hand.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { riskPortfolio } from '../../oversight/risk/index.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { bondSetUpSubmissions } from '../../sim/genesis_bonds.js';
import { digestHubState } from '../state.js';
import { TestHub } from '../testing.js';
import { riskInputs, STATED_FX_RATES } from './inputs.js';

const MOUTAI = 'CNE0000018R8';
const TENCENT = 'KYG875721634';

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function demoHub(bonds = false): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  for (let stage = bondSetUpSubmissions(t.hub.state); bonds && stage.length > 0; ) {
    for (const s of stage) t.accept(s.participant, s.command);
    stage = bondSetUpSubmissions(t.hub.state);
  }
  return t;
}

const ORDER = {
  instrument: MOUTAI,
  order_type: 'limit',
  time_in_force: 'day',
  quantity_units: 100,
};

function tradeMoutai(t: TestHub): void {
  t.now_us = timestampAt('2026-01-05', '10:00');
  const sell = { ...ORDER, client_order_id: 's1', side: 'sell', owner: 'cn-retail-zhang' };
  t.accept('BUND', wire({ type: 'market.submit_order', ...sell, price_units: 146_500 }));
  const buy = { ...ORDER, client_order_id: 'b1', side: 'buy', owner: 'hk-inst-fund' };
  const result = t.accept(
    'HARBOUR',
    wire({ type: 'market.submit_order', ...buy, price_units: 146_500, bcan: '1000000003' }),
  );
  assert.ok(result.events.some((e) => e.type === 'trade'));
}

test('accounts per holder and CCP, with participant, investor type and group', () => {
  const t = demoHub();
  const inputs = riskInputs(t.hub.state);
  const ids = inputs.portfolio.accounts.map((a) => a.id);
  // A Hong Kong client holds A shares Northbound (ChinaClear) and Hong Kong shares (HKSCC).
  const chan_cn = inputs.portfolio.accounts.find((a) => a.id === 'hk-retail-chan@chinaclear');
  assert.deepEqual(chan_cn, {
    id: 'hk-retail-chan@chinaclear',
    participant: 'HARBOUR',
    investor_type: 'retail',
    ccp: 'chinaclear',
    affiliate_group: 'HARBOUR',
  });
  assert.ok(ids.includes('hk-retail-chan@hkscc'));
  // A Mainland client holds A shares directly and Hong Kong shares Southbound (HKSCC).
  const zhang = inputs.portfolio.accounts.find((a) => a.id === 'cn-retail-zhang@hkscc');
  assert.equal(zhang?.participant, 'BUND');
  // A market maker holds for itself: its own participant, institutional.
  const maker = inputs.portfolio.accounts.find((a) => a.id === 'LUJIAZUI@chinaclear');
  assert.equal(maker?.participant, 'LUJIAZUI');
  assert.equal(maker?.investor_type, 'institutional');
  // Lujiazui is registered in Lion Rock's group: affiliates default together for Cover 2.
  assert.equal(maker?.affiliate_group, 'LIONROCK');
  assert.equal(
    inputs.portfolio.accounts.find((a) => a.id === 'LIONROCK@hkscc')?.affiliate_group,
    'LIONROCK',
  );
  assert.equal(chan_cn?.affiliate_group, 'HARBOUR');
  // No CSD, CCP or nominee tier is an account.
  for (const owner of ['CSDC', 'HKSCC', 'HKMA', 'CMU'])
    assert.ok(!ids.some((id) => id.startsWith(`${owner}@`)), owner);
  // The inputs are what the risk core accepts.
  const built = riskPortfolio(inputs.portfolio);
  assert.ok(built.ok, built.ok ? '' : `${built.code}: ${built.message}`);
});

test('positions are posted balances: 20 lots of 100 for a retail client, 1,000 for a fund', () => {
  const t = demoHub();
  const inputs = riskInputs(t.hub.state);
  const quantity = (account: string, isin: string) => {
    const a = inputs.portfolio.accounts.findIndex((row) => row.id === account);
    const i = inputs.portfolio.instruments.findIndex((row) => row.id === isin);
    return inputs.portfolio.positions.find((p) => p.account === a && p.instrument === i)?.quantity;
  };
  assert.equal(quantity('hk-retail-chan@chinaclear', MOUTAI), 2_000n); // 20 lots × 100
  assert.equal(quantity('hk-inst-fund@chinaclear', MOUTAI), 100_000n); // 1,000 lots × 100
  assert.equal(quantity('hk-retail-chan@hkscc', TENCENT), 2_000n); // 20 lots × 100
  assert.equal(quantity('LUJIAZUI@chinaclear', MOUTAI), 500_000n); // 5,000 lots × 100
});

test('prices: the last trade, else the previous close, in minor units; tokens left out', () => {
  const t = demoHub();
  const before = riskInputs(t.hub.state);
  const moutai = before.prices.find((p) => p.instrument === MOUTAI);
  // RMB 1,460.00 (2 decimals) is 146,000 fen; no trade yet.
  assert.deepEqual(moutai, {
    instrument: MOUTAI,
    source: 'previous_close',
    price_minor: 146_000n,
    previous_price_minor: 146_000n,
  });
  // HKD 620.000 (3 decimals, 620,000 units) is 62,000 cents.
  const tencent = before.prices.find((p) => p.instrument === TENCENT);
  assert.equal(tencent?.price_minor, 62_000n);
  assert.ok(!before.portfolio.instruments.some((i) => i.market === 'VATP'));
  tradeMoutai(t);
  const after = riskInputs(t.hub.state).prices.find((p) => p.instrument === MOUTAI);
  assert.equal(after?.source, 'last_trade');
  assert.equal(after?.price_minor, 146_500n);
  assert.equal(after?.previous_price_minor, 146_000n);
});

test('FX: the stated table until the operator sets the payment limit rates, then those', () => {
  const t = demoHub();
  const stated = riskInputs(t.hub.state);
  assert.equal(stated.fx_source, 'stated_table');
  assert.deepEqual(stated.portfolio.fx_rates, STATED_FX_RATES);
  t.accept(
    'operator',
    wire({
      type: 'payments.set_settings',
      hkd_per_cny_e8: '108000000',
      usd_per_cny_e8: '13800000',
    }),
  );
  const limit = riskInputs(t.hub.state);
  assert.equal(limit.fx_source, 'payment_limit_rates');
  const rate = (c: string) =>
    limit.portfolio.fx_rates.find((r) => r.currency === c)?.hkd_per_unit_e8;
  assert.equal(rate('CNY'), 108_000_000n);
  assert.equal(rate('CNH'), 108_000_000n);
  // HKD per USD = 1.08 / 0.138 = 7.82608695652… → 782,608,696 (× 10^8, half up)
  assert.equal(rate('USD'), 782_608_696n);
});

test('bonds: priced from the published valuation yield, with a duration; unvalued ones left out', () => {
  const t = demoHub(true);
  const held_bonds = [...t.hub.state.bonds.bonds.keys()];
  const before = riskInputs(t.hub.state);
  if (held_bonds.length === 0) assert.fail('the demo has no bonds in the hub');
  for (const isin of held_bonds) {
    const held = t.hub.state.ledger.by_asset.get(isin)?.some((a) => a.credits_posted > 0n);
    if (held === true) assert.ok(before.unpriced.includes(isin), isin);
  }
  const isin = held_bonds.find((b) => before.unpriced.includes(b)) as string;
  t.accept(
    'operator',
    wire({ type: 'bonds.publish_valuation', isin, date: '2026-01-04', yield_e12: '25000000000' }),
  );
  const after = riskInputs(t.hub.state);
  const price = after.prices.find((p) => p.instrument === isin);
  assert.equal(price?.source, 'valuation_yield');
  const terms = t.hub.state.bonds.bonds.get(isin)?.terms;
  assert.ok(terms !== undefined && price !== undefined);
  // At 2.5 % a bond of a few years trades within 20 % of its face.
  const face = terms.face_value_minor;
  assert.ok(price.price_minor > (face * 8n) / 10n && price.price_minor < (face * 12n) / 10n);
  // Modified duration between 0 and the years to maturity.
  const years = Number(terms.maturity_date.slice(0, 4)) - 2026 + 1;
  assert.ok((price.modified_duration_e4 ?? 0) > 0);
  assert.ok((price.modified_duration_e4 ?? 0) < years * 10_000);
  assert.ok(!after.unpriced.includes(isin));
  assert.ok(riskPortfolio(after.portfolio).ok);
});

test('a pure function of the state: same state, same inputs; the state is unchanged', () => {
  const t = demoHub();
  tradeMoutai(t);
  const digest = digestHubState(t.hub.state);
  const a = riskInputs(t.hub.state);
  const b = riskInputs(t.hub.state);
  assert.deepEqual(a, b);
  assert.equal(digestHubState(t.hub.state), digest);
});
