import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AssertionError } from '../../kernel/assert.js';
import { toPlainJson } from '../../kernel/codec.js';
import { runScenario, type ScenarioResult } from '../../sim/abuse/index.js';
import { surveillanceConfig } from './config.js';
import { genesisBatches, MOUTAI, Script } from './fixtures.js';
import { Surveillance } from './surveillance.js';
import type { Alert } from './types.js';

let scenario: ScenarioResult | null = null;
function day(): ScenarioResult {
  scenario ??= runScenario({ seed: 3 });
  return scenario;
}

function replay(s: ScenarioResult): { alerts: Alert[]; reader: Surveillance; in_batch: boolean } {
  const reader = new Surveillance({
    config: surveillanceConfig('standard', { linked_groups: s.linked_groups }),
  });
  const alerts: Alert[] = [];
  let in_batch = true;
  for (const b of s.batches) {
    const raised = reader.consume(b.events, b.first_event_seq, b.timestamp_us);
    for (const a of raised)
      in_batch &&=
        a.event_seq >= b.first_event_seq && a.event_seq < b.first_event_seq + b.events.length;
    alerts.push(...raised);
  }
  return { alerts, reader, in_batch };
}

test('the same journal always yields the same alerts, with the same ids', () => {
  const first = replay(day());
  const second = replay(day());
  assert.ok(
    first.alerts.length > 20,
    `a day of labelled abuse raises alerts (${first.alerts.length})`,
  );
  assert.deepEqual(toPlainJson(second.alerts), toPlainJson(first.alerts));
  assert.equal(
    new Set(first.alerts.map((a) => a.alert_id)).size,
    first.alerts.length,
    'ids are unique',
  );
  const again = runScenario({ seed: 3 });
  assert.equal(again.digest, day().digest, 'the scenario itself replays to the same hub state');
  assert.deepEqual(toPlainJson(replay(again).alerts), toPlainJson(first.alerts));
});

test('every alert is returned by the batch that holds the event completing its pattern', () => {
  assert.equal(replay(day()).in_batch, true);
});

test('the reader tracks exactly the hub’s live orders, and the day roll drops idle accounts', () => {
  const { reader } = replay(day());
  assert.equal(reader.stats().live_orders, day().live_orders);
  const before = reader.stats().owners;
  reader.endDay(day().batches.at(-1)?.timestamp_us ?? 0);
  assert.ok(reader.stats().owners < before);
  assert.ok(
    reader.stats().owners <= reader.stats().live_orders,
    'only accounts with live orders stay',
  );
});

test('a batch already consumed is ignored; a gap or time going backwards crashes', () => {
  const s = new Script();
  const batch = genesisBatches()[0];
  assert.ok(batch !== undefined);
  assert.deepEqual(
    s.surveillance.consume(batch.events, batch.first_event_seq, batch.timestamp_us),
    [],
  );
  const order = (id: number) => ({
    type: 'order_accepted' as const,
    order_id: id,
    client_order_id: `c${id}`,
    participant: 'BUND',
    owner: 'cn-pro-zhao',
    instrument: MOUTAI,
    market: 'XSHG',
    route: 'domestic' as const,
    venue: 'XSHG',
    side: 'buy' as const,
    order_type: 'limit' as const,
    time_in_force: 'day' as const,
    post_only: false,
    price_units: 100_000,
    quantity_units: 100,
    timestamp_us: s.now_us,
  });
  assert.throws(() => s.surveillance.consume([order(1)], s.next_seq + 1, s.now_us), AssertionError);
  s.order({ id: 2, owner: 'cn-pro-zhao', side: 'buy', price: 100_000, qty: 100 });
  assert.throws(() => s.surveillance.consume([order(1)], s.next_seq, s.now_us - 1), AssertionError);
});

test('a reader that starts mid-journal works from a reference seed', () => {
  const s = day();
  const start = s.batches.findIndex((b) => b.events.some((e) => e.type === 'order_accepted'));
  const late = new Surveillance({
    config: surveillanceConfig('standard', { linked_groups: s.linked_groups }),
    reference: referenceSeed(s),
  });
  let alerts = 0;
  for (const b of s.batches.slice(start))
    alerts += late.consume(b.events, b.first_event_seq, b.timestamp_us).length;
  assert.ok(alerts > 0);
});

function referenceSeed(s: ScenarioResult) {
  const securities = [];
  const parties = [];
  const investors = [];
  for (const b of s.batches) {
    for (const e of b.events) {
      if (e.type === 'security_registered') securities.push(e.security);
      else if (e.type === 'party_registered') parties.push(e.party);
      else if (e.type === 'investor_registered') investors.push(e.investor);
    }
  }
  return { securities, parties, investors };
}
