import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { Hub } from '../hub.js';
import type { TestHub } from '../testing.js';
import { bondQuotaReport } from './state.js';
import { assertRefused, GREEN_USD_TERMS, genesis, openBondChain, posted, wire } from './testing.js';

const S = 1_000_000;
const BOND = 'HKHTGB25USD6';
// Southbound: the Mainland investor holds through SHCH's nominee account in CMU.
const INVESTOR_BOND = `${BOND}/SHCH/cn-inst-fund`;
const NOMINEE_BOND = `${BOND}/CMU/SHCH`;
const INVESTOR_USD = 'cn-inst-fund/USD';

/** A Mainland institution with a USD account and a CMU account, funded with USD 2 m. */
function setUp(): TestHub {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  t.accept('operator', wire({ type: 'bonds.register', terms: GREEN_USD_TERMS }));
  t.accept(
    'operator',
    wire({ type: 'bonds.register_maker', dealer: 'BOCHK', direction: 'southbound' }),
  );
  t.accept(
    'operator',
    wire({
      type: 'bonds.set_investor_access',
      investor: 'cn-inst-fund',
      northbound: false,
      southbound_channel: 'bond_connect',
    }),
  );
  t.accept(
    'operator',
    wire({ type: 'bonds.set_quota_fx_rates', date: '2026-01-05', rates: { USD: '7.1' } }),
  );
  const holder = (id: string, asset: string) => ({
    id,
    owner: 'cn-inst-fund',
    asset,
    purpose: 'available',
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
  });
  t.accept(
    'operator',
    wire({
      type: 'ledger.create_accounts',
      accounts: [holder(INVESTOR_USD, 'USD')],
    }),
  );
  assert.equal(openBondChain(t, 'cn-inst-fund', BOND), INVESTOR_BOND);
  t.accept(
    'operator',
    wire({
      type: 'ledger.create_transfers',
      transfers: [
        {
          id: 'fund-cn-inst',
          debit_account_id: 'HSBC/USD/issuance',
          credit_account_id: INVESTOR_USD,
          amount_minor: '200000000',
        },
      ],
    }),
  );
  return t;
}

function buyFromBochk(t: TestHub, id: string, settlement_date: string) {
  t.accept(
    'PEARL',
    wire({
      type: 'bonds.request_quote',
      quote_req_id: id,
      requester: 'cn-inst-fund',
      security_id: BOND,
      side: 'buy',
      order_qty_minor: '100000000',
      price_type: 'percent_of_par',
      dealers: ['BOCHK'],
      quote_window_us: 60 * S,
      settlement_date,
    }),
  );
  t.accept(
    'BOCHK',
    wire({
      type: 'bonds.quote',
      quote_id: 'q',
      quote_req_id: id,
      dealer: 'BOCHK',
      px_e8: '9960000000',
      valid_until_us: t.now_us + 30 * S,
    }),
  );
  return t.accept(
    'PEARL',
    wire({
      type: 'bonds.respond',
      quote_resp_id: `${id}/r`,
      quote_req_id: id,
      quote_resp_type: 'hit_lift',
      quote_id: 'q',
    }),
  );
}

describe('bond trades settle DvP through posttrade', () => {
  test('T+1: captured at acceptance, settled by the 17:00 bilateral cycle of the date', () => {
    const t = setUp();
    const bochk_bonds = posted(t, `${BOND}/CMU/BOCHK`);
    const bochk_usd = posted(t, 'BOCHK/USD');
    const result = buyFromBochk(t, 'rfq-1', '2026-01-06');
    const trade = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(trade?.type === 'bond_trade');
    assert.equal(
      result.events.find((e) => e.type === 'settlement_capture_failed'),
      undefined,
    );
    // USD 1,000,000 face at 99.60 clean + 481,724 cents accrued (rfq.test.ts).
    const amount = 99_600_000n + 481_724n;
    assert.equal(trade.trade.settlement_amount_minor, amount);
    assert.equal(posted(t, INVESTOR_BOND), 0n);
    t.now_us = timestampAt('2026-01-05', '18:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assert.equal(posted(t, INVESTOR_BOND), 0n, 'not before the settlement date');
    t.now_us = timestampAt('2026-01-06', '17:30');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assert.equal(posted(t, INVESTOR_BOND), 1_000_000n); // units of USD 1.00 face
    assert.equal(posted(t, NOMINEE_BOND), 1_000_000n, 'the nominee tier equals its sub-accounts');
    assert.equal(posted(t, `${BOND}/CMU/BOCHK`), bochk_bonds - 1_000_000n);
    assert.equal(posted(t, INVESTOR_USD), 200_000_000n - amount);
    assert.equal(posted(t, 'BOCHK/USD'), bochk_usd + amount);
    t.hub.checkInvariants();
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
  });

  test('T+0: settles gross at acceptance', () => {
    const t = setUp();
    buyFromBochk(t, 'rfq-1', '2026-01-05');
    assert.equal(posted(t, INVESTOR_BOND), 1_000_000n);
    // 47 days accrued settling on 5 Jan: 1,816,500 × 47/181 = 471,687.85… → 471,688.
    assert.equal(posted(t, INVESTOR_USD), 200_000_000n - 99_600_000n - 471_688n);
    t.hub.checkInvariants();
  });

  test('a capture posttrade refuses is published; the trade stands', () => {
    const t = genesis();
    t.now_us = timestampAt('2026-01-05', '10:00');
    t.accept('operator', wire({ type: 'bonds.register', terms: GREEN_USD_TERMS }));
    t.accept(
      'operator',
      wire({ type: 'bonds.register_maker', dealer: 'BOCHK', direction: 'southbound' }),
    );
    t.accept(
      'operator',
      wire({
        type: 'bonds.set_investor_access',
        investor: 'cn-inst-fund',
        northbound: false,
        southbound_channel: 'qdii',
      }),
    );
    t.accept(
      'operator',
      wire({ type: 'bonds.set_quota_fx_rates', date: '2026-01-05', rates: { USD: '7.1' } }),
    );
    const result = buyFromBochk(t, 'rfq-1', '2026-01-06');
    const failed = result.events.find((e) => e.type === 'settlement_capture_failed');
    assert.ok(failed?.type === 'settlement_capture_failed');
    assert.equal(failed.trade_id, `BOND:${result.seq}`);
    assert.equal(failed.code, 'ACCOUNT_UNRESOLVED');
    const trade = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(trade?.type === 'bond_trade');
    assert.equal(trade.trade.southbound_channel, 'qdii');
    assert.equal(trade.trade.quota_rmb_minor, 0n);
  });

  test('a cancelled Southbound trade gives its quota back', () => {
    const t = setUp();
    const result = buyFromBochk(t, 'rfq-1', '2026-01-06');
    const trade = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(trade?.type === 'bond_trade');
    const full = 2_000_000_000_000n;
    assert.equal(
      bondQuotaReport(t.hub.state.bonds).daily_balance_minor,
      full - trade.trade.quota_rmb_minor,
    );
    const instruction_id = trade.trade.settlement_trade_id;
    assert.ok(t.hub.state.posttrade.instructions.has(instruction_id));
    assertRefused(
      t,
      'BOCHK',
      wire({ type: 'posttrade.cancel_instruction', instruction_id }),
      'NOT_AUTHORIZED',
    );
    const cancelled = t.accept(
      'operator',
      wire({ type: 'posttrade.cancel_instruction', instruction_id }),
    );
    const released = cancelled.events.find((e) => e.type === 'bond_quota_released');
    assert.ok(released?.type === 'bond_quota_released');
    assert.equal(released.rmb_minor, trade.trade.quota_rmb_minor);
    assert.equal(bondQuotaReport(t.hub.state.bonds).daily_balance_minor, full);
    assert.equal(bondQuotaReport(t.hub.state.bonds).annual_balance_minor, 50_000_000_000_000n);
    t.hub.checkInvariants();
  });

  test('a fail is re-settled within 3 business days', () => {
    const t = setUp();
    const result = buyFromBochk(t, 'rfq-1', '2026-01-06');
    const trade = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(trade?.type === 'bond_trade');
    const id = trade.trade.settlement_trade_id;
    t.accept('operator', wire({ type: 'ledger.create_transfers', transfers: [drain('d')] }));
    t.now_us = timestampAt('2026-01-07', '17:30');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assert.equal(t.hub.state.posttrade.instructions.get(id)?.status, 'failed');
    assert.equal(t.hub.state.posttrade.instructions.get(id)?.fail_reason, 'short_cash');
    t.accept('operator', wire({ type: 'ledger.create_transfers', transfers: [refund('r')] }));
    t.now_us = timestampAt('2026-01-08', '17:30');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assert.equal(t.hub.state.posttrade.instructions.get(id)?.status, 'settled');
    assert.equal(posted(t, INVESTOR_BOND), 1_000_000n);
    t.now_us = timestampAt('2026-01-12', '17:30');
    const later = t.accept('operator', wire({ type: 'hub.tick' }));
    assert.ok(!later.events.some((e) => e.type === 'bond_settlement_final_fail'));
    t.hub.checkInvariants();
  });

  test('still failing after 3 business days: final fail, quota released', () => {
    const t = setUp();
    const result = buyFromBochk(t, 'rfq-1', '2026-01-06');
    const trade = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(trade?.type === 'bond_trade');
    const id = trade.trade.settlement_trade_id;
    const annual = 50_000_000_000_000n;
    t.accept('operator', wire({ type: 'ledger.create_transfers', transfers: [drain('d')] }));
    // Tue 6 (the settlement date), Wed 7, Thu 8: failed, retried; Fri 9 = S+3: the last chance.
    t.now_us = timestampAt('2026-01-09', '16:00');
    const retried = t.accept('operator', wire({ type: 'hub.tick' }));
    assert.ok(!retried.events.some((e) => e.type === 'bond_settlement_final_fail'));
    assert.equal(t.hub.state.posttrade.instructions.get(id)?.status, 'failed');
    t.now_us = timestampAt('2026-01-09', '17:30');
    const closed = t.accept('operator', wire({ type: 'hub.tick' }));
    const fail = closed.events.find((e) => e.type === 'bond_settlement_final_fail');
    assert.ok(fail?.type === 'bond_settlement_final_fail');
    assert.deepEqual(
      { ...fail },
      {
        type: 'bond_settlement_final_fail',
        trade_id: id,
        instruction_id: id,
        settlement_date: '2026-01-06',
        fail_reason: 'short_cash',
        failing_party: 'cn-inst-fund',
      },
    );
    const released = closed.events.find((e) => e.type === 'bond_quota_released');
    assert.ok(released?.type === 'bond_quota_released');
    assert.equal(released.rmb_minor, trade.trade.quota_rmb_minor);
    // Booked on 5 January, released on the 9th: the annual balance only (docs/bonds.md §3).
    assert.equal(bondQuotaReport(t.hub.state.bonds).annual_balance_minor, annual);
    const instruction = t.hub.state.posttrade.instructions.get(id);
    assert.equal(instruction?.status, 'cancelled');
    assert.equal(instruction?.closure, 'final_fail');
    assert.equal(posted(t, INVESTOR_BOND), 0n);
    t.hub.checkInvariants();
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
  });
});

/** Takes the investor's USD away (so its buy fails short of cash), and gives it back. */
const drain = (id: string) => ({
  id,
  debit_account_id: INVESTOR_USD,
  credit_account_id: 'HSBC/USD/issuance',
  amount_minor: '200000000',
});
const refund = (id: string) => ({
  id,
  debit_account_id: 'HSBC/USD/issuance',
  credit_account_id: INVESTOR_USD,
  amount_minor: '200000000',
});
