/**
 * The CCPs' open positions and pay-ins from a hub: one Northbound trade in Moutai, 100 shares at
 * RMB 1,465.00 (14,650,000 fen), on Monday 5 January 2026, before and after it settles.
 * ChinaClear settles the shares the same day and the money the next (T+0 / T+1).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { TestHub } from '../testing.js';
import { linkHoldings, paymentLimits } from './connect_limits.js';
import { riskInputs } from './inputs.js';
import { unsettledBook } from './unsettled.js';

const MOUTAI = 'CNE0000018R8';
const CASH = 14_650_000n;

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function tradedHub(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  t.now_us = timestampAt('2026-01-05', '10:00');
  const order = {
    instrument: MOUTAI,
    order_type: 'limit',
    time_in_force: 'day',
    quantity_units: 100,
  };
  t.accept(
    'BUND',
    wire({
      type: 'market.submit_order',
      ...order,
      client_order_id: 's1',
      side: 'sell',
      owner: 'cn-retail-zhang',
      price_units: 146_500,
    }),
  );
  t.accept(
    'HARBOUR',
    wire({
      type: 'market.submit_order',
      ...order,
      client_order_id: 'b1',
      side: 'buy',
      owner: 'hk-inst-fund',
      price_units: 146_500,
      bcan: '1000000003',
    }),
  );
  return t;
}

function at(t: TestHub, date: string, clock: string): void {
  t.now_us = timestampAt(date, clock);
  t.accept('operator', { type: 'hub.tick' });
}

test('an open trade: the seller delivers and is paid, the buyer receives and pays in tomorrow', () => {
  const book = unsettledBook(tradedHub().hub.state);
  assert.equal(book.instructions, 2);
  assert.deepEqual(book.legs, [
    {
      owner: 'cn-retail-zhang',
      ccp: 'chinaclear',
      isin: MOUTAI,
      quantity: -100n,
      currency: 'CNY',
      cash_minor: CASH,
    },
    {
      owner: 'hk-inst-fund',
      ccp: 'chinaclear',
      isin: MOUTAI,
      quantity: 100n,
      currency: 'CNY',
      cash_minor: -CASH,
    },
  ]);
  // Only the buyer pays ChinaClear, on the cash date, Tuesday: day 1 from Monday.
  assert.deepEqual(book.pay_ins, [
    { owner: 'hk-inst-fund', ccp: 'chinaclear', currency: 'CNY', day: 1, amount_minor: CASH },
  ]);
});

test('in the risk inputs: positions with the open legs, the pay-in, and the CCPs’ cash', () => {
  const t = tradedHub();
  const settled = riskInputs(t.hub.state);
  const open = riskInputs(t.hub.state, { unsettled: true });
  const quantity = (inputs: typeof open, account: string, instrument: string) => {
    const a = inputs.portfolio.accounts.findIndex((row) => row.id === account);
    const i = inputs.portfolio.instruments.findIndex((row) => row.id === instrument);
    return inputs.portfolio.positions.find((p) => p.account === a && p.instrument === i)?.quantity;
  };
  // The fund held 100,000 Moutai; the 100 bought are not delivered until the cycle.
  assert.equal(quantity(settled, 'hk-inst-fund@chinaclear', MOUTAI), 100_000n);
  assert.equal(quantity(open, 'hk-inst-fund@chinaclear', MOUTAI), 100_100n);
  assert.equal(quantity(open, 'hk-inst-fund@chinaclear', 'cash:CNY'), -CASH);
  assert.equal(quantity(open, 'cn-retail-zhang@chinaclear', 'cash:CNY'), CASH);
  assert.equal(settled.obligations.length + settled.resources.length, 0);
  const fund = open.portfolio.accounts.findIndex((row) => row.id === 'hk-inst-fund@chinaclear');
  assert.deepEqual(open.obligations, [
    { account: fund, currency: 'CNY', day: 1, amount_minor: CASH },
  ]);
  assert.equal(open.unsettled_instructions, 2);
  // Each CCP's cash on the ledger: the demo gives each HKD/CNY… account 1,000,000,000.00.
  assert.deepEqual(
    open.resources.filter((r) => r.ccp === 'chinaclear'),
    [{ ccp: 'chinaclear', kind: 'cash', currency: 'CNY', amount_minor: 100_000_000_000n }],
  );
});

test('once settled, nothing is open: the shares on Monday’s cycle, the money on Tuesday’s', () => {
  const t = tradedHub();
  at(t, '2026-01-05', '17:01');
  const monday = unsettledBook(t.hub.state);
  // The shares have moved (T+0); the cash legs remain, due Tuesday: still day 1 on Monday evening.
  assert.deepEqual(
    monday.legs.map((l) => [l.owner, l.quantity, l.cash_minor]),
    [
      ['cn-retail-zhang', 0n, CASH],
      ['hk-inst-fund', 0n, -CASH],
    ],
  );
  assert.deepEqual(
    monday.pay_ins.map((p) => [p.owner, p.day, p.amount_minor]),
    [['hk-inst-fund', 1, CASH]],
  );
  at(t, '2026-01-06', '17:01');
  const tuesday = unsettledBook(t.hub.state);
  assert.deepEqual([tuesday.instructions, tuesday.legs.length, tuesday.pay_ins.length], [0, 0, 0]);
});

test('Connect limits: each link’s quota and the nominee’s holdings; the payment limits', () => {
  const t = tradedHub();
  const links = linkHoldings(t.hub.state);
  assert.deepEqual(
    links.map((l) => l.link),
    ['sh_northbound', 'sz_northbound', 'sh_southbound', 'sz_southbound'],
  );
  const sh = links[0];
  // HKSCC's Northbound holding at ChinaClear is the omnibus balance of the demo (3,260 lots).
  const moutai = sh?.holdings.find((h) => h.isin === MOUTAI);
  const nominee = t.hub.state.ledger.accounts.get(`${MOUTAI}/CSDC/HKSCC`);
  assert.ok(nominee && moutai);
  assert.equal(moutai.quantity, nominee.credits_posted - nominee.debits_posted);
  // The Shanghai Northbound quota (RMB 52 billion) less the 14,650,000 fen bought.
  assert.equal(sh?.daily_quota_minor, 5_200_000_000_000n);
  assert.ok((sh?.balance_minor ?? 0n) <= 5_200_000_000_000n - CASH);
  // Southbound holdings are HK shares only; Northbound Shanghai holds SSE shares only.
  assert.ok(
    links[2]?.holdings.every(
      (h) => h.isin.startsWith('KY') || h.isin.startsWith('HK') || h.isin.startsWith('GB'),
    ),
  );
  assert.ok(
    sh?.holdings.every((h) => t.hub.state.reference.securities.get(h.isin)?.market === 'XSHG'),
  );
  assert.deepEqual(
    paymentLimits(t.hub.state).map((l) => [l.limit, l.currency, l.amount_minor, l.paid_in]),
    [
      ['northbound_daily_per_payer', 'HKD', 1_000_000n, 'CNY'],
      ['northbound_annual_per_payer', 'HKD', 20_000_000n, 'CNY'],
      ['southbound_annual_quota_per_payer', 'USD', 5_000_000n, 'CNY'],
      ['southbound_single_payment_default', 'CNY', 1_000_000n, 'HKD'],
    ],
  );
});
