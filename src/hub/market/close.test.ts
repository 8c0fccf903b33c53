import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { uniformTickRule } from '../../market/index.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import type { HubEvent } from '../events.js';
import { TestHub } from '../testing.js';
import { emptyTracker, lastMinuteVwap, medianNominal, recordTrade } from './close.js';

const MOUTAI = 'CNE0000018R8';
const TENCENT = 'KYG875721634';
let next_id = 0;

function order(participant_owner: [string, string], fields: Record<string, unknown>): Command {
  next_id += 1;
  const parsed = parseCommand({
    type: 'market.submit_order',
    order_type: 'limit',
    time_in_force: 'day',
    client_order_id: `c${next_id}`,
    owner: participant_owner[1],
    quantity_units: 100,
    ...fields,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

const BUYER: [string, string] = ['BUND', 'cn-retail-zhang'];
const SELLER: [string, string] = ['PEARL', 'cn-retail-liu'];

/** A trade of `quantity` at `price` at `clock` on `date`: the sell rests, the buy takes it. */
function cross(
  t: TestHub,
  date: string,
  clock: string,
  price_units: number,
  quantity_units: number,
  sides: { buy: [string, string]; sell: [string, string]; instrument: string } = {
    buy: BUYER,
    sell: SELLER,
    instrument: MOUTAI,
  },
): readonly HubEvent[] {
  t.now_us = timestampAt(date, clock);
  const { instrument } = sides;
  t.accept(
    sides.sell[0],
    order(sides.sell, { instrument, side: 'sell', price_units, quantity_units }),
  );
  const result = t.accept(
    sides.buy[0],
    order(sides.buy, { instrument, side: 'buy', price_units, quantity_units }),
  );
  assert.ok(
    result.events.some((e) => e.type === 'trade'),
    `a trade at ${clock}`,
  );
  return result.events;
}

function tickAt(t: TestHub, date: string, clock: string): readonly HubEvent[] {
  t.now_us = timestampAt(date, clock);
  return t.accept('operator', { type: 'hub.tick' }).events;
}

function closeEvent(events: readonly HubEvent[], instrument: string) {
  const found = events.find((e) => e.type === 'closing_price_set' && e.instrument === instrument);
  assert.ok(found?.type === 'closing_price_set', 'a closing_price_set event');
  return found;
}

describe('official close', () => {
  test('A shares without a closing-auction price close at the last minute VWAP, which sets the next limits', () => {
    const t = genesis();
    const day = '2026-01-05';
    cross(t, day, '14:00', 150_000, 100); // more than a minute before the last trade
    cross(t, day, '14:56:10', 151_000, 100);
    cross(t, day, '14:56:40', 149_000, 200); // the last trade
    const close = closeEvent(tickAt(t, day, '15:01'), MOUTAI);
    // (100 × 1,510.00 + 200 × 1,490.00) / 300 = 1,496.666… → 1,496.67
    assert.equal(close.close_price_units, 149_667);
    assert.equal(close.method, 'last_minute_vwap');
    // Next day: +10 % of 1,496.67 = 1,646.34; from the last trade (1,490.00) it would be 1,639.00.
    t.now_us = timestampAt('2026-01-06', '09:16'); // the opening call: limits, no price cage
    const inside = t.submit(
      BUYER[0],
      order(BUYER, { instrument: MOUTAI, side: 'buy', price_units: 164_600 }),
    );
    assert.equal(inside.status, 'accepted');
    const outside = t.submit(
      BUYER[0],
      order(BUYER, { instrument: MOUTAI, side: 'buy', price_units: 164_700 }),
    );
    assert.equal(outside.rejection?.code, 'PRICE_OUTSIDE_LIMIT');
  });

  test('A shares whose closing call auction trades close at its price', () => {
    const t = genesis();
    const day = '2026-01-05';
    cross(t, day, '14:30', 149_000, 100);
    t.now_us = timestampAt(day, '14:58');
    t.accept(SELLER[0], order(SELLER, { instrument: MOUTAI, side: 'sell', price_units: 150_500 }));
    t.accept(BUYER[0], order(BUYER, { instrument: MOUTAI, side: 'buy', price_units: 150_500 }));
    const close = closeEvent(tickAt(t, day, '15:01'), MOUTAI);
    assert.equal(close.close_price_units, 150_500);
    assert.equal(close.method, 'closing_auction');
    const venue = t.hub.state.markets.markets.venues.get('XSHG');
    assert.equal(venue?.previous_close_units.get(MOUTAI), 150_500);
  });

  test('SEHK: the CAS reference is the median of five nominal prices from 15:59 to 16:00', () => {
    const t = genesis();
    const day = '2026-01-05';
    const hk = {
      buy: ['HARBOUR', 'hk-retail-chan'] as [string, string],
      sell: ['LIONROCK', 'LIONROCK'] as [string, string],
      instrument: TENCENT,
    };
    cross(t, day, '15:58', 620_000, 100, hk); // nominal 620 at 15:59:00 and 15:59:15
    t.now_us = timestampAt(day, '15:59:20');
    // A bid above the last trade pulls the nominal price up to 625 for the last three samples.
    t.accept(hk.buy[0], order(hk.buy, { instrument: TENCENT, side: 'buy', price_units: 625_000 }));
    tickAt(t, day, '16:02');
    const venue = t.hub.state.markets.markets.venues.get('XHKG');
    assert.deepEqual(
      venue?.closes.get(TENCENT)?.nominal_samples_units,
      [620_000, 620_000, 625_000, 625_000, 625_000],
    );
    // The ±5 % CAS band is around 625 (ceiling 656.25 → 656.00), not around the last trade
    // (620 → 651.00).
    const high = t.submit(
      hk.buy[0],
      order(hk.buy, {
        instrument: TENCENT,
        side: 'buy',
        price_units: 655_000,
        order_type: 'limit',
      }),
    );
    assert.equal(high.status, 'accepted', JSON.stringify(high.rejection));
    const beyond = t.submit(
      hk.buy[0],
      order(hk.buy, { instrument: TENCENT, side: 'buy', price_units: 657_000 }),
    );
    assert.equal(beyond.rejection?.code, 'PRICE_OUTSIDE_BAND');
    const close = closeEvent(tickAt(t, day, '16:11'), TENCENT);
    assert.equal(close.method, 'cas_reference');
    assert.equal(close.close_price_units, 625_000);
  });

  test('the VWAP window keeps only the minute up to the last trade', () => {
    const tracker = emptyTracker();
    recordTrade(tracker, 100, 10, 0);
    recordTrade(tracker, 200, 10, 61_000_000);
    assert.equal(lastMinuteVwap(tracker, uniformTickRule(1)), 200);
    recordTrade(tracker, 100, 10, 61_500_000);
    assert.equal(lastMinuteVwap(tracker, uniformTickRule(1)), 150);
    assert.equal(medianNominal([3, 0, 1, 2]), 2);
    assert.equal(medianNominal([]), 0);
  });
});
