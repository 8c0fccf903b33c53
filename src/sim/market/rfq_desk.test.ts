import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchedule, HKGB_03GB2807001 } from '../../bonds/index.js';
import { cashAccountId } from '../../hub/accounts.js';
import type { HubEvent } from '../../hub/index.js';
import { Mulberry32 } from '../../kernel/random.js';
import { marketDate, secondOfDay, timestampAt } from '../../kernel/time.js';
import { genesisSubmissions, type Submission } from '../genesis.js';
import { BondAgents } from './bond_agents.js';
import { BondReservations } from './bond_book.js';
import { BondCurve } from './bond_curve.js';
import { DayHub } from './day.js';
import { RfqMakers } from './rfq_makers.js';

interface BondRun {
  readonly t: DayHub;
  readonly agents: BondAgents;
  readonly events: Array<{ readonly at_us: number; readonly event: HubEvent }>;
  readonly refused: string[];
}

function genesisHub(): DayHub {
  const t = new DayHub();
  for (const s of genesisSubmissions()) assert.equal(t.submit(s).status, 'accepted');
  return t;
}

/** Only the bond agents, a step every `step_s` from 08:30 to 17:30 of each date. */
function runBondDays(
  seed: number,
  dates: readonly string[],
  step_s = 4,
  t = genesisHub(),
): BondRun {
  let n = 0;
  const agents = new BondAgents(seed, () => {
    n += 1;
    return `t-${seed}-${n}`;
  });
  const events: BondRun['events'] = [];
  const refused: string[] = [];
  for (const date of dates) {
    t.now_us = timestampAt(date, '08:30');
    const end_us = timestampAt(date, '17:30');
    while (t.now_us < end_us) {
      t.now_us += step_s * 1_000_000;
      const steps: Submission[] = agents.step(t.hub.state, t.now_us);
      if (steps.length === 0)
        steps.push({ participant: 'operator', command: { type: 'hub.tick' } });
      for (const s of steps) {
        const result = t.submit(s);
        if (result.status === 'rejected') refused.push(result.rejection?.code ?? '');
        for (const event of result.events) events.push({ at_us: t.now_us, event });
      }
    }
  }
  return { t, agents, events, refused };
}

const TWO_DAYS = ['2026-01-05', '2026-01-06'];
let two_days: BondRun | undefined;
function twoDays(): BondRun {
  two_days ??= runBondDays(2026, TWO_DAYS);
  return two_days;
}

const count = (run: BondRun, type: string) =>
  run.events.filter((e) => e.event.type === type).length;

test('the desk trades by RFQ every day; every trade settles on its date, none fails', () => {
  const run = twoDays();
  const state = run.t.hub.state;
  assert.deepEqual(run.refused, [], 'no command of the bond agents is refused');
  const trades = run.events.filter((e) => e.event.type === 'bond_trade');
  for (const date of TWO_DAYS) {
    const that_day = trades.filter((e) => marketDate(e.at_us) === date).length;
    assert.ok(that_day >= 10, `${date}: ${that_day} RFQ trades`);
  }
  const instructions = [...state.posttrade.instructions.values()].filter((i) =>
    i.trade_id.startsWith('BOND:'),
  );
  assert.equal(instructions.length, trades.length);
  const settled = instructions.filter((i) => i.status === 'settled');
  const waiting = instructions.filter((i) => i.status === 'matched');
  assert.equal(settled.length + waiting.length, instructions.length, 'no fail, no cancel');
  for (const i of waiting) assert.equal(i.securities_date, '2026-01-07', `${i.id} waits`);
  assert.ok(
    settled.some((i) => i.securities_date === '2026-01-06' && i.trade_date === '2026-01-05'),
    "a T+1 trade settled in the next day's bilateral cycle",
  );
  run.t.hub.checkInvariants();
});

let four_days: BondRun | undefined;
function fourDays(): BondRun {
  four_days ??= runBondDays(2026, ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
  return four_days;
}

test('RFQs go out in business hours to three makers; some are cancelled or expire', () => {
  const run = fourDays();
  const requests = run.events.filter((e) => e.event.type === 'rfq_requested');
  for (const { at_us } of requests) {
    const second = secondOfDay(at_us);
    assert.ok(second >= 9.5 * 3600 && second < 16 * 3600, `requested at ${second}`);
  }
  const last = new Map<string, string>();
  for (const { event } of run.events)
    if (event.type === 'rfq_status') last.set(event.report.quote_req_id, event.report.rfq_status);
  const finished = [...last.values()];
  assert.ok(finished.includes('accepted'));
  assert.ok(finished.includes('cancelled'), 'the desk cancels some');
  assert.ok(finished.includes('expired'), 'and lets some expire');
  assert.ok(count(run, 'rfq_quote') >= 2 * count(run, 'bond_trade'), 'several quotes a trade');
  assert.deepEqual(run.refused, []);
});

test('both Mainland funds trade: the QDII fund exempt from the quota', () => {
  const run = fourDays();
  const by_channel = new Map<string, bigint[]>();
  for (const { event } of run.events) {
    if (event.type !== 'bond_trade') continue;
    const list = by_channel.get(event.trade.southbound_channel ?? '') ?? [];
    list.push(event.trade.quota_rmb_minor);
    by_channel.set(event.trade.southbound_channel ?? '', list);
  }
  assert.ok((by_channel.get('bond_connect') ?? []).every((q) => q > 0n));
  assert.ok((by_channel.get('qdii') ?? []).length > 0, 'the QDII fund trades');
  assert.ok(
    (by_channel.get('qdii') ?? []).every((q) => q === 0n),
    'exempt from the quota',
  );
});

test('prices follow the slowly drifting curve: within two points per 100 over four days', () => {
  const run = fourDays();
  const prices = new Map<string, bigint[]>();
  for (const { event } of run.events) {
    if (event.type !== 'bond_trade') continue;
    const list = prices.get(event.trade.security_id) ?? [];
    list.push(event.trade.px_e8);
    prices.set(event.trade.security_id, list);
  }
  assert.ok(prices.size >= 5, `bonds traded: ${prices.size}`);
  for (const [isin, list] of prices) {
    let low = list[0] ?? 0n;
    let high = low;
    for (const px of list) {
      if (px < low) low = px;
      if (px > high) high = px;
    }
    assert.ok(high - low < 200_000_000n, `${isin}: ${low}–${high}`);
    assert.ok(low > 9_000_000_000n && high < 11_000_000_000n, `${isin} near par`);
  }
});

test('the same seed gives the same journal; another seed another', () => {
  const a = runBondDays(7, ['2026-01-05']);
  const b = runBondDays(7, ['2026-01-05']);
  const c = runBondDays(8, ['2026-01-05']);
  assert.equal(a.t.hub.digest(), b.t.hub.digest());
  assert.notEqual(a.t.hub.digest(), c.t.hub.digest());
});

test('coupons are paid on their date once; a restarted operator pays nothing twice', () => {
  const run = twoDays();
  const paid = run.events.filter((e) => e.event.type === 'bond_coupon_paid');
  assert.equal(paid.length, 1, 'the MOF bond on 5 January (earlier coupons predate the demo)');
  const event = paid[0]?.event;
  assert.ok(event?.type === 'bond_coupon_paid');
  assert.equal(event.coupon_date, '2026-01-05');
  assert.equal(count(run, 'bond_quota_fx_set'), 2, 'the quota rates each day');
  const again = runBondDays(2026, ['2026-01-07'], 4, run.t);
  assert.equal(count(again, 'bond_registered'), 0, 'no set-up after a restart');
  assert.equal(count(again, 'bond_coupon_paid'), 0);
  assert.ok(count(again, 'bond_trade') > 0);
  assert.deepEqual(again.refused, []);
  const failed = [...again.t.hub.state.posttrade.instructions.values()].filter(
    (i) => i.trade_id.startsWith('BOND:') && i.status !== 'settled' && i.status !== 'matched',
  );
  assert.deepEqual(failed, [], 'a restarted desk reserves the trades it finds unsettled');
});

test('makers decline what could not settle: the investor or the maker short', () => {
  const t = runBondDays(2026, ['2026-01-05']).t;
  t.now_us = timestampAt('2026-01-06', '10:00');
  const request = (id: string, side: 'buy' | 'sell', face: bigint) =>
    t.submit({
      participant: 'PEARL',
      command: {
        type: 'bonds.request_quote',
        ...{ quote_req_id: id, requester: 'cn-inst-fund', security_id: 'HKHTGB25USD6', side },
        ...{ order_qty_minor: face, price_type: 'percent_of_par', dealers: ['BOCHK'] },
        ...{ quote_window_us: 60_000_000, settlement_date: '2026-01-06' },
      },
    });
  // BOCHK holds USD 50 million of the tranche, the investor USD 20 million
  assert.equal(request('maker-short', 'buy', 8_000_000_000n).status, 'accepted');
  assert.equal(request('not-held', 'sell', 3_000_000_000n).status, 'accepted');
  assert.equal(request('broke', 'buy', 100_000_000n).status, 'accepted');
  const reservations = new BondReservations();
  // Everything the investor has in USD is already committed to an earlier trade
  reservations.reserve('2026-01-06', 'cn-inst-fund/USD', 100_000_000_000n);
  const makers = new RfqMakers(new Mulberry32(1), curve(), reservations, () => 'q');
  const answers = new Map<string, string>();
  for (let i = 0; i < 30 && answers.size < 3; i += 1) {
    for (const s of makers.step(t.hub.state, t.now_us)) {
      const c = s.command;
      if (c.type === 'bonds.decline_quote_request') answers.set(c.quote_req_id, c.reason);
      if (c.type === 'bonds.quote') answers.set(c.quote_req_id, 'quoted');
    }
  }
  assert.equal(answers.get('maker-short'), 'exceeds_limit', 'the maker lacks the bonds');
  assert.equal(answers.get('not-held'), 'other', 'the investor does not hold the bonds');
  assert.equal(answers.get('broke'), 'other', 'the investor cannot pay');
  // 17:00: after the makers' hours (16:00), before the T+0 settlement cut-off (18:00, §8.8)
  t.now_us = timestampAt('2026-01-06', '17:00');
  const closed = request('late', 'buy', 100_000_000n);
  assert.equal(closed.status, 'accepted');
  const late = makers.step(t.hub.state, t.now_us).concat(makers.step(t.hub.state, t.now_us));
  const answer = late.find((s) => s.command.type === 'bonds.decline_quote_request');
  assert.ok(answer?.command.type === 'bonds.decline_quote_request');
  assert.equal(answer.command.reason, 'exchange_closed', 'no quotes after business hours');
});

function curve(): BondCurve {
  return new BondCurve(new Mulberry32(3));
}

test('the yield curve drifts slowly and never strays far; prices stay near par', () => {
  const c = curve();
  const bond = buildSchedule(HKGB_03GB2807001);
  let low = Number.MAX_SAFE_INTEGER;
  let high = 0;
  for (let minute = 0; minute < 20_000; minute += 1) {
    c.advance(minute * 60_000_000);
    const y = Number(c.yieldE12(bond, '2026-01-05') / 1_000_000n);
    low = Math.min(low, y);
    high = Math.max(high, y);
  }
  // in 10^-6: the level stays within its start ± 30 bp and a step
  assert.ok(high - low <= 62 * 100, `range ${(high - low) / 100} bp`);
  assert.ok(high - low >= 5 * 100, 'it moves');
  const price = c.fairCleanE8(bond, '2026-01-05');
  assert.ok(price !== null && price > 9_500_000_000n && price < 10_500_000_000n, `${price}`);
});

test('a restarted simulator reserves the unsettled trades it finds on the hub', () => {
  const run = runBondDays(2026, ['2026-01-05']);
  const state = run.t.hub.state;
  const waiting = [...state.posttrade.instructions.values()].find(
    (i) => i.trade_id.startsWith('BOND:') && i.status === 'matched',
  );
  assert.ok(waiting !== undefined, 'a T+1 trade of the last day');
  const reservations = new BondReservations();
  const cash_at = cashAccountId(waiting.receiver, waiting.cash_asset);
  assert.equal(waiting.securities_date, '2026-01-06');
  const before = reservations.available(state, cash_at, '2026-01-05');
  reservations.reserveUnsettled(state);
  const after = reservations.available(state, cash_at, '2026-01-05');
  assert.ok(before - after >= waiting.remaining_cash_minor, `${before} → ${after}`);
  assert.equal(reservations.available(state, cash_at, '2026-01-07'), before, 'until its date');
});
