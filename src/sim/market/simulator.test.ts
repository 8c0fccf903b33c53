import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestHub } from '../../hub/testing.js';
import { timestampAt } from '../../kernel/time.js';
import { DEMO_START_US, genesisSubmissions } from '../genesis.js';
import { MarketSimulator } from './simulator.js';

function run(seed: number): {
  hub: TestHub;
  accepted: number;
  rejected: Map<string, number>;
  trades: number;
} {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  const simulator = new MarketSimulator({ seed });
  t.now_us = timestampAt('2026-01-05', '09:15');
  let accepted = 0;
  let trades = 0;
  const rejected = new Map<string, number>();
  for (let step = 0; step < 3_000; step += 1) {
    t.advance(2);
    for (const s of simulator.step(t.hub.state, t.now_us)) {
      const result = t.submit(s.participant, s.command);
      if (result.status === 'accepted') accepted += 1;
      else
        rejected.set(
          result.rejection?.code ?? '',
          (rejected.get(result.rejection?.code ?? '') ?? 0) + 1,
        );
      trades += result.events.filter((e) => e.type === 'trade').length;
    }
  }
  return { hub: t, accepted, rejected, trades };
}

test('the market simulator makes a living market: quotes, trades, few rejections', () => {
  const { hub, accepted, rejected, trades } = run(11);
  const rejections = [...rejected.values()].reduce((a, b) => a + b, 0);
  assert.ok(accepted > 5_000, `accepted ${accepted}`);
  assert.ok(trades > 500, `trades ${trades}`);
  assert.ok(rejections < accepted / 10, `rejections ${JSON.stringify([...rejected])}`);
  hub.hub.checkInvariants();
});

test('the same seed drives the hub to the same digest', () => {
  assert.equal(run(5).hub.hub.digest(), run(5).hub.hub.digest());
});

test('a simulator restarted on the same hub with the same seed reuses no order id', () => {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  t.now_us = timestampAt('2026-01-05', '09:35');
  const codes = new Map<string, number>();
  const drive = (simulator: MarketSimulator) => {
    for (let step = 0; step < 300; step += 1) {
      t.advance(2);
      for (const s of simulator.step(t.hub.state, t.now_us)) {
        const code = t.submit(s.participant, s.command).rejection?.code;
        if (code !== undefined) codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    }
  };
  drive(new MarketSimulator({ seed: 9 }));
  drive(new MarketSimulator({ seed: 9 })); // the server restarted: a new simulator, same seed
  assert.equal(codes.get('DUPLICATE_CLIENT_ORDER_ID') ?? 0, 0, JSON.stringify([...codes]));
});
