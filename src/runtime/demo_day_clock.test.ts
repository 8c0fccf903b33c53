import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hub } from '../hub/index.js';
import { marketDate, timestampAt } from '../kernel/time.js';
import { DEMO_START_US, genesisSubmissions, type Submission } from '../sim/genesis.js';
import { MarketSimulator } from '../sim/market/simulator.js';
import { DemoDayClock, segmentAt } from './demo_day_clock.js';

const SECOND_MS = 1_000;

/** A clock on a wall clock the test moves. */
function clockAt(start: string, clock: string): { clock: DemoDayClock; wait(ms: number): number } {
  let wall = 1_000_000;
  const day = new DemoDayClock(timestampAt(start, clock), () => wall);
  return {
    clock: day,
    wait: (ms) => {
      wall += ms;
      return day.now_us();
    },
  };
}

describe('demo day clock', () => {
  test('passes a whole day, its close, the settlement cycles and the night in about 4¼ minutes', () => {
    const { wait } = clockAt('2026-01-05', '09:00');
    assert.equal(wait(100 * SECOND_MS), timestampAt('2026-01-05', '11:30'), 'morning at 90×');
    assert.equal(wait(5 * SECOND_MS), timestampAt('2026-01-05', '13:00'), 'lunch in 5 s');
    assert.equal(
      wait(130 * SECOND_MS),
      timestampAt('2026-01-05', '16:15'),
      'afternoon and auctions',
    );
    assert.equal(wait(10 * SECOND_MS), timestampAt('2026-01-05', '17:05'), 'settlement in 10 s');
    assert.equal(wait(10 * SECOND_MS), timestampAt('2026-01-06', '09:00'), 'the night in 10 s');
  });

  test('a weekend passes inside the night, and a big wall step crosses several segments', () => {
    const { wait } = clockAt('2026-01-09', '16:15'); // a Friday
    assert.equal(wait(20 * SECOND_MS), timestampAt('2026-01-12', '09:00'));
    const { wait: wait2 } = clockAt('2026-01-05', '11:00');
    // 20 s to 11:30, 5 s lunch, 10 s into the afternoon (15 min at 90×)
    assert.equal(wait2(35 * SECOND_MS), timestampAt('2026-01-05', '13:15'));
  });

  test('never goes backwards, and the operator moves it forward', () => {
    let wall = 5_000;
    const clock = new DemoDayClock(timestampAt('2026-01-05', '10:00'), () => wall);
    wall -= 1_000;
    assert.equal(clock.now_us(), timestampAt('2026-01-05', '10:00'));
    clock.advanceTo(timestampAt('2026-01-05', '14:55'));
    assert.equal(clock.now_us(), timestampAt('2026-01-05', '14:55'));
    clock.advanceTo(timestampAt('2026-01-05', '09:00'));
    assert.equal(clock.now_us(), timestampAt('2026-01-05', '14:55'), 'not back');
    wall += 2 * SECOND_MS;
    assert.equal(clock.now_us(), timestampAt('2026-01-05', '14:58'), 'and on at 90×');
  });

  test('a server started in the night opens at 09:00 of the next demo day', () => {
    const clock = DemoDayClock.startingAt(DEMO_START_US, () => 0);
    assert.equal(clock.now_us(), timestampAt('2026-01-05', '09:00'));
    assert.equal(segmentAt(timestampAt('2028-06-01', '10:00')).speed, 1, 'past the calendars');
  });

  test('two compressed days on the real hub close, settle trades and open the next day', () => {
    const hub = new Hub();
    let wall_ms = 0;
    const clock = DemoDayClock.startingAt(DEMO_START_US, () => wall_ms);
    const submit = (s: Submission, timestamp_us: number) =>
      hub.apply({
        seq: hub.seq + 1,
        timestamp_us,
        participant: s.participant,
        idempotency_key: null,
        command: s.command,
      });
    for (const s of genesisSubmissions()) submit(s, DEMO_START_US);
    const simulator = new MarketSimulator({ seed: 2026 });
    const types = new Map<string, number>();
    const cycles: string[] = [];
    // 200 ms of wall time a step (18 s of trading); Mainland money settles T+1, so two days
    while (hub.state.now_us < timestampAt('2026-01-06', '17:06')) {
      wall_ms += 200;
      const now_us = Math.max(clock.now_us(), hub.state.now_us);
      const steps = simulator.step(hub.state, now_us);
      const batch =
        steps.length > 0
          ? steps
          : [{ participant: 'operator', command: { type: 'hub.tick' } } as const];
      for (const s of batch) {
        for (const e of submit(s, now_us).events) {
          types.set(e.type, (types.get(e.type) ?? 0) + 1);
          if (e.type === 'cycle_completed' && e.settled > 0) cycles.push(e.cycle_id);
        }
      }
    }
    const settled = [...hub.state.posttrade.instructions.values()].filter(
      (i) => i.status === 'settled',
    );
    assert.ok(settled.length > 100, `settled instructions: ${settled.length}`);
    // ChinaClear's net cycles, and the bilateral cycle settling Monday's T+1 bond RFQ trades
    assert.deepEqual(
      cycles,
      ['CSDC-2026-01-05', 'CSDC-2026-01-06', 'BILATERAL-2026-01-06'],
      'the 17:00 cycles settled',
    );
    assertRfqTradesSettled(hub, types.get('bond_trade') ?? 0, '2026-01-06');
    assert.ok((types.get('trade') ?? 0) > 1_000, 'it traded');
    assert.equal(types.get('connect_day_started'), 2, 'the second day opened (quotas reset)');
    assert.equal(types.get('connect_day_ended'), 2);
    assert.equal(marketDate(hub.state.now_us), '2026-01-06');
    hub.checkInvariants();
  });
});

/** The simulator's bond RFQ trades: captured, settled when due, waiting for their date else. */
function assertRfqTradesSettled(hub: Hub, bond_trades: number, today: string): void {
  const rfq_trades = [...hub.state.posttrade.instructions.values()].filter((i) =>
    i.trade_id.startsWith('BOND:'),
  );
  assert.ok(bond_trades >= 10, `RFQ trades: ${bond_trades}`);
  assert.equal(rfq_trades.length, bond_trades, 'every RFQ trade captured');
  for (const i of rfq_trades) {
    const due = i.securities_date <= today;
    assert.equal(i.status, due ? 'settled' : 'matched', `${i.id} settling ${i.securities_date}`);
  }
}
