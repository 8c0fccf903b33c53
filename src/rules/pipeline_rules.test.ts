import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkRulesInvariants,
  createRulesState,
  onDayStart,
  RULES_LIMITS_DEFAULT,
  seedForeignHoldings,
  setBcanMappings,
  setEligibility,
} from './index.js';
import {
  at,
  check,
  DAY,
  Desk,
  demoReference,
  expectRefused,
  listEverything,
  must,
  nb,
  order,
  readyState,
  SEC,
  sb,
} from './testing.js';

const reference = demoReference();
const T = at('10:00');
describe('checkOrder: eligible securities', () => {
  test('refuses NOT_ELIGIBLE_NORTHBOUND and NOT_ELIGIBLE_SOUTHBOUND off the list, buys and sells', () => {
    const state = readyState(reference);
    must(
      setEligibility(state, reference, {
        type: 'rules.set_eligibility',
        entries: [
          { link: 'sh_northbound', instrument: SEC.MOUTAI, status: 'removed' },
          { link: 'sh_southbound', instrument: SEC.TENCENT, status: 'removed' },
        ],
      }),
    );
    for (const side of ['buy', 'sell'] as const) {
      expectRefused(state, 'NOT_ELIGIBLE_NORTHBOUND', () =>
        check(state, reference, nb('hk-inst-fund', { instrument: SEC.MOUTAI, side }), T),
      );
      expectRefused(state, 'NOT_ELIGIBLE_SOUTHBOUND', () =>
        check(state, reference, sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, side }), T),
      );
    }
    assert.ok(
      check(
        state,
        reference,
        sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, channel: 'XSHE' }),
        T,
      ).ok,
      'Shenzhen’s list is separate',
    );
  });

  test('refuses SELL_ONLY_ELIGIBILITY for a buy of a sell-only security; the sell goes', () => {
    const state = readyState(reference);
    must(
      setEligibility(state, reference, {
        type: 'rules.set_eligibility',
        entries: [{ link: 'sh_northbound', instrument: SEC.PINGAN, status: 'sell_only' }],
      }),
    );
    expectRefused(state, 'SELL_ONLY_ELIGIBILITY', () =>
      check(state, reference, nb('hk-inst-fund', { instrument: SEC.PINGAN }), T),
    );
    const sell = nb('hk-inst-fund', { instrument: SEC.PINGAN, side: 'sell' });
    assert.ok(
      check(state, reference, sell, T, { [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 100 }).ok,
    );
  });

  test('refuses SELL_ONLY_SPECIAL_TREATMENT for a Northbound buy of an ST share; the sell goes', () => {
    const state = readyState(reference);
    const details = expectRefused(state, 'SELL_ONLY_SPECIAL_TREATMENT', () =>
      check(state, reference, nb('hk-inst-fund', { instrument: SEC.ST_TEXTILE }), T),
    );
    assert.equal(details.special_treatment, 'st');
    const sell = nb('hk-inst-fund', { instrument: SEC.ST_TEXTILE, side: 'sell' });
    assert.ok(
      check(state, reference, sell, T, { [`hk-inst-fund|${SEC.ST_TEXTILE}|sh_northbound`]: 100 })
        .ok,
    );
  });

  test('refuses INSTITUTIONAL_PROFESSIONAL_ONLY for ChiNext and STAR buys by individuals', () => {
    const state = readyState(reference);
    expectRefused(state, 'INSTITUTIONAL_PROFESSIONAL_ONLY', () =>
      check(state, reference, nb('hk-pro-lam', { instrument: SEC.CATL }), T),
    );
    expectRefused(state, 'INSTITUTIONAL_PROFESSIONAL_ONLY', () =>
      check(
        state,
        reference,
        nb('hk-retail-chan', { instrument: SEC.SMIC, quantity_units: 200 }),
        T,
      ),
    );
    assert.ok(check(state, reference, nb('hk-inst-fund', { instrument: SEC.CATL }), T).ok);
    assert.ok(
      check(state, reference, nb('sg-inst-fund', { instrument: SEC.SMIC, quantity_units: 201 }), T)
        .ok,
      'STAR: 200 then steps of 1',
    );
  });
});

describe('checkOrder: investors', () => {
  test('refuses MAINLAND_INVESTOR_NORTHBOUND_BUY for a Mainland ID holder; their sell goes', () => {
    const state = createRulesState();
    listEverything(state, reference);
    must(
      setBcanMappings(
        state,
        reference,
        {
          type: 'rules.set_bcan_mappings',
          broker: 'HARBOUR',
          mappings: [{ bcan: '1000000077', investor: 'hk-retail-li' }],
          removals: [],
        },
        at('12:00', '2025-12-31'),
      ),
    );
    must(onDayStart(state, reference, DAY));
    const o = order({
      participant: 'HARBOUR',
      owner: 'hk-retail-li',
      instrument: SEC.MOUTAI,
      bcan: '1000000077',
    });
    const details = expectRefused(state, 'MAINLAND_INVESTOR_NORTHBOUND_BUY', () =>
      check(state, reference, o, T),
    );
    assert.equal(details.id_document_country, 'CN');
    assert.ok(
      check(state, reference, { ...o, side: 'sell' }, T, {
        [`hk-retail-li|${SEC.MOUTAI}|sh_northbound`]: 100,
      }).ok,
    );
  });

  test('refuses SOUTHBOUND_INVESTOR_NOT_ELIGIBLE for a foreign client of a Mainland broker', () => {
    const state = readyState(reference);
    expectRefused(state, 'SOUTHBOUND_INVESTOR_NOT_ELIGIBLE', () =>
      check(state, reference, sb('qfii-us-pension', 'BUND', { instrument: SEC.TENCENT }), T),
    );
  });

  test('refuses SOUTHBOUND_ASSETS_BELOW_THRESHOLD below RMB 500,000; sells and institutions pass', () => {
    const state = readyState(reference);
    const details = expectRefused(state, 'SOUTHBOUND_ASSETS_BELOW_THRESHOLD', () =>
      check(state, reference, sb('cn-retail-liu', 'PEARL', { instrument: SEC.TENCENT }), T),
    );
    assert.deepEqual(
      [details.assets_20d_avg_minor, details.minimum_minor],
      [30_000_000n, 50_000_000n],
    );
    const sell = sb('cn-retail-liu', 'PEARL', { instrument: SEC.TENCENT, side: 'sell' });
    assert.ok(
      check(state, reference, sell, T, { [`cn-retail-liu|${SEC.TENCENT}|sh_southbound`]: 100 }).ok,
    );
    assert.ok(
      check(state, reference, sb('cn-retail-zhang', 'BUND', { instrument: SEC.TENCENT }), T).ok,
    );
    assert.ok(
      check(state, reference, sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }), T).ok,
    );
  });

  test('refuses ODD_LOT_BUY for buys off the board lot or under the minimum; odd-lot sells go', () => {
    const state = readyState(reference);
    expectRefused(state, 'ODD_LOT_BUY', () =>
      check(
        state,
        reference,
        nb('hk-inst-fund', { instrument: SEC.PINGAN, quantity_units: 150 }),
        T,
      ),
    );
    expectRefused(state, 'ODD_LOT_BUY', () =>
      check(state, reference, nb('hk-inst-fund', { instrument: SEC.SMIC, quantity_units: 199 }), T),
    );
    expectRefused(state, 'ODD_LOT_BUY', () =>
      check(
        state,
        reference,
        sb('cn-inst-fund', 'PEARL', { instrument: SEC.HSBC, quantity_units: 100 }),
        T,
      ),
    );
    const sell = nb('hk-inst-fund', { instrument: SEC.PINGAN, side: 'sell', quantity_units: 150 });
    assert.ok(
      check(state, reference, sell, T, { [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 150 }).ok,
    );
  });
});

describe('checkOrder: holdings', () => {
  test('refuses SHORT_SELLING_NOT_ALLOWED beyond the holding, both ways', () => {
    const state = readyState(reference);
    const held = {
      [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 300,
      [`cn-inst-fund|${SEC.TENCENT}|sh_southbound`]: 100,
    };
    const desk = new Desk(state, reference, held);
    desk.accept(
      nb('hk-inst-fund', { instrument: SEC.PINGAN, side: 'sell', quantity_units: 200 }),
      T,
    );
    const details = expectRefused(state, 'SHORT_SELLING_NOT_ALLOWED', () =>
      check(
        state,
        reference,
        nb('hk-inst-fund', { instrument: SEC.PINGAN, side: 'sell', quantity_units: 200 }),
        T,
        held,
      ),
    );
    assert.deepEqual([details.sellable_units, details.open_sell_units], [100, 200]);
    expectRefused(state, 'SHORT_SELLING_NOT_ALLOWED', () =>
      check(
        state,
        reference,
        sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, side: 'sell', quantity_units: 200 }),
        T,
        held,
      ),
    );
    expectRefused(state, 'SHORT_SELLING_NOT_ALLOWED', () =>
      check(
        state,
        reference,
        sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, side: 'sell', channel: 'XSHE' }),
        T,
        held,
      ),
    );
  });

  test('refuses DAY_TRADING_NOT_ALLOWED Northbound for shares bought today; Southbound may day-trade', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference);
    const buy = desk.accept(nb('hk-inst-fund', { instrument: SEC.PINGAN, quantity_units: 500 }), T);
    desk.trade(buy, 900_000, 100, 500, T);
    const details = expectRefused(state, 'DAY_TRADING_NOT_ALLOWED', () =>
      check(
        state,
        reference,
        nb('hk-inst-fund', { instrument: SEC.PINGAN, side: 'sell', quantity_units: 500 }),
        T,
      ),
    );
    assert.deepEqual([details.bought_today_units, details.sellable_units], [500, 0]);
    const sb_buy = desk.accept(sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }), T);
    desk.trade(sb_buy, 900_001, 100_000, 100, T);
    desk.accept(sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, side: 'sell' }), T);
    checkRulesInvariants(state);
  });

  test('refuses FOREIGN_OWNERSHIP_LIMIT past 10 % for one investor', () => {
    const state = readyState(reference);
    // Moutai: 1,256,197,800 shares in issue; 10 % = 125,619,780
    must(
      seedForeignHoldings(
        state,
        reference,
        {
          type: 'rules.seed_foreign_holdings',
          holdings: [{ instrument: SEC.MOUTAI, owner: 'hk-inst-fund', units: 125_619_700n }],
        },
        at('08:00'),
      ),
    );
    const details = expectRefused(state, 'FOREIGN_OWNERSHIP_LIMIT', () =>
      check(state, reference, nb('hk-inst-fund', { instrument: SEC.MOUTAI }), T),
    );
    assert.deepEqual(
      [details.limit, details.limit_units, details.holder_units],
      ['single', 125_619_780, 125_619_700],
    );
    assert.ok(check(state, reference, nb('hk-inst-insurer', { instrument: SEC.MOUTAI }), T).ok);
  });

  test('refuses FOREIGN_OWNERSHIP_LIMIT past 30 % for all foreign investors, QFII included', () => {
    const state = readyState(reference);
    must(
      seedForeignHoldings(
        state,
        reference,
        {
          type: 'rules.seed_foreign_holdings',
          holdings: [
            { instrument: SEC.MOUTAI, owner: 'hk-inst-fund', units: 125_000_000n },
            { instrument: SEC.MOUTAI, owner: 'sg-inst-fund', units: 125_000_000n },
            { instrument: SEC.MOUTAI, owner: 'qfii-us-pension', units: 125_000_000n },
          ],
        },
        at('08:00'),
      ),
    );
    // 30 % = 376,859,340; 375,000,000 held (29.85 %): Northbound buying is suspended at 28 %
    expectRefused(state, 'NORTHBOUND_BUYING_SUSPENDED', () =>
      check(
        state,
        reference,
        nb('hk-retail-chan', { instrument: SEC.MOUTAI, quantity_units: 100 }),
        T,
      ),
    );
    const qfii = order({
      participant: 'PEARL',
      owner: 'qfii-jp-bank',
      instrument: SEC.MOUTAI,
      quantity_units: 1_900_000,
    });
    const details = expectRefused(state, 'FOREIGN_OWNERSHIP_LIMIT', () =>
      check(state, reference, qfii, T),
    );
    assert.equal(details.limit, 'aggregate');
    assert.ok(
      check(state, reference, { ...qfii, owner: 'cn-retail-liu' }, T).ok,
      'domestic investors are not counted',
    );
  });
});

describe('checkOrder: money and bounds', () => {
  test('refuses FX_REFERENCE_RATE_MISSING for Southbound orders without today’s rates', () => {
    const state = createRulesState();
    listEverything(state, reference);
    must(onDayStart(state, reference, DAY));
    expectRefused(state, 'FX_REFERENCE_RATE_MISSING', () =>
      check(state, reference, sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }), T),
    );
  });

  test('refuses QUOTA_EXHAUSTED and QUOTA_CLOSED_FOR_DAY (see exhaustion tests) without change', () => {
    const state = readyState(reference);
    const q = state.quotas[0];
    assert.ok(q);
    q.balance_minor = 0n;
    q.daily_quota_minor = q.buy_orders_minor = 52n * 100_000_000_000n;
    q.nonpositive_since_second = 9 * 3600 + 16 * 60;
    expectRefused(state, 'QUOTA_EXHAUSTED', () =>
      check(state, reference, nb('hk-inst-fund', { instrument: SEC.MOUTAI }), at('09:17')),
    );
    q.nonpositive_since_second = 9 * 3600 + 40 * 60; // exhausted in continuous trading
    expectRefused(state, 'QUOTA_CLOSED_FOR_DAY', () =>
      check(state, reference, nb('hk-inst-fund', { instrument: SEC.MOUTAI }), at('09:41')),
    );
  });

  test('refuses RULES_ORDERS_FULL, RULES_POSITIONS_FULL and OWNERSHIP_LOTS_FULL at their bounds', () => {
    const tight = (limits: Partial<typeof RULES_LIMITS_DEFAULT>) =>
      readyState(reference, DAY, { ...RULES_LIMITS_DEFAULT, ...limits });
    const a = nb('hk-inst-fund', { instrument: SEC.MOUTAI });
    const b = nb('hk-inst-fund', { instrument: SEC.PINGAN });
    let state = tight({ orders_max: 1 });
    new Desk(state, reference).accept(a, T);
    expectRefused(state, 'RULES_ORDERS_FULL', () => check(state, reference, a, T));
    state = tight({ positions_max: 1 });
    new Desk(state, reference).accept(a, T);
    assert.ok(check(state, reference, a, T).ok, 'the same position is not a new one');
    expectRefused(state, 'RULES_POSITIONS_FULL', () => check(state, reference, b, T));
    state = tight({ ownership_lots_max: 1 });
    new Desk(state, reference).accept(a, T);
    expectRefused(state, 'OWNERSHIP_LOTS_FULL', () => check(state, reference, b, T));
  });
});
