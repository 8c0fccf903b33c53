/**
 * Southbound multi-currency settlement and the longer settlement hours (13 January 2025
 * measures, docs/bonds.md §8.8): a USD bond bought for RMB at the requester's rate, the codes of
 * every refusal (nothing changes), and the rule in force on the hub's date.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CGB_2016_19 } from '../../bonds/index.js';
import { timestampAt } from '../../kernel/index.js';
import { genesisSubmissions } from '../../sim/genesis.js';
import { Hub } from '../hub.js';
import { TestHub } from '../testing.js';
import { assertRefused, GREEN_USD_TERMS, genesis, openBondChain, posted, wire } from './testing.js';

const S = 1_000_000;
const BOND = 'HKHTGB25USD6';
const CGB = 'CND10000KX14';
const op = (t: TestHub, json: unknown) => t.accept('operator', wire(json));

function setUp(t: TestHub, date: string): TestHub {
  op(t, { type: 'bonds.register', terms: GREEN_USD_TERMS });
  op(t, { type: 'bonds.register_maker', dealer: 'BOCHK', direction: 'southbound' });
  op(t, { type: 'bonds.register_maker', dealer: 'LUJIAZUI', direction: 'northbound' });
  op(t, {
    ...{ type: 'bonds.set_investor_access', investor: 'cn-inst-fund' },
    ...{ northbound: false, southbound_channel: 'bond_connect' },
  });
  op(t, { type: 'bonds.set_quota_fx_rates', date, rates: { USD: '7.1' } });
  openBondChain(t, 'cn-inst-fund', BOND);
  return t;
}

const request = (id: string, patch: Record<string, unknown> = {}) =>
  wire({
    ...{ type: 'bonds.request_quote', quote_req_id: id, requester: 'cn-inst-fund' },
    ...{ security_id: BOND, side: 'buy', order_qty_minor: '100000000' },
    ...{ price_type: 'percent_of_par', dealers: ['BOCHK'], quote_window_us: 600 * S },
    ...{ settlement_date: '2026-01-06', settlement_currency: 'CNY' },
    ...patch,
  });

const quote = (t: TestHub, id: string) =>
  wire({
    ...{ type: 'bonds.quote', quote_id: `${id}/q`, quote_req_id: id, dealer: 'BOCHK' },
    ...{ px_e8: '9960000000', valid_until_us: t.now_us + 300 * S },
  });

const hit = (id: string, fx_rate_e8?: string) =>
  wire({
    ...{ type: 'bonds.respond', quote_resp_id: `${id}/r`, quote_req_id: id },
    ...{ quote_resp_type: 'hit_lift', quote_id: `${id}/q` },
    ...(fx_rate_e8 === undefined ? {} : { fx_rate_e8 }),
  });

describe('Southbound multi-currency settlement', () => {
  test('a USD bond bought for RMB: converted at the stated rate, settled DvP in CNY', () => {
    const t = setUp(genesis(), '2026-01-05');
    t.now_us = timestampAt('2026-01-05', '10:00');
    op(t, { type: 'hub.tick' }); // time's events, before the refusals
    assertRefused(
      t,
      'PEARL',
      request('x', { settlement_currency: 'JPY' }),
      'BOND_SETTLEMENT_CURRENCY_INVALID',
    );
    t.accept('PEARL', request('rfq-1'));
    t.accept('BOCHK', quote(t, 'rfq-1'));
    assertRefused(t, 'PEARL', hit('rfq-1'), 'BOND_FX_RATE_REQUIRED');
    assertRefused(t, 'PEARL', hit('rfq-1', '0'), 'BOND_FX_RATE_INVALID');
    assertRefused(t, 'PEARL', hit('rfq-1', '-710000000'), 'BOND_FX_RATE_INVALID');
    const result = t.accept('PEARL', hit('rfq-1', '710000000'));
    const found = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(found?.type === 'bond_trade');
    const trade = found.trade;
    // USD 996,000.00 clean + 4,817.24 accrued = 1,000,817.24; × 7.1 = RMB 7,105,802.404 → .40
    assert.equal(trade.settlement_amount_minor, 100_081_724n);
    assert.equal(trade.settlement_currency, 'CNY');
    assert.equal(trade.fx_rate_e8, 710_000_000n);
    assert.equal(trade.settlement_currency_amount_minor, 710_580_240n);
    assert.ok(trade.quota_rmb_minor > 0n, 'the quota counts the trade');
    const instruction = t.hub.state.posttrade.instructions.get(trade.settlement_trade_id);
    assert.equal(instruction?.stream, 'cmu_rfq');
    assert.equal(instruction?.cash_asset, 'CNY');
    const fund_cny = posted(t, 'cn-inst-fund/CNY');
    const bochk_cny = posted(t, 'BOCHK/CNY');
    const bochk_usd = posted(t, 'BOCHK/USD');
    t.now_us = timestampAt('2026-01-06', '17:30');
    op(t, { type: 'hub.tick' });
    assert.equal(instruction?.status, 'settled');
    assert.equal(posted(t, `${BOND}/SHCH/cn-inst-fund`), 1_000_000n);
    assert.equal(posted(t, 'cn-inst-fund/CNY'), fund_cny - 710_580_240n);
    assert.equal(posted(t, 'BOCHK/CNY'), bochk_cny + 710_580_240n);
    assert.equal(posted(t, 'BOCHK/USD'), bochk_usd, 'no USD moved');
    t.hub.checkInvariants();
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
  });

  test('same currency: no rate, and a rate given is refused', () => {
    const t = setUp(genesis(), '2026-01-05');
    t.now_us = timestampAt('2026-01-05', '10:00');
    op(t, { type: 'hub.tick' }); // time's events, before the refusals
    t.accept('PEARL', request('rfq-1', { settlement_currency: 'USD' }));
    t.accept('BOCHK', quote(t, 'rfq-1'));
    assertRefused(t, 'PEARL', hit('rfq-1', '100000000'), 'BOND_FX_RATE_INVALID');
    const result = t.accept('PEARL', hit('rfq-1'));
    const found = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(found?.type === 'bond_trade');
    assert.equal(found.trade.fx_rate_e8, 0n);
    assert.equal(found.trade.settlement_currency_amount_minor, found.trade.settlement_amount_minor);
    t.hub.checkInvariants();
  });

  test('T+0 after the 18:00 cut-off is refused, at the request and at acceptance', () => {
    const t = setUp(genesis(), '2026-01-05');
    t.now_us = timestampAt('2026-01-05', '17:59');
    const same_day = { settlement_date: '2026-01-05', settlement_currency: 'USD' };
    t.accept('PEARL', request('rfq-1', same_day));
    t.accept('BOCHK', quote(t, 'rfq-1'));
    t.now_us = timestampAt('2026-01-05', '18:00');
    op(t, { type: 'hub.tick' });
    assertRefused(t, 'PEARL', hit('rfq-1'), 'BOND_SETTLEMENT_CUTOFF_PASSED');
    assert.equal(t.hub.state.bonds.rfq.rfqs.get('rfq-1')?.status, 'quoted', 'the RFQ stays open');
    assertRefused(t, 'PEARL', request('rfq-2', same_day), 'BOND_SETTLEMENT_CUTOFF_PASSED');
    t.accept('PEARL', request('rfq-3', { settlement_currency: 'USD' })); // T+1 is fine
    t.hub.checkInvariants();
  });

  test('before 13 January 2025: one currency only and a 16:00 cut-off', () => {
    const t = new TestHub(timestampAt('2025-01-09', '20:00'));
    for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
    setUp(t, '2025-01-10');
    t.now_us = timestampAt('2025-01-10', '10:00');
    op(t, { type: 'hub.tick' });
    const early = { settlement_date: '2025-01-13' };
    assertRefused(t, 'PEARL', request('a', early), 'BOND_MULTI_CURRENCY_NOT_IN_FORCE');
    t.accept('PEARL', request('b', { ...early, settlement_currency: 'USD' }));
    t.now_us = timestampAt('2025-01-10', '16:00');
    op(t, { type: 'hub.tick' });
    const today = { settlement_date: '2025-01-10', settlement_currency: 'USD' };
    assertRefused(t, 'PEARL', request('c', today), 'BOND_SETTLEMENT_CUTOFF_PASSED');
    // From Monday 13 January 2025: RMB settlement, and T+0 until 18:00.
    t.now_us = timestampAt('2025-01-13', '16:30');
    t.accept('PEARL', request('d', { settlement_date: '2025-01-13' }));
    t.hub.checkInvariants();
  });

  test('Northbound settles in the bond currency only; a CIBM bond names its CSD', () => {
    const t = genesis();
    t.now_us = timestampAt('2026-01-05', '10:00');
    op(t, { type: 'hub.tick' });
    op(t, { type: 'bonds.register_maker', dealer: 'LUJIAZUI', direction: 'northbound' });
    op(t, {
      ...{ type: 'bonds.set_investor_access', investor: 'hk-inst-fund' },
      ...{ northbound: true, southbound_channel: null },
    });
    const cgb = {
      ...{ id: CGB, symbol: '019547', name: 'CGB (test)', market: 'CIBM' },
      ...{ board: 'unlisted', kind: 'bond', currency: 'CNY', lot_size: 10, price_scale: 3 },
      ...{ tick_table: 'uniform', listing_date: '2016-09-26', issuer: 'MOF' },
      bond: { coupon_ppm: 32_700, maturity_date: '2046-08-22', face_value_minor: '10000' },
    };
    const register = (security: unknown) => wire({ type: 'reference.register_security', security });
    assertRefused(t, 'operator', register({ ...cgb, csd: 'CSDC' }), 'SECURITY_CSD_INVALID');
    const note = { ...cgb, id: 'HK0000BILL12', symbol: 'HKGN', market: 'CMU', currency: 'HKD' };
    assertRefused(t, 'operator', register({ ...note, csd: 'SHCH' }), 'SECURITY_CSD_INVALID');
    t.accept('operator', register({ ...cgb, csd: 'SHCH' }));
    assert.equal(t.hub.state.reference.securities.get(CGB)?.csd, 'SHCH');
    assert.equal(t.hub.state.markets.markets.venues.has('CIBM'), false, 'no order book');
    const terms = { ...CGB_2016_19, coupon: { kind: 'fixed', rate_e12: '32700000000' } };
    op(t, {
      type: 'bonds.register',
      terms: { ...terms, face_value_minor: '10000', min_denomination_minor: '10000' },
    });
    const nb = { requester: 'hk-inst-fund', security_id: CGB, dealers: ['LUJIAZUI'] };
    assertRefused(
      t,
      'HARBOUR',
      request('nb-1', { ...nb, settlement_currency: 'USD' }),
      'BOND_SETTLEMENT_CURRENCY_INVALID',
    );
    // T+3 is allowed Northbound (an overseas investor is a party).
    t.accept(
      'HARBOUR',
      request('nb-2', { ...nb, settlement_currency: 'CNY', settlement_date: '2026-01-08' }),
    );
    assert.equal(t.hub.state.bonds.rfq_meta.get('nb-2')?.settlement_date, '2026-01-08');
    // Held at SHCH: the Northbound chain runs through CMU's nominee account there.
    assert.equal(openBondChain(t, 'hk-inst-fund', CGB), `${CGB}/HSBC/hk-inst-fund`);
    assert.ok(t.hub.state.ledger.accounts.has(`${CGB}/SHCH/CMU`));
    t.hub.checkInvariants();
  });
});
