import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSchedule, CGB_2016_19, cleanPriceFromYield } from '../../bonds/index.js';
import { dayNumber, timestampAt } from '../../kernel/index.js';
import { securitiesAccountId } from '../accounts.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import {
  assertRefused,
  northboundCgbMarket,
  posted,
  southboundUsdMarket,
  wire,
} from './testing.js';

const S = 1_000_000;
const CGB = CGB_2016_19.isin;

function request(t: TestHub, extra: object = {}) {
  return t.submit(
    'HARBOUR',
    wire({
      ...{ type: 'bonds.request_quote', quote_req_id: 'co-1', requester: 'hk-inst-fund' },
      ...{ security_id: CGB, side: 'buy', order_qty_minor: '100000000' },
      ...{ price_type: 'spread_bps', dealers: ['LUJIAZUI'], quote_window_us: 60 * S },
      ...{ settlement_date: '2026-01-06' },
      ...extra,
    }),
  );
}

/** hk-inst-fund buys CNY 1 m of face at the valuation + 1.5 bp (a spread in 10^-8 bp). */
function concluded(): TestHub {
  const t = northboundCgbMarket();
  assert.equal(request(t).rejection?.code, undefined);
  t.accept(
    'LUJIAZUI',
    wire({
      ...{ type: 'bonds.quote', quote_id: 'q', quote_req_id: 'co-1', dealer: 'LUJIAZUI' },
      ...{ px_e8: '150000000', valid_until_us: t.now_us + 30 * S },
    }),
  );
  const hit = t.accept(
    'HARBOUR',
    wire({
      ...{ type: 'bonds.respond', quote_resp_id: 'co-1/r', quote_req_id: 'co-1' },
      ...{ quote_resp_type: 'hit_lift', quote_id: 'q' },
    }),
  );
  assert.ok(hit.events.some((e) => e.type === 'bond_closing_order_concluded'));
  assert.ok(!hit.events.some((e) => e.type === 'bond_trade'), 'no price before the valuation');
  return t;
}

const valuation = (date: string, yield_e12: string) =>
  wire({ type: 'bonds.publish_valuation', isin: CGB, date, yield_e12 });

describe("closing orders: spread RFQs priced at the day's closing valuation", () => {
  test('a spread request is Northbound only and settles T+1 or later', () => {
    const t = northboundCgbMarket();
    assert.equal(
      request(t, { settlement_date: '2026-01-05' }).rejection?.code,
      'BOND_CLOSING_ORDER_T0',
    );
    const s = southboundUsdMarket();
    const southbound = s.submit(
      'PEARL',
      wire({
        ...{ type: 'bonds.request_quote', quote_req_id: 'sb', requester: 'cn-inst-fund' },
        ...{ security_id: 'HKHTGB25USD6', side: 'buy', order_qty_minor: '10000000' },
        ...{ price_type: 'spread_bps', dealers: ['BOCHK'], quote_window_us: 60 * S },
        ...{ settlement_date: '2026-01-06' },
      }),
    );
    assert.equal(southbound.rejection?.code, 'RFQ_PRICE_TYPE_UNSUPPORTED');
  });

  test("the valuation prices the day's orders; then DvP at T+1; replays", () => {
    const t = concluded();
    const cny_before = posted(t, 'hk-inst-fund/CNY');
    assert.equal(t.hub.state.bonds.closing_orders.size, 1);
    assertRefused(t, 'HARBOUR', valuation('2026-01-05', '18000000000'), 'NOT_AUTHORIZED');
    assertRefused(
      t,
      'operator',
      valuation('2026-01-06', '18000000000'),
      'BOND_VALUATION_DATE_IN_FUTURE',
    );
    t.now_us = timestampAt('2026-01-05', '17:30');
    t.accept('operator', wire({ type: 'hub.tick' }));
    // The closing valuation: 1.80 %; the trade's yield 1.80 % + 1.5 bp = 1.815 %.
    const result = t.accept('operator', valuation('2026-01-05', '18000000000'));
    const event = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(event?.type === 'bond_trade');
    const schedule = buildSchedule(CGB_2016_19);
    const px = cleanPriceFromYield(schedule, dayNumber('2026-01-06'), 18_150_000_000n);
    assert.ok(px.ok);
    assert.equal(event.trade.px_e8, px.value);
    assert.ok(px.value > 120n * 100_000_000n, 'a 3.27 % coupon at 1.815 % is well above par');
    assert.equal(t.hub.state.bonds.closing_orders.size, 0);
    assertRefused(t, 'operator', valuation('2026-01-05', '1'), 'BOND_VALUATION_NOT_NEWER');
    t.now_us = timestampAt('2026-01-06', '17:30');
    t.accept('operator', wire({ type: 'hub.tick' }));
    const security = t.hub.state.reference.securities.get(CGB);
    assert.ok(security !== undefined);
    const holding = securitiesAccountId(t.hub.state.reference, 'hk-inst-fund', security);
    assert.equal(posted(t, holding ?? ''), 10_000n); // CNY 1 m of face, CNY 100 a unit
    assert.equal(cny_before - posted(t, 'hk-inst-fund/CNY'), event.trade.settlement_amount_minor);
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
  });

  test("an order waits for its own date's valuation; a later date is refused before it", () => {
    const t = concluded();
    t.now_us = timestampAt('2026-01-06', '18:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assertRefused(t, 'operator', valuation('2026-01-06', '18000000000'), 'BOND_VALUATION_MISSING');
    assertRefused(
      t,
      'operator',
      valuation('2026-01-05', '-600000000000'),
      'BOND_YIELD_OUT_OF_RANGE',
    );
  });
});
