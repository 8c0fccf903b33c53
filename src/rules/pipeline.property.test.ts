import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { clockSeconds, decode, encode, timestampAt } from '../kernel/index.js';
import {
  checkRulesInvariants,
  onDayEnd,
  type RulesSnapshot,
  restoreRules,
  snapshotRules,
} from './index.js';
import {
  DAY,
  Desk,
  demoReference,
  fingerprint,
  must,
  nb,
  order,
  SEC,
  sb,
  withQuota,
} from './testing.js';

const reference = demoReference();

/** Who may send what: Northbound clients, Southbound clients, a QFII, a domestic client. */
const MAKERS = [
  (i: string, side: 'buy' | 'sell', price: number, lots: number) =>
    nb('hk-inst-fund', {
      instrument: i === 'a' ? SEC.PINGAN : SEC.WULIANGYE,
      side,
      price_units: price,
      quantity_units: lots * 100,
    }),
  (i: string, side: 'buy' | 'sell', price: number, lots: number) =>
    nb('hk-retail-chan', {
      instrument: i === 'a' ? SEC.PINGAN : SEC.CSI300_ETF,
      side,
      price_units: price,
      quantity_units: lots * 100,
    }),
  (i: string, side: 'buy' | 'sell', price: number, lots: number) =>
    sb('cn-retail-zhang', 'BUND', {
      instrument: i === 'a' ? SEC.TENCENT : SEC.CHINA_MOBILE,
      side,
      price_units: price * 10,
      quantity_units: lots * (i === 'a' ? 100 : 500),
      channel: lots % 2 === 0 ? 'XSHE' : undefined,
    }),
  (i: string, side: 'buy' | 'sell', price: number, lots: number) =>
    order({
      participant: 'PEARL',
      owner: 'qfii-jp-bank',
      instrument: i === 'a' ? SEC.PINGAN : SEC.WULIANGYE,
      side,
      price_units: price,
      quantity_units: lots * 100,
    }),
];

type Step =
  | {
      kind: 'order';
      second: number;
      maker: number;
      instrument: 'a' | 'b';
      side: 'buy' | 'sell';
      price: number;
      lots: number;
    }
  | { kind: 'fill' | 'cancel'; second: number; pick: number; share: number };

const SECONDS = fc.integer({ min: clockSeconds('09:00'), max: clockSeconds('16:15') });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('order' as const),
    second: SECONDS,
    maker: fc.nat(MAKERS.length - 1),
    instrument: fc.constantFrom('a' as const, 'b' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    price: fc.integer({ min: 1_000, max: 20_000 }),
    lots: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({
    kind: fc.constantFrom('fill' as const, 'cancel' as const),
    second: SECONDS,
    pick: fc.nat(),
    share: fc.integer({ min: 1, max: 100 }),
  }),
);

export function run(steps: Step[]): void {
  const state = withQuota(reference, 5_000_000n, 'sz_northbound');
  const desk = new Desk(state, reference, {
    [`hk-inst-fund|${SEC.PINGAN}|sh_northbound`]: 2_000,
    [`cn-retail-zhang|${SEC.TENCENT}|sh_southbound`]: 1_000,
  });
  const live: { id: number; side: 'buy' | 'sell'; price: number }[] = [];
  for (const step of [...steps].sort((a, b) => a.second - b.second)) {
    const t = timestampAt(DAY, '00:00') + step.second * 1_000_000;
    if (step.kind === 'order') {
      const o = MAKERS[step.maker]?.(step.instrument, step.side, step.price, step.lots);
      assert.ok(o);
      const before = fingerprint(state);
      const result = desk.submit(o, t);
      if (!result.ok) assert.equal(fingerprint(state), before, `${result.code} changed the state`);
      else live.push({ id: result.order_id, side: o.side, price: o.price_units });
    } else if (live.length > 0) {
      const index = step.pick % live.length;
      const o = live[index] as (typeof live)[number];
      const open = desk.open.get(o.id) ?? 0;
      if (step.kind === 'fill' && open > 0) {
        const units = Math.max(1, Math.floor((open * step.share) / 100));
        const price = o.side === 'buy' ? o.price - (step.share % 3) : o.price + (step.share % 3);
        if (o.side === 'buy') desk.trade(o.id, 999_999_999, price, units, t);
        else desk.trade(999_999_999, o.id, price, units, t);
      } else if (step.kind === 'cancel' && open > 0) desk.cancel(o.id, t);
      if ((desk.open.get(o.id) ?? 0) === 0) live.splice(index, 1);
    }
    checkRulesInvariants(state);
  }
  const text = encode(snapshotRules(state));
  assert.equal(encode(snapshotRules(restoreRules(decode(text) as RulesSnapshot))), text);
  must(onDayEnd(state, reference, timestampAt(DAY, '16:30')));
  checkRulesInvariants(state);
}

describe('the pipeline under random days (fast-check, seed 20260106)', () => {
  test('rejections never change state, invariants always hold, snapshots round-trip', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 5, maxLength: 60, size: 'max' }), (steps) =>
        run(steps),
      ),
      { seed: 20_260_106, numRuns: 150 },
    );
  });
});
