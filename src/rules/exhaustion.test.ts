import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setDailyQuota } from './index.js';
import { checkRulesInvariants } from './invariants.js';
import {
  at,
  Desk,
  demoReference,
  fingerprint,
  must,
  nb,
  quotaOf,
  SEC,
  sb,
  withQuota,
} from './testing.js';

const reference = demoReference();
const QUOTA = 1_000_000n; // RMB 10,000.00, small enough to run out

/** 100 Ping An at RMB 100.00: exactly the whole quota. */
const BIG = nb('hk-retail-chan', {
  instrument: SEC.PINGAN,
  price_units: 10_000,
  quantity_units: 100,
});
const SMALL = nb('hk-retail-chan', {
  instrument: SEC.PINGAN,
  price_units: 100,
  quantity_units: 100,
});
const SELL = nb('hk-inst-fund', {
  instrument: SEC.PINGAN,
  side: 'sell',
  price_units: 10_000,
  quantity_units: 100,
});
const HOLDINGS = { [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 1_000 };

function refused(desk: Desk, order: typeof BIG, time: string, code: string): void {
  const before = fingerprint(desk.state);
  const result = desk.submit(order, at(time));
  assert.equal(result.ok, false, `expected ${code} at ${time}`);
  assert.ok(!result.ok);
  assert.equal(result.code, code);
  assert.equal(fingerprint(desk.state), before, `${code} changed the state`);
}

describe('quota exhaustion, Northbound opening call auction', () => {
  test('refuses new buys while the balance is ≤ 0 and accepts them again once it is positive', () => {
    const state = withQuota(reference, QUOTA);
    const desk = new Desk(state, reference, HOLDINGS);
    const big = desk.accept(BIG, at('09:16'));
    assert.equal(quotaOf(state, 'sh_northbound').balance_minor, 0n);
    refused(desk, SMALL, '09:17', 'QUOTA_EXHAUSTED');
    desk.accept(SELL, at('09:17')); // sells are always accepted
    assert.equal(desk.cancel(big, at('09:18')), 'ok');
    desk.accept(SMALL, at('09:18'));
    assert.equal(quotaOf(state, 'sh_northbound').buying_closed, false);
    checkRulesInvariants(state);
  });

  test('orders held before 09:15 consume quota under the opening rule', () => {
    const state = withQuota(reference, QUOTA);
    const desk = new Desk(state, reference);
    const result = desk.submit(BIG, at('09:12'));
    assert.ok(
      result.ok && result.decision.held && result.decision.release_second === 9 * 3600 + 15 * 60,
    );
    refused(desk, SMALL, '09:13', 'QUOTA_EXHAUSTED');
  });

  test('Northbound: a balance exhausted in the opening call does not close buying for the day', () => {
    // HKEX: only exhaustion *during* continuous trading (or the SZSE closing call) closes buying
    // for the rest of the day; 09:25–09:30 and a balance carried into 09:30 refuse buys only
    // while it is ≤ 0 (docs/connect-rules.md §5).
    const state = withQuota(reference, QUOTA);
    const desk = new Desk(state, reference);
    const big = desk.accept(BIG, at('09:16'));
    refused(desk, SMALL, '09:27', 'QUOTA_EXHAUSTED');
    refused(desk, SMALL, '09:31', 'QUOTA_EXHAUSTED');
    assert.equal(desk.cancel(big, at('09:32')), 'ok'); // the balance is positive again…
    assert.equal(quotaOf(state, 'sh_northbound').balance_minor, QUOTA);
    desk.accept(SMALL, at('09:33')); // …and buying resumes
    assert.equal(quotaOf(state, 'sh_northbound').buying_closed, false);
    desk.accept(BIG, at('09:34')); // exhausted in continuous trading: closed for the day
    refused(desk, SMALL, '09:35', 'QUOTA_CLOSED_FOR_DAY');
    const q = quotaOf(state, 'sh_northbound');
    assert.equal(q.buying_closed, true);
    assert.equal(q.closed_in_window, 'continuous');
  });
});

describe('quota exhaustion, continuous trading and closing auctions', () => {
  test('once used up in continuous trading, no more buys that day; sells still go', () => {
    const state = withQuota(reference, QUOTA);
    const desk = new Desk(state, reference, HOLDINGS);
    const big = desk.accept(BIG, at('10:00'));
    refused(desk, SMALL, '10:01', 'QUOTA_CLOSED_FOR_DAY');
    desk.cancel(big, at('10:02'));
    refused(desk, SMALL, '14:00', 'QUOTA_CLOSED_FOR_DAY');
    desk.accept(SELL, at('14:01'));
    const q = quotaOf(state, 'sh_northbound');
    assert.equal(q.buying_closed, true);
    assert.equal(q.closed_in_window, 'continuous');
  });

  test('the order that exhausts the quota is accepted whole and may take it below zero', () => {
    const state = withQuota(reference, QUOTA);
    const desk = new Desk(state, reference);
    desk.accept({ ...SMALL, price_units: 5_000 }, at('10:00')); // RMB 5,000
    desk.accept({ ...SMALL, price_units: 8_000 }, at('10:01')); // RMB 8,000 against 5,000 left
    assert.equal(quotaOf(state, 'sh_northbound').balance_minor, -300_000n);
    refused(desk, SMALL, '10:02', 'QUOTA_CLOSED_FOR_DAY');
  });

  test('the SZSE closing call auction closes buying for the day as continuous trading does', () => {
    const state = withQuota(reference, QUOTA, 'sz_northbound');
    const desk = new Desk(state, reference);
    const wly = nb('hk-retail-chan', {
      instrument: SEC.WULIANGYE,
      price_units: 10_000,
      quantity_units: 100,
    });
    desk.accept(wly, at('14:58'));
    refused(desk, { ...wly, price_units: 100 }, '14:59', 'QUOTA_CLOSED_FOR_DAY');
    assert.equal(quotaOf(state, 'sz_northbound').closed_in_window, 'closing_call_no_cancel');
  });
});

describe('quota exhaustion, Southbound', () => {
  // 100 Tencent at HKD 107.527 = HKD 10,752.70 × 0.93 = RMB 10,000.011 → 1,000,002 fen (up)
  const big = sb('cn-retail-zhang', 'BUND', {
    instrument: SEC.TENCENT,
    order_type: 'limit',
    price_units: 107_527,
  });
  const small = { ...big, price_units: 1_000 };

  test('09:00–09:15: once used up, buys wait for 09:30 even if cancels restore the balance', () => {
    const state = withQuota(reference, QUOTA, 'sh_southbound');
    const desk = new Desk(state, reference);
    const first = desk.accept(big, at('09:05'));
    assert.equal(quotaOf(state, 'sh_southbound').balance_minor, -2n);
    refused(desk, small, '09:06', 'QUOTA_EXHAUSTED');
    desk.cancel(first, at('09:07'));
    assert.equal(quotaOf(state, 'sh_southbound').balance_minor, QUOTA);
    refused(desk, small, '09:08', 'QUOTA_EXHAUSTED');
    desk.accept({ ...small, order_type: 'enhanced_limit' }, at('09:31'));
  });

  test('after 09:30, once used up, no more buys that day', () => {
    const state = withQuota(reference, QUOTA, 'sh_southbound');
    const desk = new Desk(state, reference, {
      [`cn-retail-zhang|${SEC.TENCENT}|sh_southbound`]: 100,
    });
    const first = desk.accept({ ...big, order_type: 'enhanced_limit' }, at('10:00'));
    desk.cancel(first, at('10:01'));
    refused(desk, { ...small, order_type: 'enhanced_limit' }, '10:02', 'QUOTA_CLOSED_FOR_DAY');
    desk.accept({ ...small, order_type: 'enhanced_limit', side: 'sell' }, at('10:03'));
    refused(desk, small, '16:02', 'QUOTA_CLOSED_FOR_DAY');
  });

  test('the links are independent: the Shenzhen channel still buys', () => {
    const state = withQuota(reference, QUOTA, 'sh_southbound');
    const desk = new Desk(state, reference);
    desk.accept({ ...big, order_type: 'enhanced_limit' }, at('10:00'));
    desk.accept({ ...big, order_type: 'enhanced_limit', channel: 'XSHE' }, at('10:01'));
    assert.equal(quotaOf(state, 'sz_southbound').buy_orders_minor, 1_000_002n);
  });
});

describe('quota exhaustion and operator changes', () => {
  test('raising today’s quota after buying closed does not reopen it', () => {
    const state = withQuota(reference, QUOTA);
    const desk = new Desk(state, reference);
    desk.accept(BIG, at('10:00'));
    must(
      setDailyQuota(
        state,
        {
          type: 'rules.set_daily_quota',
          link: 'sh_northbound',
          daily_quota_minor: 2n * QUOTA,
          effective: 'now',
        },
        at('10:30'),
      ),
    );
    assert.equal(quotaOf(state, 'sh_northbound').balance_minor, QUOTA);
    refused(desk, SMALL, '10:31', 'QUOTA_CLOSED_FOR_DAY');
  });

  test('raising it during the opening auction lets buys in again', () => {
    const state = withQuota(reference, QUOTA);
    const desk = new Desk(state, reference);
    desk.accept(BIG, at('09:16'));
    refused(desk, SMALL, '09:17', 'QUOTA_EXHAUSTED');
    must(
      setDailyQuota(
        state,
        {
          type: 'rules.set_daily_quota',
          link: 'sh_northbound',
          daily_quota_minor: 2n * QUOTA,
          effective: 'now',
        },
        at('09:18'),
      ),
    );
    desk.accept(SMALL, at('09:19'));
    checkRulesInvariants(state);
  });
});
