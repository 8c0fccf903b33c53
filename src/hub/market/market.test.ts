import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import type { HubEvent } from '../events.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';

const MOUTAI = 'CNE0000018R8';
const TENCENT = 'KYG875721634';

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function order(fields: Record<string, unknown>): Command {
  return wire({
    type: 'market.submit_order',
    order_type: 'limit',
    time_in_force: 'day',
    ...fields,
  });
}

function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

function at(t: TestHub, clock: string): void {
  t.now_us = timestampAt('2026-01-05', clock);
}

function types(events: readonly HubEvent[]): string[] {
  return events.map((e) => e.type);
}

describe('hub market: sessions on the hub clock', () => {
  test('an SSE book collects in the opening call, uncrosses at 09:25 and trades continuously from 09:30', () => {
    const t = genesis();
    at(t, '09:16');
    t.accept(
      'BUND',
      order({
        client_order_id: 'b1',
        instrument: MOUTAI,
        side: 'buy',
        price_units: 150_000,
        quantity_units: 300,
        owner: 'cn-retail-zhang',
      }),
    );
    const sell = t.accept(
      'PEARL',
      order({
        client_order_id: 's1',
        instrument: MOUTAI,
        side: 'sell',
        price_units: 149_000,
        quantity_units: 200,
        owner: 'cn-retail-liu',
      }),
    );
    assert.ok(!types(sell.events).includes('trade'), 'no trade during the call');
    at(t, '09:26');
    const tick = t.accept('operator', { type: 'hub.tick' });
    const trades = tick.events.filter((e) => e.type === 'trade');
    assert.equal(trades.length, 1);
    const trade = trades[0];
    assert.ok(trade?.type === 'trade');
    assert.equal(trade.quantity_units, 200);
    assert.equal(trade.aggressor, 'auction');
    assert.equal(trade.buyer, 'cn-retail-zhang');
    assert.equal(trade.seller, 'cn-retail-liu');
    at(t, '09:31');
    const cont = t.accept(
      'PEARL',
      order({
        client_order_id: 's2',
        instrument: MOUTAI,
        side: 'sell',
        price_units: 150_000,
        quantity_units: 100,
        owner: 'cn-retail-liu',
      }),
    );
    const continuous_trade = cont.events.find((e) => e.type === 'trade');
    assert.ok(continuous_trade?.type === 'trade');
    assert.equal(continuous_trade.aggressor, 'sell');
    assert.equal(continuous_trade.price_units, 150_000);
    t.hub.checkInvariants();
  });

  test('DAY orders expire at the close; orders outside the daily limit are refused', () => {
    const t = genesis();
    at(t, '10:00');
    const previous =
      t.hub.state.markets.markets.venues.get('XSHG')?.previous_close_units.get(MOUTAI) ?? 0;
    assert.ok(previous > 0);
    const too_high = t.submit(
      'BUND',
      order({
        client_order_id: 'x',
        instrument: MOUTAI,
        side: 'buy',
        price_units: Math.ceil(previous * 1.2),
        quantity_units: 100,
        owner: 'cn-retail-zhang',
      }),
    );
    assert.equal(too_high.status, 'rejected');
    assert.match(too_high.rejection?.code ?? '', /LIMIT/);
    t.accept(
      'BUND',
      order({
        client_order_id: 'd1',
        instrument: MOUTAI,
        side: 'buy',
        price_units: previous,
        quantity_units: 100,
        owner: 'cn-retail-zhang',
      }),
    );
    at(t, '15:01');
    const close = t.accept('operator', { type: 'hub.tick' });
    const expired = close.events.filter(
      (e) => e.type === 'order_cancelled' && e.reason === 'day_expiry',
    );
    assert.equal(expired.length, 1);
    assert.equal(t.hub.state.markets.markets.orders.size, 0);
  });

  test('SEHK: orders refused while closed, accepted in continuous trading; odd lots refused', () => {
    const t = genesis();
    at(t, '08:30');
    const early = t.submit(
      'HARBOUR',
      order({
        client_order_id: 'e',
        instrument: TENCENT,
        side: 'buy',
        price_units: 600_000,
        quantity_units: 100,
        owner: 'hk-retail-chan',
      }),
    );
    assert.equal(early.status, 'rejected');
    at(t, '10:00');
    const odd = t.submit(
      'HARBOUR',
      order({
        client_order_id: 'o',
        instrument: TENCENT,
        side: 'buy',
        price_units: 600_000,
        quantity_units: 50,
        owner: 'hk-retail-chan',
      }),
    );
    assert.equal(odd.status, 'rejected');
    const ok = t.accept(
      'HARBOUR',
      order({
        client_order_id: 'k',
        instrument: TENCENT,
        side: 'buy',
        price_units: 600_000,
        quantity_units: 100,
        owner: 'hk-retail-chan',
      }),
    );
    assert.deepEqual(types(ok.events).slice(0, 2), ['order_accepted', 'order_rested']);
  });
});

describe('hub market: orders', () => {
  test('a participant trades only for itself or its clients, and cancels only its own orders', () => {
    const t = genesis();
    at(t, '10:00');
    const stranger = t.submit(
      'PEAK',
      order({
        client_order_id: 'a',
        instrument: TENCENT,
        side: 'buy',
        price_units: 600_000,
        quantity_units: 100,
        owner: 'hk-retail-chan',
      }),
    );
    assert.equal(stranger.rejection?.code, 'NOT_AUTHORIZED');
    const placed = t.accept(
      'HARBOUR',
      order({
        client_order_id: 'a',
        instrument: TENCENT,
        side: 'buy',
        price_units: 600_000,
        quantity_units: 100,
        owner: 'hk-retail-chan',
      }),
    );
    const accepted = placed.events.find((e) => e.type === 'order_accepted');
    assert.ok(accepted?.type === 'order_accepted');
    const other = t.submit(
      'PEAK',
      wire({ type: 'market.cancel_order', order_id: accepted.order_id }),
    );
    const unknown = t.submit('PEAK', wire({ type: 'market.cancel_order', order_id: 987_654 }));
    // Another's order is refused exactly like an id that does not exist: ids cannot be probed.
    assert.equal(other.rejection?.code, 'UNKNOWN_ORDER');
    assert.equal(other.rejection?.message, unknown.rejection?.message);
    assert.deepEqual(Object.keys(other.rejection?.details ?? {}), ['order_id', 'client_order_id']);
    const other_replace = t.submit(
      'PEAK',
      wire({
        type: 'market.replace_order',
        order_id: accepted.order_id,
        price_units: 600_000,
        quantity_units: 100,
      }),
    );
    assert.equal(other_replace.rejection?.code, 'UNKNOWN_ORDER');
    const dup = t.submit(
      'HARBOUR',
      order({
        client_order_id: 'a',
        instrument: TENCENT,
        side: 'buy',
        price_units: 600_000,
        quantity_units: 100,
        owner: 'hk-retail-chan',
      }),
    );
    assert.equal(dup.rejection?.code, 'DUPLICATE_CLIENT_ORDER_ID');
    const cancel = t.accept('HARBOUR', wire({ type: 'market.cancel_order', client_order_id: 'a' }));
    assert.deepEqual(
      types(cancel.events).filter((x) => x !== 'bbo'),
      ['order_cancelled'],
    );
    const again = t.submit('HARBOUR', wire({ type: 'market.cancel_order', client_order_id: 'a' }));
    assert.equal(again.rejection?.code, 'UNKNOWN_ORDER');
  });

  test('routes are derived: an HK broker on an SSE stock is Northbound, a Mainland broker on SEHK is Southbound', () => {
    const t = genesis();
    at(t, '10:00');
    const nb = t.accept(
      'HARBOUR',
      order({
        client_order_id: 'n',
        instrument: MOUTAI,
        side: 'buy',
        price_units: 140_000,
        quantity_units: 100,
        owner: 'hk-inst-fund',
        bcan: '1000000003',
      }),
    );
    const sb = t.accept(
      'PEARL',
      order({
        client_order_id: 's',
        instrument: TENCENT,
        side: 'buy',
        order_type: 'enhanced_limit',
        price_units: 600_000,
        quantity_units: 100,
        owner: 'cn-inst-fund',
      }),
    );
    const route = (events: readonly HubEvent[]) => events.find((e) => e.type === 'order_accepted');
    const nb_accepted = route(nb.events);
    const sb_accepted = route(sb.events);
    assert.ok(nb_accepted?.type === 'order_accepted' && sb_accepted?.type === 'order_accepted');
    assert.equal(nb_accepted.route, 'northbound');
    assert.equal(sb_accepted.route, 'southbound');
  });

  test('unknown instruments and rejected book checks leave the state unchanged', () => {
    const t = genesis();
    at(t, '10:00');
    t.accept('operator', { type: 'hub.tick' }); // let the sessions reach 10:00 first
    const before = t.hub.digest();
    const unknown = t.submit(
      'HARBOUR',
      order({
        client_order_id: 'u',
        instrument: 'US0378331005',
        side: 'buy',
        price_units: 1,
        quantity_units: 1,
        owner: 'hk-retail-chan',
      }),
    );
    assert.equal(unknown.rejection?.code, 'UNKNOWN_INSTRUMENT');
    const off_tick = t.submit(
      'HARBOUR',
      order({
        client_order_id: 'v',
        instrument: TENCENT,
        side: 'buy',
        price_units: 600_001,
        quantity_units: 100,
        owner: 'hk-retail-chan',
      }),
    );
    assert.equal(off_tick.status, 'rejected');
    const state = snapshotHub(t.hub.state);
    const rewound = new Hub(restoreHub({ ...state, seq: state.seq - 2 }));
    assert.equal(rewound.digest(), before);
  });

  test('a trading day replays from its envelopes, and from a snapshot, to the same digest', () => {
    const t = genesis();
    const clocks = ['09:16', '09:17', '09:31', '09:32', '10:00', '13:05', '15:05'];
    clocks.forEach((clock, i) => {
      at(t, clock);
      t.submit(
        'BUND',
        order({
          client_order_id: `b${i}`,
          instrument: MOUTAI,
          side: 'buy',
          price_units: 149_000 + i * 100,
          quantity_units: 100 * (i + 1),
          owner: 'cn-retail-zhang',
        }),
      );
      t.submit(
        'PEARL',
        order({
          client_order_id: `s${i}`,
          instrument: MOUTAI,
          side: 'sell',
          price_units: 149_200,
          quantity_units: 100,
          owner: 'cn-retail-liu',
        }),
      );
      if (i === 3) {
        const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
        assert.equal(restored.digest(), t.hub.digest());
      }
    });
    const replay = new Hub();
    for (const e of t.envelopes) replay.apply(e);
    assert.equal(replay.digest(), t.hub.digest());
    t.hub.checkInvariants();
  });
});
