/**
 * Issue 12 item 20, as a property: whatever the affiliate (HDXG) and the Hong Kong platform (HDX)
 * submit, replace and cancel on the shared book, the reserve fund's cap counts everything already
 * committed. Checked against a model computed from scratch before every affiliate order:
 *
 *   committed = unsettled shared-book trades + Σ notional of the affiliate's live orders
 *   an affiliate order is refused `RESERVE_CAP_REACHED` ⇔ committed + its notional > min(cap, fund)
 *
 * (a replace: its old notional gives way to the new one, and one that does not raise it passes).
 * After every step the hub's invariants hold (each order's commitment is the notional of what is
 * open, their sum is the counter the cap reads) and the committed total never passes the cap; at
 * the end replay and restore give the same digest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Command, parseCommand } from '../../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import type { CommandResult } from '../envelope.js';
import { Hub } from '../hub.js';
import { type HubSnapshot, restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';

const SEED = 20_261_205;
const TOKEN = 'HKHTMMFTK016';
const CAP_MINOR = 500_000_000n; // genesis: HKD 5,000,000.00

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

let genesis: HubSnapshot | undefined;
function genesisSnapshot(): HubSnapshot {
  if (genesis === undefined) {
    const t = new TestHub(DEMO_START_US);
    for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
    genesis = snapshotHub(t.hub.state);
  }
  return genesis;
}

/** HKD minor units of q units at p price_units (4 decimals), rounded half up. */
function notional(price_units: number, quantity_units: number): bigint {
  return (BigInt(price_units) * BigInt(quantity_units) + 50n) / 100n;
}

type Step =
  | {
      kind: 'submit';
      platform: 'HDX' | 'HDXG';
      side: 'buy' | 'sell';
      price: number;
      quantity: number;
      ioc: boolean;
    }
  | { kind: 'cancel'; platform: 'HDX' | 'HDXG'; pick: number }
  | { kind: 'replace'; pick: number; price: number; quantity: number };

// Prices around HKD 10 in whole cents (so buys and sells sometimes cross); sizes up to HKD ~2.8 M,
// so a few resting orders reach the HKD 5 M cap.
const price = fc.integer({ min: 90, max: 110 }).map((cents) => cents * 1_000);
const quantity = fc.integer({ min: 1, max: 250_000 });
const platform = fc.constantFrom<'HDX' | 'HDXG'>('HDXG', 'HDXG', 'HDX');
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      platform,
      side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
      price,
      quantity,
      ioc: fc.integer({ min: 0, max: 7 }).map((n) => n === 0), // mostly orders that rest
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), platform, pick: fc.nat() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      pick: fc.nat(),
      price,
      quantity,
    }),
  },
);

interface Run {
  readonly t: TestHub;
  next: number;
}

/** The affiliate's live orders, by order id, as the model sees them. */
function affiliateOrders(run: Run) {
  return [...run.t.hub.state.markets.markets.orders.values()].filter((o) => o.venue === 'HDXG');
}

/** unsettled + Σ notional of the affiliate's live orders, from scratch. */
function committed(run: Run): bigint {
  let total = run.t.hub.state.posttrade.unsettled_shared_minor;
  for (const o of affiliateOrders(run)) total += notional(o.funded_price_units, o.remaining_units);
  return total;
}

function code(result: CommandResult): string {
  return result.status === 'accepted' ? 'accepted' : (result.rejection?.code ?? '?');
}

/** How often each outcome of an affiliate order was seen: the property must meet the cap. */
const seen = new Map<string, number>();

/** What the cap decided agrees with the model (other refusals come before or after it). */
function agrees(result: CommandResult, over: boolean, label: string): void {
  const c = code(result);
  seen.set(c, (seen.get(c) ?? 0) + 1);
  if (c === 'accepted' || c === 'ORDER_NOT_FUNDED') assert.equal(over, false, `${label}: ${c}`);
  if (c === 'RESERVE_CAP_REACHED') assert.equal(over, true, label);
}

function apply(run: Run, s: Step): void {
  const t = run.t;
  if (s.kind === 'submit') {
    const over =
      s.platform === 'HDXG' && committed(run) + notional(s.price, s.quantity) > CAP_MINOR;
    run.next += 1;
    const result = t.submit(
      s.platform,
      wire({
        type: 'market.submit_order',
        client_order_id: `o-${run.next}`,
        instrument: TOKEN,
        side: s.side,
        order_type: 'limit',
        time_in_force: s.ioc ? 'ioc' : 'gtc',
        price_units: s.price,
        quantity_units: s.quantity,
        owner: s.platform,
      }),
    );
    if (s.platform === 'HDXG') agrees(result, over, `submit ${JSON.stringify(s)}`);
    return;
  }
  if (s.kind === 'cancel') {
    const live = [...t.hub.state.markets.markets.orders.values()].filter(
      (o) => o.participant === s.platform,
    );
    const target = live[s.pick % Math.max(1, live.length)];
    if (target === undefined) return;
    const result = t.submit(
      s.platform,
      wire({ type: 'market.cancel_order', client_order_id: target.client_order_id }),
    );
    assert.equal(code(result), 'accepted');
    return;
  }
  const live = affiliateOrders(run);
  const target = live[s.pick % Math.max(1, live.length)];
  if (target === undefined) return;
  const before = notional(target.funded_price_units, target.remaining_units);
  const after = notional(s.price, s.quantity);
  const over = after > before && committed(run) - before + after > CAP_MINOR;
  const result = t.submit(
    'HDXG',
    wire({
      type: 'market.replace_order',
      order_id: target.order_id,
      price_units: s.price,
      quantity_units: s.quantity,
    }),
  );
  agrees(result, over, `replace ${JSON.stringify(s)}`);
}

test('issue 12 item 20: the cap counts resting affiliate orders and unsettled trades, whatever the order flow', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 30, size: 'max' }), (steps) => {
      const start = genesisSnapshot();
      const run: Run = { t: new TestHub(DEMO_START_US, new Hub(restoreHub(start))), next: 0 };
      for (const s of steps) {
        apply(run, s);
        run.t.hub.checkInvariants();
        const posttrade = run.t.hub.state.posttrade;
        assert.equal(
          posttrade.resting_shared_minor + posttrade.unsettled_shared_minor,
          committed(run),
        );
        assert.ok(committed(run) <= CAP_MINOR, `committed ${committed(run)} passes the cap`);
        run.t.advance(1);
      }
      const replay = new Hub(restoreHub(start));
      for (const envelope of run.t.envelopes) replay.apply(envelope);
      assert.equal(replay.digest(), run.t.hub.digest());
      const restored = new Hub(restoreHub(snapshotHub(run.t.hub.state)));
      assert.equal(restored.digest(), run.t.hub.digest());
    }),
    { seed: SEED, numRuns: 60 },
  );
  assert.ok((seen.get('RESERVE_CAP_REACHED') ?? 0) > 20, JSON.stringify([...seen]));
  assert.ok((seen.get('accepted') ?? 0) > 200, JSON.stringify([...seen]));
});
