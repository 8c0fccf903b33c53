/**
 * A Connect trading day, driven through the rules' API with real order books (src/market) and a
 * stand-in hub (testing_hub.ts): Monday 5 January 2026, Shanghai Connect both ways. Quota figures
 * are worked by hand in the comments; the tests run in order and share the day.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Phase, referenceTickRule, uniformTickRule } from '../market/index.js';
import {
  checkRulesInvariants,
  createRulesState,
  mapReferenceBcans,
  onDayEnd,
  onDayStart,
  quotaDisclosure,
  seedForeignHoldings,
  setDailyQuota,
  setFxRates,
  southboundSettlementAmount,
} from './index.js';
import {
  at,
  DAY,
  demoReference,
  holdingsTable,
  listEverything,
  must,
  nb,
  order,
  quotaOf,
  SEC,
  sb,
} from './testing.js';
import { DayHub } from './testing_hub.js';

const reference = demoReference();
const state = createRulesState();
const NB_QUOTA = 100_000_000n; // RMB 1,000,000 for the day, so that it runs out
const SB_QUOTA = 4_200_000_000_000n;
const hub = new DayHub(
  state,
  reference,
  holdingsTable({
    [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 20_000,
  }),
);
const ids: Record<string, number> = {};

function accepted(result: ReturnType<DayHub['submit']>, name: string): number {
  if ('code' in result) throw new Error(`${name}: refused ${result.code}`);
  ids[name] = result.order_id;
  return result.order_id;
}
function refused(result: ReturnType<DayHub['submit']>, code: string): void {
  assert.deepEqual(result, { code });
}
const nbBalance = () => quotaOf(state, 'sh_northbound').balance_minor;
const sbBalance = () => quotaOf(state, 'sh_southbound').balance_minor;
const zhang = (fields: Parameters<typeof order>[0] extends infer F ? Partial<F> : never) =>
  order({ participant: 'BUND', owner: 'cn-retail-zhang', instrument: SEC.PINGAN, ...fields });
const ho = (fields: Partial<Parameters<typeof order>[0]>) =>
  order({
    participant: 'KOWLOON',
    owner: 'hk-retail-ho',
    instrument: SEC.TENCENT,
    order_type: 'enhanced_limit',
    ...fields,
  });

describe('a Connect trading day, Monday 5 January 2026', () => {
  test('before the open: lists, BCANs, quota, reference rates, books, day start', () => {
    listEverything(state, reference);
    mapReferenceBcans(state, reference, '2025-01-02');
    const seed = { instrument: SEC.PINGAN, owner: 'hk-inst-fund', units: 20_000n };
    must(
      seedForeignHoldings(
        state,
        reference,
        { type: 'rules.seed_foreign_holdings', holdings: [seed] },
        at('08:00'),
      ),
    );
    must(
      setDailyQuota(
        state,
        {
          type: 'rules.set_daily_quota',
          link: 'sh_northbound',
          daily_quota_minor: NB_QUOTA,
          effective: 'next_day',
        },
        at('08:00'),
      ),
    );
    must(
      setFxRates(state, {
        type: 'rules.set_fx_reference_rates',
        date: DAY,
        rate_for_buys: '0.9300',
        rate_for_sells: '0.9100',
      }),
    );
    const start = must(onDayStart(state, reference, DAY));
    assert.deepEqual(
      [start.connect_day, start.hk_half_day, start.southbound_reference_rates],
      [true, false, true],
    );
    const a_share = {
      tick: uniformTickRule(1),
      lot_units: 100,
      odd_lot: 'sell_only' as const,
      auction_rule: 'sse' as const,
    };
    hub.addBook({ instrument_key: SEC.PINGAN, ...a_share, previous_close_units: 5_800 });
    hub.addBook({ instrument_key: SEC.MOUTAI, ...a_share, previous_close_units: 146_000 });
    hub.addBook({
      instrument_key: SEC.TENCENT,
      tick: referenceTickRule('hk_equity'),
      lot_units: 100,
      odd_lot: 'reject',
      auction_rule: 'hkex',
      limit_queues_max: 1,
      enhanced_limit_queues_max: 10,
      market_orders: null,
      at_auction_orders: true,
      previous_close_units: 620_000,
    });
    assert.equal(nbBalance(), NB_QUOTA);
  });

  test('09:00–09:15 Southbound auction input: an eligible buy, an individual under RMB 500,000', () => {
    hub.phase(Phase.AUCTION_INPUT, at('09:00'), { auction: 'opening' }, [SEC.TENCENT]);
    // 100 Tencent at HKD 620.000 × 0.93 = RMB 57,660.00
    accepted(
      hub.submit(
        sb('cn-retail-zhang', 'BUND', {
          instrument: SEC.TENCENT,
          order_type: 'limit',
          price_units: 620_000,
        }),
        at('09:05'),
      ),
      'zhang_tencent',
    );
    assert.equal(sbBalance(), SB_QUOTA - 5_766_000n);
    refused(
      hub.submit(
        sb('cn-retail-liu', 'PEARL', {
          instrument: SEC.TENCENT,
          order_type: 'limit',
          price_units: 620_000,
        }),
        at('09:06'),
      ),
      'SOUTHBOUND_ASSETS_BELOW_THRESHOLD',
    );
    refused(
      hub.submit(
        sb('cn-retail-zhang', 'BUND', { instrument: SEC.TENCENT, price_units: 620_000 }),
        at('09:07'),
      ),
      'ORDER_TYPE_NOT_ALLOWED',
    );
    accepted(
      hub.submit(ho({ side: 'sell', order_type: 'limit', price_units: 620_000 }), at('09:08')),
      'ho_sell',
    );
  });

  test('09:05–09:15 Northbound: too early, then accepted and held until SSE opens', () => {
    refused(
      hub.submit(
        nb('hk-retail-chan', { instrument: SEC.PINGAN, price_units: 5_800, quantity_units: 1_000 }),
        at('09:05'),
      ),
      'OUTSIDE_ACCEPTANCE_WINDOW',
    );
    const result = hub.submit(
      nb('hk-retail-chan', { instrument: SEC.PINGAN, price_units: 5_800, quantity_units: 1_000 }),
      at('09:12'),
    );
    assert.ok('held' in result && result.held);
    accepted(result, 'chan_buy');
    assert.equal(nbBalance(), NB_QUOTA - 5_800_000n); // consumed when SEHK accepts: 94,200,000
    refused(
      hub.submit(
        { ...nb('hk-retail-chan', { instrument: SEC.PINGAN }), bcan: undefined },
        at('09:13'),
      ),
      'INVESTOR_ID_MISSING',
    );
    refused(
      hub.submit(nb('hk-retail-chan', { instrument: SEC.ST_TEXTILE }), at('09:13')),
      'SELL_ONLY_SPECIAL_TREATMENT',
    );
    refused(
      hub.submit(nb('hk-pro-lam', { instrument: SEC.CATL }), at('09:14')),
      'INSTITUTIONAL_PROFESSIONAL_ONLY',
    );
  });

  test('09:15–09:25 opening call: held orders released, no cancels after 09:20, uncross at 09:25', () => {
    hub.phase(Phase.AUCTION_INPUT, at('09:15'), { auction: 'opening' }, [SEC.PINGAN, SEC.MOUTAI]);
    accepted(
      hub.submit(zhang({ side: 'sell', price_units: 5_800, quantity_units: 1_000 }), at('09:16')),
      'zhang_sell',
    );
    accepted(
      hub.submit(
        nb('hk-inst-fund', { instrument: SEC.PINGAN, price_units: 5_750, quantity_units: 2_000 }),
        at('09:17'),
      ),
      'fund_bid',
    );
    assert.equal(nbBalance(), 94_200_000n - 11_500_000n); // 82,700,000
    hub.phase(Phase.AUCTION_NO_CANCEL, at('09:20'), { auction: 'opening' }, [
      SEC.PINGAN,
      SEC.MOUTAI,
    ]);
    assert.equal(hub.cancel(ids.fund_bid as number, at('09:21')), 'CANCEL_NOT_ALLOWED_NOW');
    refused(
      hub.submit(
        nb('hk-retail-chan', { instrument: SEC.PINGAN, side: 'sell', quantity_units: 100 }),
        at('09:22'),
      ),
      'SHORT_SELLING_NOT_ALLOWED',
    );
    hub.phase(Phase.AUCTION_FROZEN, at('09:20'), { auction: 'opening' }, [SEC.TENCENT]);
    hub.uncross(SEC.TENCENT, at('09:21'));
    hub.uncross(SEC.PINGAN, at('09:25'));
    hub.phase(Phase.AUCTION_FROZEN, at('09:25'), { auction: 'opening' }, [SEC.PINGAN, SEC.MOUTAI]);
    // chan's 1,000 at 58.00 against zhang's 1,000 at 58.00: at the limit, nothing restored
    assert.deepEqual(
      hub.trades.map((t) => [t.buy_order_id, t.sell_order_id, t.price_units, t.quantity_units]),
      [
        [ids.zhang_tencent, ids.ho_sell, 620_000, 100],
        [ids.chan_buy, ids.zhang_sell, 5_800, 1_000],
      ],
    );
    assert.equal(nbBalance(), 82_700_000n);
  });

  test('09:25–09:30: orders held until continuous trading', () => {
    const result = hub.submit(
      nb('hk-inst-fund', {
        instrument: SEC.PINGAN,
        side: 'sell',
        price_units: 5_820,
        quantity_units: 500,
      }),
      at('09:27'),
    );
    assert.ok('held' in result && result.held);
    accepted(result, 'fund_sell');
    hub.phase(Phase.CONTINUOUS, at('09:30'));
  });

  test('09:30 continuous: a sell trade restores, day trading is refused, price improvement restores', () => {
    accepted(
      hub.submit(zhang({ price_units: 5_820, quantity_units: 500 }), at('09:31')),
      'zhang_buy',
    );
    assert.equal(nbBalance(), 82_700_000n + 2_910_000n); // 500 × 58.20 sold: 85,610,000
    refused(
      hub.submit(
        nb('hk-retail-chan', {
          instrument: SEC.PINGAN,
          side: 'sell',
          price_units: 5_800,
          quantity_units: 1_000,
        }),
        at('09:32'),
      ),
      'DAY_TRADING_NOT_ALLOWED',
    );
    accepted(
      hub.submit(zhang({ side: 'sell', price_units: 5_720, quantity_units: 3_000 }), at('09:45')),
      'zhang_sell_2',
    );
    // trades 2,000 against fund_bid at 57.50 (its limit); 1,000 rest at 57.20
    accepted(
      hub.submit(
        nb('hk-inst-insurer', { instrument: SEC.PINGAN, price_units: 5_760, quantity_units: 500 }),
        at('09:50'),
      ),
      'insurer_buy',
    );
    // 500 × 57.60 = 2,880,000 consumed; filled at 57.20: (57.60 − 57.20) × 500 = 20,000 restored
    assert.equal(nbBalance(), 85_610_000n - 2_880_000n + 20_000n); // 82,750,000
    assert.equal(quotaOf(state, 'sh_northbound').price_improvement_minor, 20_000n);
    assert.deepEqual(quotaDisclosure(state, 'sh_northbound'), {
      link: 'sh_northbound',
      status: 'sufficient',
    });
  });

  test('10:00 the quota runs out: the order that exhausts it is taken, then no buys for the day', () => {
    accepted(
      hub.submit(
        nb('hk-inst-fund', { instrument: SEC.MOUTAI, price_units: 146_000, quantity_units: 500 }),
        at('10:00'),
      ),
      'fund_moutai',
    );
    assert.equal(nbBalance(), 82_750_000n - 73_000_000n); // 9,750,000: under 30 %, now disclosed
    assert.deepEqual(quotaDisclosure(state, 'sh_northbound'), {
      link: 'sh_northbound',
      status: 'balance',
      balance_minor: 9_750_000n,
      daily_quota_minor: NB_QUOTA,
    });
    accepted(
      hub.submit(
        nb('sg-inst-fund', { instrument: SEC.MOUTAI, price_units: 146_000, quantity_units: 100 }),
        at('10:01'),
      ),
      'sg_moutai',
    );
    assert.equal(nbBalance(), -4_850_000n);
    refused(
      hub.submit(nb('hk-retail-chan', { instrument: SEC.PINGAN, price_units: 5_800 }), at('10:02')),
      'QUOTA_CLOSED_FOR_DAY',
    );
    assert.equal(hub.cancel(ids.fund_moutai as number, at('10:03')), 'ok');
    assert.equal(nbBalance(), 68_150_000n); // positive again, but buying stays closed
    refused(
      hub.submit(nb('hk-inst-fund', { instrument: SEC.PINGAN, price_units: 5_800 }), at('10:04')),
      'QUOTA_CLOSED_FOR_DAY',
    );
    accepted(
      hub.submit(
        nb('hk-inst-fund', {
          instrument: SEC.PINGAN,
          side: 'sell',
          price_units: 5_900,
          quantity_units: 1_000,
        }),
        at('10:05'),
      ),
      'fund_sell_2',
    );
    assert.equal(quotaOf(state, 'sh_northbound').closed_in_window, 'continuous');
  });

  test('Southbound day trading is allowed; a sell trade restores at the rate for sells', () => {
    accepted(
      hub.submit(
        sb('cn-retail-zhang', 'BUND', {
          instrument: SEC.TENCENT,
          side: 'sell',
          price_units: 621_000,
        }),
        at('10:30'),
      ),
      'zhang_tencent_sell',
    );
    accepted(hub.submit(ho({ price_units: 621_000 }), at('10:31')), 'ho_buy');
    // HKD 62,100.000 × 0.91 = RMB 56,511.00
    assert.equal(sbBalance(), SB_QUOTA - 5_766_000n + 5_651_100n);
    refused(
      hub.submit(sb('cn-retail-zhang', 'BUND', { instrument: SEC.TENCENT }), at('12:15')),
      'OUTSIDE_ACCEPTANCE_WINDOW',
    );
  });

  test('14:57–15:00 closing call: still closed for buys; cancels refused; books expire at 15:00', () => {
    hub.phase(Phase.AUCTION_NO_CANCEL, at('14:57'), { auction: 'closing' }, [
      SEC.PINGAN,
      SEC.MOUTAI,
    ]);
    refused(
      hub.submit(nb('hk-inst-fund', { instrument: SEC.PINGAN, price_units: 5_800 }), at('14:58')),
      'QUOTA_CLOSED_FOR_DAY',
    );
    assert.equal(hub.cancel(ids.sg_moutai as number, at('14:58')), 'CANCEL_NOT_ALLOWED_NOW');
    hub.uncross(SEC.PINGAN, at('15:00'));
    hub.uncross(SEC.MOUTAI, at('15:00'));
    hub.phase(Phase.CLOSED, at('15:00'), {}, [SEC.PINGAN, SEC.MOUTAI]);
    hub.expireDay(at('15:00'));
    checkRulesInvariants(state);
  });

  test('day end: every quota term matches the hand-worked figures', () => {
    const end = must(onDayEnd(state, reference, at('16:30')));
    const nb_report = end.quotas[0];
    // buys: 5,800,000 + 11,500,000 + 2,880,000 + 73,000,000 + 14,600,000 = 107,780,000
    // released: Moutai cancel 73,000,000 + expiries: sg_moutai 14,600,000 (expired at 15:00)
    // sells: 2,910,000 (the 1,000 at 59.00 never traded); improvement: 20,000
    assert.deepEqual(
      [
        nb_report?.buy_orders_minor,
        nb_report?.released_minor,
        nb_report?.sell_trades_minor,
        nb_report?.price_improvement_minor,
      ],
      [107_780_000n, 87_600_000n, 2_910_000n, 20_000n],
    );
    assert.equal(
      nb_report?.balance_minor,
      NB_QUOTA - 107_780_000n + 87_600_000n + 2_910_000n + 20_000n,
    );
    assert.equal(nb_report?.balance_minor, 82_750_000n);
    assert.deepEqual([nb_report?.buying_closed, nb_report?.closed_in_window], [true, 'continuous']);
    assert.equal(end.forced_sales.length, 0);
    // foreign holdings: fund 20,000 seeded − 500 sold + 2,000 bought; chan 1,000; insurer 500
    const pingan = state.ownership.instruments.get(SEC.PINGAN);
    assert.deepEqual(
      [...(pingan?.holders ?? [])].map(([o, h]) => [o, h.units]),
      [
        ['hk-inst-fund', 21_500],
        ['hk-retail-chan', 1_000],
        ['hk-inst-insurer', 500],
      ],
    );
    checkRulesInvariants(state);
  });

  test('after the close: settlement rates price the Southbound trades in RMB', () => {
    must(
      setFxRates(state, {
        type: 'rules.set_fx_settlement_rates',
        date: DAY,
        rate_for_buys: '0.92080',
        rate_for_sells: '0.92060',
      }),
    );
    // zhang bought HKD 62,000 and sold HKD 62,100
    assert.equal(must(southboundSettlementAmount(state, DAY, 'buy', 620_000, 100, 3)), 5_708_960n);
    assert.equal(must(southboundSettlementAmount(state, DAY, 'sell', 621_000, 100, 3)), 5_716_926n);
  });

  test('the next day: quotas reset, and shares bought yesterday may be sold', () => {
    must(onDayStart(state, reference, '2026-01-06'));
    assert.equal(nbBalance(), NB_QUOTA);
    assert.equal(quotaOf(state, 'sh_northbound').buying_closed, false);
    hub.holdings = holdingsTable({ [`hk-retail-chan|${SEC.PINGAN}|sh_northbound`]: 1_000 });
    hub.phase(Phase.CONTINUOUS, at('09:30', '2026-01-06'), {}, [SEC.PINGAN]);
    accepted(
      hub.submit(
        nb('hk-retail-chan', {
          instrument: SEC.PINGAN,
          side: 'sell',
          price_units: 5_900,
          quantity_units: 1_000,
        }),
        at('09:31', '2026-01-06'),
      ),
      'chan_sell_t1',
    );
    checkRulesInvariants(state);
  });
});
