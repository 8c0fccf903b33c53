import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { securityUpdateSchema, updateSecurity } from '../reference/index.js';
import { checkRulesInvariants, forcedSaleNotices, onDayEnd, seedForeignHoldings } from './index.js';
import {
  at,
  check,
  Desk,
  demoReference,
  expectRefused,
  must,
  nb,
  order,
  readyState,
  SEC,
} from './testing.js';

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
    // Foreign holdings are at 29.4 % of the A shares: Northbound buying is suspended (28 %), so
    // the two later buys are QFII orders on the domestic route.
    const first = desk.accept(
      order({
        participant: 'BUND',
        owner: 'qfii-us-pension',
        instrument: SEC.WULIANGYE,
        price_units: 11_500,
        quantity_units: 1_000_000,
      }),
      at('10:00'),
    );
    const second = desk.accept(
      order({
        participant: 'PEARL',
        owner: 'qfii-jp-bank',
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
    // 1,113,000,000 − 1,110,000,000 = 3,000,000 over 30 %: the JP bank's 2,000,000 (newest),
    // then the US pension's 1,000,000
    assert.deepEqual(brief, [
      ['hk-inst-fund', 'single', 10_000_000],
      ['sg-inst-fund', 'single', 10_000_000],
      ['hk-inst-insurer', 'single', 10_000_000],
      ['qfii-jp-bank', 'aggregate', 2_000_000],
      ['qfii-us-pension', 'aggregate', 1_000_000],
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

describe('foreign ownership: 28 %/26 % Northbound suspension, A shares, 5 % disclosure', () => {
  /** Ping An with 100,000 shares in issue (and `a_shares` of them A shares). */
  function small(a_shares?: string) {
    const reference = demoReference();
    const update = { id: SEC.PINGAN, issued_units: '100000' };
    must(
      updateSecurity(
        reference,
        securityUpdateSchema.parse(
          a_shares === undefined ? update : { ...update, a_share_units: a_shares },
        ),
      ),
    );
    return reference;
  }

  function seed(
    state: ReturnType<typeof readyState>,
    reference: ReturnType<typeof small>,
    units: bigint[],
  ) {
    const owners = ['hk-inst-fund', 'sg-inst-fund', 'hk-inst-insurer'];
    const holdings = units.map((u, k) => ({
      instrument: SEC.PINGAN,
      owner: owners[k] as string,
      units: u,
    }));
    must(
      seedForeignHoldings(
        state,
        reference,
        { type: 'rules.seed_foreign_holdings', holdings },
        at('08:00'),
      ),
    );
  }

  const buy = (owner: Parameters<typeof nb>[0], quantity_units: number) =>
    nb(owner, { instrument: SEC.PINGAN, price_units: 5_800, quantity_units });

  test('Northbound buying stops at 28 % of the A shares and resumes only below 26 %', () => {
    const reference = small();
    const state = readyState(reference);
    seed(state, reference, [9_000n, 9_000n, 9_000n]); // 27 %
    const desk = new Desk(state, reference, {
      [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 9_000,
    });
    const lam = desk.accept(buy('hk-pro-lam', 1_000), at('10:00'));
    desk.trade(lam, 900_000, 5_800, 1_000, at('10:01')); // 28 %
    expectRefused(state, 'NORTHBOUND_BUYING_SUSPENDED', () =>
      check(state, reference, buy('hk-retail-chan', 100), at('10:02')),
    );
    const sell = (quantity_units: number) =>
      nb('hk-inst-fund', {
        instrument: SEC.PINGAN,
        side: 'sell',
        price_units: 5_800,
        quantity_units,
      });
    const first = desk.accept(sell(1_000), at('10:03'));
    desk.trade(900_001, first, 5_800, 1_000, at('10:04')); // 27 %: still suspended
    expectRefused(state, 'NORTHBOUND_BUYING_SUSPENDED', () =>
      check(state, reference, buy('hk-retail-chan', 100), at('10:05')),
    );
    const second = desk.accept(sell(1_100), at('10:06'));
    desk.trade(900_002, second, 5_800, 1_100, at('10:07')); // 25.9 %: resumes
    assert.ok(check(state, reference, buy('hk-retail-chan', 100), at('10:08')).ok);
    checkRulesInvariants(state);
  });

  test('the 30 % aggregate limit is on the A shares, not all shares', () => {
    const reference = small('50000'); // 30 % of the A shares = 15,000
    const state = readyState(reference);
    seed(state, reference, [4_900n, 5_000n, 5_000n]); // 14,900
    const qfii = order({
      participant: 'BUND',
      owner: 'qfii-us-pension',
      instrument: SEC.PINGAN,
      quantity_units: 200,
    });
    const details = expectRefused(state, 'FOREIGN_OWNERSHIP_LIMIT', () =>
      check(state, reference, qfii, at('10:00')),
    );
    assert.equal(details.limit_units, 15_000);
    assert.equal(details.a_share_units, 50_000n);
  });

  test('A-share units must be a positive part of an SSE/SZSE stock’s shares', () => {
    const reference = demoReference();
    for (const update of [
      { id: SEC.PINGAN, a_share_units: '99999999999' },
      { id: SEC.PINGAN, a_share_units: '0' },
      { id: SEC.TENCENT, a_share_units: '100' },
    ]) {
      const before = JSON.stringify([...reference.securities.values()], (_k, v) =>
        typeof v === 'bigint' ? v.toString() : v,
      );
      const outcome = updateSecurity(reference, securityUpdateSchema.parse(update));
      assert.equal(outcome.ok ? '' : outcome.code, 'A_SHARE_UNITS_INVALID');
      const after = JSON.stringify([...reference.securities.values()], (_k, v) =>
        typeof v === 'bigint' ? v.toString() : v,
      );
      assert.equal(after, before);
    }
  });

  test('an investor reaching 5 % may not trade the stock for the next three trading days', () => {
    const reference = small();
    const state = readyState(reference);
    const desk = new Desk(state, reference, { [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 0 });
    const bought = desk.accept(buy('hk-inst-fund', 4_900), at('10:00'));
    desk.trade(bought, 900_000, 5_800, 4_900, at('10:01')); // 4.9 %
    assert.ok(check(state, reference, buy('hk-inst-fund', 100), at('10:02')).ok);
    const more = desk.accept(buy('hk-inst-fund', 100), at('10:02'));
    desk.trade(more, 900_001, 5_800, 100, at('10:03')); // 5 %
    const holder = state.ownership.instruments.get(SEC.PINGAN)?.holders.get('hk-inst-fund');
    assert.equal(holder?.disclosure_until, '2026-01-08');
    const details = expectRefused(state, 'OWNERSHIP_DISCLOSURE_PERIOD', () =>
      check(state, reference, buy('hk-inst-fund', 100), at('10:04')),
    );
    assert.equal(details.until, '2026-01-08');
    assert.ok(check(state, reference, buy('hk-retail-chan', 100), at('10:04')).ok, 'others trade');
  });
});
