import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { securityUpdateSchema, updateSecurity } from '../reference/index.js';
import { checkRulesInvariants, forcedSaleNotices, onDayEnd, seedForeignHoldings } from './index.js';
import { at, Desk, demoReference, must, nb, order, readyState, SEC } from './testing.js';

describe('foreign ownership: tracking from trades', () => {
  test('Northbound and QFII buys count when they trade, sells take from the seller’s newest lots', () => {
    const reference = demoReference();
    const state = readyState(reference);
    const desk = new Desk(state, reference, { [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 0 });
    const a = desk.accept(
      nb('hk-inst-fund', { instrument: SEC.PINGAN, price_units: 5_800, quantity_units: 1_000 }),
      at('10:00'),
    );
    const q = desk.accept(
      order({
        participant: 'BUND',
        owner: 'qfii-us-pension',
        instrument: SEC.PINGAN,
        quantity_units: 500,
      }),
      at('10:00'),
    );
    assert.equal(state.ownership.pending_lots, 2);
    desk.trade(a, 900_000, 5_800, 400, at('10:01'));
    desk.trade(a, 900_000, 5_800, 600, at('10:02'));
    desk.trade(q, 900_000, 5_800, 500, at('10:03'));
    const entry = state.ownership.instruments.get(SEC.PINGAN);
    assert.equal(entry?.aggregate_units, 1_500);
    assert.equal(entry?.lots.length, 2, 'one lot per buy order');
    assert.equal(state.ownership.pending_lots, 0);
    const sell = desk.accept(
      order({
        participant: 'BUND',
        owner: 'qfii-us-pension',
        instrument: SEC.PINGAN,
        side: 'sell',
        quantity_units: 200,
      }),
      at('10:04'),
    );
    desk.trade(900_001, sell, 5_800, 200, at('10:05'));
    assert.equal(entry?.holders.get('qfii-us-pension')?.units, 300);
    assert.equal(entry?.aggregate_units, 1_300);
    checkRulesInvariants(state);
  });

  test('domestic investors’ orders are not followed at all', () => {
    const reference = demoReference();
    const state = readyState(reference);
    new Desk(state, reference).accept(
      order({ participant: 'BUND', owner: 'cn-retail-zhang', instrument: SEC.PINGAN }),
      at('10:00'),
    );
    assert.equal(state.orders.size, 0);
  });
});

describe('foreign ownership: forced-sale notices', () => {
  test('after a corporate action shrinks the shares in issue, lists who must sell, last in first out', () => {
    const reference = demoReference();
    const state = readyState(reference);
    // Wuliangye: 3,881,608,005 shares; seeded holdings then two Northbound buys filled in time order
    must(
      seedForeignHoldings(
        state,
        reference,
        {
          type: 'rules.seed_foreign_holdings',
          holdings: [
            { instrument: SEC.WULIANGYE, owner: 'hk-inst-fund', units: 380_000_000n },
            { instrument: SEC.WULIANGYE, owner: 'sg-inst-fund', units: 380_000_000n },
            { instrument: SEC.WULIANGYE, owner: 'hk-inst-insurer', units: 380_000_000n },
          ],
        },
        at('08:00'),
      ),
    );
    const desk = new Desk(state, reference);
    const first = desk.accept(
      nb('hk-retail-chan', {
        instrument: SEC.WULIANGYE,
        price_units: 11_500,
        quantity_units: 1_000_000,
      }),
      at('10:00'),
    );
    const second = desk.accept(
      nb('hk-pro-lam', {
        instrument: SEC.WULIANGYE,
        price_units: 11_500,
        quantity_units: 2_000_000,
      }),
      at('10:00'),
    );
    desk.trade(first, 900_000, 11_500, 1_000_000, at('10:01'));
    desk.trade(second, 900_000, 11_500, 2_000_000, at('10:02'));
    assert.deepEqual(forcedSaleNotices(state.ownership, reference), [], 'within both limits');
    // a share buy-back: 3,700,000,000 shares left → 10 % = 370,000,000; 30 % = 1,110,000,000
    must(
      updateSecurity(
        reference,
        securityUpdateSchema.parse({ id: SEC.WULIANGYE, issued_units: '3700000000' }),
      ),
    );
    const notices = forcedSaleNotices(state.ownership, reference, SEC.WULIANGYE);
    const brief = notices.map((n) => [n.owner, n.limit, n.excess_units]);
    // each institution is 10,000,000 over 10 %; after those sales foreign holdings are
    // 1,113,000,000 − 1,110,000,000 = 3,000,000 over 30 %: lam's 2,000,000 (newest), then chan's 1,000,000
    assert.deepEqual(brief, [
      ['hk-inst-fund', 'single', 10_000_000],
      ['sg-inst-fund', 'single', 10_000_000],
      ['hk-inst-insurer', 'single', 10_000_000],
      ['hk-pro-lam', 'aggregate', 2_000_000],
      ['hk-retail-chan', 'aggregate', 1_000_000],
    ]);
    assert.equal(notices[3]?.latest_trade_timestamp_us, at('10:02'));
    const end = must(onDayEnd(state, reference, at('15:30')));
    assert.equal(end.forced_sales.length, 5, 'the day end reports them too');
  });

  test('only as much of the newest lots as the excess', () => {
    const reference = demoReference();
    const state = readyState(reference);
    must(
      seedForeignHoldings(
        state,
        reference,
        {
          type: 'rules.seed_foreign_holdings',
          holdings: [{ instrument: SEC.PINGAN, owner: 'hk-inst-fund', units: 1_000n }],
        },
        at('08:00'),
      ),
    );
    must(
      updateSecurity(
        reference,
        securityUpdateSchema.parse({ id: SEC.PINGAN, issued_units: '3000' }),
      ),
    );
    // 10 % of 3,000 = 300: 700 over; 30 % = 900: the 300 left is within
    assert.deepEqual(
      forcedSaleNotices(state.ownership, reference).map((n) => [
        n.owner,
        n.limit,
        n.excess_units,
        n.held_units,
      ]),
      [['hk-inst-fund', 'single', 700, 1_000]],
    );
  });
});
