/**
 * The monitor fed by a real hub: the demo genesis and a Connect day on Monday 5 January 2026
 * (the trades of src/hub/e2e/connect_day.test.ts: Northbound buys in the opening auction and the
 * continuous session, a Northbound sell, a Southbound buy), then the settlement cycles of Monday,
 * Tuesday and Wednesday. The monitor's flows are checked against the quota the hub's rules kept,
 * its obligations against settlement, its positions against the ledger; replaying the journal
 * gives the same views and alerts as feeding it live.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandResult } from '../../../hub/index.js';
import { Hub } from '../../../hub/index.js';
import { TestHub } from '../../../hub/testing.js';
import { timestampAt } from '../../../kernel/time.js';
import { type Command, parseCommand } from '../../../protocol/index.js';
import { quotaReport } from '../../../rules/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../../sim/genesis.js';
import { RiskMonitor } from './monitor.js';
import { RiskMonitorReader } from './reader.js';
import { type RiskMonitorSettingsInput, riskMonitorSettings } from './settings.js';
import type { ExposuresView, FlowsView, RiskAlert } from './types.js';

const MOUTAI = 'CNE0000018R8';
const TENCENT = 'KYG875721634';
const DAY = '2026-01-05';

const SETTINGS: RiskMonitorSettingsInput = {
  flow_thresholds: [
    { link: 'sh_hk_stock', direction: 'northbound', currency: 'CNY', reversal_level_minor: 0n },
  ],
  exposure_limits: [
    { participant: null, currency: 'CNY', measure: 'gross_position', limit_minor: 10_000_000_000n },
    { participant: null, currency: 'CNY', measure: 'net_payable', limit_minor: 20_000_000n },
  ],
  holding_share: '0.3',
  turnover_share: '0.3',
  turnover_trades_min: 2,
};

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

/** A test hub whose every result goes to a monitor reader at once, as the server feeds it. */
class Watched {
  readonly t = new TestHub(DEMO_START_US);
  readonly reader: RiskMonitorReader;
  readonly broadcast: RiskAlert[] = [];
  /** The official closes the hub published, by instrument. */
  readonly closes = new Map<string, number>();

  constructor() {
    const settings = riskMonitorSettings(SETTINGS);
    assert.ok(settings.ok);
    this.reader = new RiskMonitorReader(new RiskMonitor(settings.value), (a) =>
      this.broadcast.push(...a),
    );
    for (const s of genesisSubmissions()) this.ok(s.participant, s.command);
  }

  submit(participant: string, command: Command): CommandResult {
    const result = this.t.submit(participant, command);
    this.reader.onResult(result, this.t.envelopes.at(-1)?.timestamp_us ?? 0);
    for (const e of result.events) {
      if (e.type === 'closing_price_set') this.closes.set(e.instrument, e.close_price_units);
    }
    return result;
  }

  ok(participant: string, command: Command): CommandResult {
    const result = this.submit(participant, command);
    assert.equal(result.status, 'accepted', `${command.type}: ${result.rejection?.code}`);
    return result;
  }

  at(date: string, clock: string): this {
    this.t.now_us = timestampAt(date, clock);
    return this;
  }

  tick(date: string, clock: string): void {
    this.at(date, clock).ok('operator', { type: 'hub.tick' });
  }

  order(participant: string, o: Record<string, unknown>): void {
    const command = {
      type: 'market.submit_order',
      ...{ instrument: MOUTAI, order_type: 'limit', time_in_force: 'day' },
      ...o,
    };
    this.ok(participant, wire(command));
  }
}

/** Monday's trading, as in the Connect-day end-to-end test, to 16:20 (the rules' day closed). */
function monday(): Watched {
  const w = new Watched();
  w.ok(
    'operator',
    wire({ type: 'rules.set_daily_quota', link: 'sh_northbound', daily_quota_minor: '50000000' }),
  );
  const o = (
    id: string,
    owner: string,
    side: string,
    price: number,
    qty: number,
    bcan?: string,
  ) => ({
    ...{ client_order_id: id, owner, side, price_units: price, quantity_units: qty },
    ...(bcan === undefined ? {} : { bcan }),
  });
  w.at(DAY, '09:12').order(
    'HARBOUR',
    o('nb-fund-1', 'hk-inst-fund', 'buy', 146_000, 100, '1000000003'),
  );
  w.at(DAY, '09:16').order('BUND', o('zhang-s1', 'cn-retail-zhang', 'sell', 146_000, 100));
  w.order('PEAK', o('nb-ins-1', 'hk-inst-insurer', 'buy', 146_000, 200, '2000000002'));
  w.tick(DAY, '09:26'); // the opening auction: hk-inst-fund buys zhang's 100 at 1,460.00
  w.at(DAY, '10:00').order('PEARL', o('liu-s1', 'cn-retail-liu', 'sell', 145_900, 300));
  w.order('HARBOUR', o('nb-fund-s1', 'hk-inst-fund', 'sell', 145_900, 100, '1000000003'));
  w.order('BUND', o('zhao-b1', 'cn-pro-zhao', 'buy', 145_900, 200));
  const tencent = { instrument: TENCENT };
  w.at(DAY, '10:30').order('LIONROCK', {
    ...o('lr-s1', 'LIONROCK', 'sell', 620_000, 100),
    ...tencent,
  });
  w.order('PEARL', {
    ...o('sb-fund-1', 'cn-inst-fund', 'buy', 620_000, 100),
    ...{ ...tencent, order_type: 'enhanced_limit' },
  });
  w.tick(DAY, '16:20');
  return w;
}

function flow(view: FlowsView, key: string) {
  return view.series.find((s) => `${s.link}/${s.direction}/${s.currency}` === key);
}

function obligations(view: ExposuresView, participant: string) {
  return view.participants
    .find((p) => p.participant === participant)
    ?.obligations.map((o) => [o.group, o.currency, o.payable_minor, o.receivable_minor]);
}

test("Northbound net buying equals the quota the hub's rules used; the Southbound buy its flow", () => {
  const w = monday();
  const view = w.reader.flows();
  assert.equal(view.market_date, DAY);
  // Bought 100 + 200 at 1,460.00 (43,800,000), sold 100 at 1,459.00 (14,590,000).
  const nb = flow(view, 'sh_hk_stock/northbound/CNY');
  assert.deepEqual(
    [nb?.buy_minor, nb?.sell_minor, nb?.net_buy_minor, nb?.count],
    [43_800_000n, 14_590_000n, 29_210_000n, 3],
  );
  const hub_quota = quotaReport(w.t.hub.state.rules.quotas[0] as never);
  const sh = view.stock_connect_quotas.find((q) => q.quota_link === 'sh_northbound');
  assert.deepEqual(
    [sh?.date, sh?.daily_quota_minor, sh?.balance_minor, sh?.used_minor],
    [DAY, 50_000_000n, hub_quota.balance_minor, 29_210_000n],
  );
  assert.equal(sh?.used_minor, nb?.net_buy_minor, 'the quota used net is the net buying');
  // PEARL is an SSE participant: the Shanghai link. HKD 62,000.00; the quota counted RMB
  // 57,796.40 at the day's reference rate.
  const sb = flow(view, 'sh_hk_stock/southbound/HKD');
  assert.deepEqual([sb?.buy_minor, sb?.sell_minor], [6_200_000n, 0n]);
  const sb_quota = view.stock_connect_quotas.find((q) => q.quota_link === 'sh_southbound');
  assert.equal(sb_quota?.used_minor, 5_779_640n);
  assert.equal(view.series.length, 2);
});

test('obligations to ChinaClear and HKSCC follow settlement to zero; the CCPs net to nothing', () => {
  const w = monday();
  let view = w.reader.exposures();
  assert.deepEqual(obligations(view, 'PEAK'), [['CSDC', 'CNY', 29_200_000n, 0n]]);
  assert.deepEqual(obligations(view, 'HARBOUR'), [['CSDC', 'CNY', 14_600_000n, 14_590_000n]]);
  assert.deepEqual(obligations(view, 'BUND'), [['CSDC', 'CNY', 29_180_000n, 14_600_000n]]);
  assert.deepEqual(obligations(view, 'PEARL'), [
    ['CSDC', 'CNY', 0n, 43_790_000n],
    ['HKSCC', 'HKD', 6_200_000n, 0n],
  ]);
  assert.deepEqual(obligations(view, 'LIONROCK'), [['HKSCC', 'HKD', 0n, 6_200_000n]]);
  for (const ccp of ['CSDC', 'HKSCC']) {
    const net = view.ccp
      .filter((c) => c.ccp === ccp)
      .reduce((sum, c) => sum + c.net_payable_minor, 0n);
    assert.equal(net, 0n, `${ccp} is matched: what some owe it, it owes others`);
  }
  // Monday 17:00: A-share securities delivered (T+0); the RMB is still due.
  w.at(DAY, '16:30').ok(
    'operator',
    wire({
      type: 'rules.set_fx_settlement_rates',
      date: DAY,
      rate_for_buys: '0.9300',
      rate_for_sells: '0.9100',
    }),
  );
  w.tick(DAY, '17:01');
  view = w.reader.exposures();
  assert.deepEqual(obligations(view, 'PEAK'), [['CSDC', 'CNY', 29_200_000n, 0n]]);
  assert.deepEqual(
    w.reader.positions('PEAK').find((l) => l.instrument === MOUTAI)?.unsettled_units,
    0,
  );
  w.tick('2026-01-06', '17:01'); // Tuesday: the RMB of Monday's A-share trades
  view = w.reader.exposures();
  assert.equal(
    view.ccp.some((c) => c.ccp === 'CSDC'),
    false,
  );
  assert.deepEqual(obligations(view, 'PEARL'), [['HKSCC', 'HKD', 6_200_000n, 0n]]);
  w.tick('2026-01-07', '17:01'); // Wednesday: Southbound T+2
  view = w.reader.exposures();
  assert.deepEqual(
    view.participants.flatMap((p) => p.obligations),
    [],
  );
  assert.deepEqual(
    [w.reader.stats().open_instructions, w.reader.stats().instructions_unmatched],
    [0, 0],
  );
});

test("every holder's position is its ledger balance once settled", () => {
  const w = monday();
  w.at(DAY, '16:30').ok(
    'operator',
    wire({
      type: 'rules.set_fx_settlement_rates',
      date: DAY,
      rate_for_buys: '0.9300',
      rate_for_sells: '0.9100',
    }),
  );
  for (const date of [DAY, '2026-01-06', '2026-01-07']) w.tick(date, '17:01');
  for (const isin of [MOUTAI, TENCENT]) {
    const ledger = new Map<string, bigint>();
    for (const a of w.t.hub.state.ledger.accounts.values()) {
      const holder = a.asset === isin && !a.omnibus && a.flags.debits_must_not_exceed_credits;
      if (!holder || a.flags.credits_must_not_exceed_debits || ['CSDC', 'HKSCC'].includes(a.owner))
        continue;
      const units = a.credits_posted - a.debits_posted;
      if (units > 0n) ledger.set(a.owner, (ledger.get(a.owner) ?? 0n) + units);
    }
    const seen = w.reader.holders(isin, 1_000);
    assert.ok(seen);
    assert.deepEqual(
      new Map(seen.top.map((h) => [h.holder, BigInt(h.quantity_units)])),
      ledger,
      isin,
    );
    assert.ok(ledger.size > 3);
  }
  // Valued at the official close the hub published (the last minute's VWAP, not a trade's price).
  const line = w.reader.positions('PEAK').find((l) => l.instrument === MOUTAI);
  assert.deepEqual([line?.unsettled_units, line?.price_units], [0, w.closes.get(MOUTAI)]);
  assert.notEqual(w.closes.get(MOUTAI), 145_900);
});

test('turnover shares of the day on SSE: both sides of each trade', () => {
  const view = monday().reader.concentration();
  const xshg = view.markets.find((m) => m.market === 'XSHG' && m.currency === 'CNY');
  // 14,600,000 + 29,200,000 + 14,590,000 + 14,590,000 = 72,980,000 in four trades.
  assert.deepEqual([xshg?.turnover_minor, xshg?.trades], [72_980_000n, 4]);
  const total = xshg?.top.reduce((sum, s) => sum + s.turnover_minor, 0n);
  assert.equal(total, 2n * 72_980_000n);
});

test('replaying the journal gives the views and alerts of the live feed, without broadcasting', () => {
  const w = monday();
  const live = w.reader;
  assert.ok(live.alerts().length > 0, 'the settings raise alerts on this day');
  assert.deepEqual(w.broadcast, live.alerts());
  const settings = riskMonitorSettings(SETTINGS);
  assert.ok(settings.ok);
  let broadcast = 0;
  const replayed = new RiskMonitorReader(new RiskMonitor(settings.value), () => {
    broadcast += 1;
  });
  const scratch = new Hub();
  const batches = w.t.envelopes.map((envelope) => {
    const result = scratch.apply(envelope);
    return {
      events: result.events,
      first_event_seq: result.first_event_seq,
      timestamp_us: envelope.timestamp_us,
    };
  });
  assert.equal(replayed.replay(batches), live.alerts().length);
  assert.equal(broadcast, 0);
  assert.deepEqual(replayed.flows(), live.flows());
  assert.deepEqual(replayed.flowHistory(), live.flowHistory());
  assert.deepEqual(replayed.exposures(), live.exposures());
  assert.deepEqual(replayed.concentration(), live.concentration());
  assert.deepEqual(replayed.alerts(), live.alerts());
  assert.deepEqual(replayed.stats(), live.stats());
  // A replay that starts again from the beginning changes nothing: consumed batches are skipped.
  assert.equal(replayed.replay(batches), 0);
  assert.deepEqual(replayed.exposures(), live.exposures());
});
