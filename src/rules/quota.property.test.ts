import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { clockSeconds, timestampAt } from '../kernel/index.js';
import { onRejectedByBook } from './index.js';
import { checkRulesInvariants } from './invariants.js';
import { formulaBalance } from './quota.js';
import { DAY, Desk, demoReference, nb, quotaOf, SEC, withQuota } from './testing.js';

const reference = demoReference();
const SEED = 20_260_105;

/** The two instruments: Ping An (RMB 0.01, exact) and the CSI 300 ETF (RMB 0.001, rounds). */
const INSTRUMENTS = [
  { id: SEC.PINGAN, divisor: 1n },
  { id: SEC.CSI300_ETF, divisor: 10n },
] as const;

type Step =
  | { kind: 'buy'; second: number; instrument: number; price: number; lots: number }
  | { kind: 'sell'; second: number; instrument: number; price: number; units: number }
  | { kind: 'fill'; second: number; pick: number; fraction: number; improvement: number }
  | { kind: 'cancel' | 'reject'; second: number; pick: number };

/** Times of day, weighted toward the opening auction where exhaustion behaves differently. */
const DAY_SECONDS = fc.oneof(
  { arbitrary: fc.integer({ min: clockSeconds('09:05'), max: clockSeconds('09:35') }), weight: 2 },
  { arbitrary: fc.integer({ min: clockSeconds('09:05'), max: clockSeconds('15:05') }), weight: 3 },
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('buy' as const),
    second: DAY_SECONDS,
    instrument: fc.nat(1),
    price: fc.integer({ min: 1, max: 20_000 }),
    lots: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({
    kind: fc.constant('sell' as const),
    second: DAY_SECONDS,
    instrument: fc.nat(1),
    price: fc.integer({ min: 1, max: 20_000 }),
    units: fc.integer({ min: 1, max: 5_000 }),
  }),
  fc.record({
    kind: fc.constant('fill' as const),
    second: DAY_SECONDS,
    pick: fc.nat(),
    fraction: fc.integer({ min: 1, max: 100 }),
    improvement: fc.nat(50),
  }),
  fc.record({
    kind: fc.constantFrom('cancel' as const, 'reject' as const),
    second: DAY_SECONDS,
    pick: fc.nat(),
  }),
);

/** The rules as the exchanges state them, kept independently of the implementation. */
class Model {
  buys = 0n;
  sells = 0n;
  released = 0n;
  improvement = 0n;
  since: number | null = null;
  closed = false;
  constructor(readonly quota: bigint) {}
  balance(): bigint {
    return this.quota - this.buys + this.sells + this.released + this.improvement;
  }
  /**
   * A balance that reaches ≤ 0 in continuous trading or the closing auction (09:30 on, outside
   * lunch) closes buying for the day; one exhausted earlier and carried in does not (HKEX).
   */
  static closing(since: number, to: number): boolean {
    const spans = [
      [clockSeconds('09:30'), clockSeconds('11:30')],
      [clockSeconds('12:55'), clockSeconds('15:00')],
    ] as const;
    return spans.some(([a, b]) => since >= a && since < b && to >= since);
  }
  closedAt(second: number): boolean {
    return this.closed || (this.since !== null && Model.closing(this.since, second));
  }
  /** A term changes by `amount` at `second`. */
  apply(term: 'buys' | 'sells' | 'released' | 'improvement', amount: bigint, second: number): void {
    if (this.closedAt(second)) this.closed = true;
    const was_positive = this.balance() > 0n;
    this[term] += amount;
    const now = this.balance();
    if (now <= 0n && was_positive) this.since = second;
    if (now > 0n) this.since = null;
    if (this.closedAt(second)) this.closed = true;
  }
  expected(second: number): string {
    const open =
      (second >= clockSeconds('09:10') && second < clockSeconds('11:30')) ||
      (second >= clockSeconds('12:55') && second < clockSeconds('15:00'));
    if (!open) return 'OUTSIDE_ACCEPTANCE_WINDOW';
    if (this.closedAt(second)) return 'QUOTA_CLOSED_FOR_DAY';
    return this.since !== null ? 'QUOTA_EXHAUSTED' : 'ok';
  }
}

const ceil = (a: bigint, d: bigint) => (a + d - 1n) / d;

interface Open {
  id: number;
  side: 'buy' | 'sell';
  price: number;
  remaining: number;
  divisor: bigint;
}

/** Drives the rules (through a stand-in book) and the model side by side. */
class Run {
  readonly state;
  readonly desk;
  readonly model;
  readonly open: Open[] = [];

  constructor(quota: bigint) {
    this.state = withQuota(reference, quota);
    const holdings: Record<string, number> = {};
    for (const i of INSTRUMENTS) holdings[`hk-inst-fund|${i.id}|sh_northbound`] = 10_000_000;
    this.desk = new Desk(this.state, reference, holdings);
    this.model = new Model(quota);
  }

  step(step: Step): void {
    const t = timestampAt(DAY, '00:00') + step.second * 1_000_000;
    if (step.kind === 'buy' || step.kind === 'sell') this.submit(step, t);
    else if (this.open.length > 0) {
      const index = step.pick % this.open.length;
      const o = this.open[index] as Open;
      if (step.kind === 'fill') this.fill(o, step, t);
      else this.cancel(o, step.kind, step.second, t);
      if (o.remaining === 0) this.open.splice(index, 1);
    }
    const q = quotaOf(this.state, 'sh_northbound');
    assert.equal(
      q.balance_minor,
      this.model.balance(),
      'balance = quota − buys + sells + released + improvement',
    );
    assert.equal(q.balance_minor, formulaBalance(q));
    checkRulesInvariants(this.state);
  }

  private submit(step: Extract<Step, { kind: 'buy' | 'sell' }>, t: number): void {
    const instrument = INSTRUMENTS[step.instrument] ?? INSTRUMENTS[0];
    const o =
      step.kind === 'buy'
        ? nb('hk-retail-chan', {
            instrument: instrument.id,
            price_units: step.price,
            quantity_units: step.lots * 100,
          })
        : nb('hk-inst-fund', {
            instrument: instrument.id,
            side: 'sell',
            price_units: step.price,
            quantity_units: step.units,
          });
    const rule = this.model.expected(step.second);
    const expected = step.kind === 'buy' || rule === 'OUTSIDE_ACCEPTANCE_WINDOW' ? rule : 'ok';
    const result = this.desk.submit(o, t);
    const outcome = result.ok ? 'ok' : result.code;
    assert.equal(outcome, expected, `${step.kind} at ${step.second}`);
    seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
    if (!result.ok) return;
    const divisor = instrument.divisor;
    this.open.push({
      id: result.order_id,
      side: step.kind,
      price: o.price_units,
      remaining: o.quantity_units,
      divisor,
    });
    // a buy consumes price × quantity, rounded up
    if (step.kind === 'buy')
      this.model.apply(
        'buys',
        ceil(BigInt(o.price_units * o.quantity_units), divisor),
        step.second,
      );
  }

  private fill(o: Open, step: Extract<Step, { kind: 'fill' }>, t: number): void {
    const units = Math.max(1, Math.floor((o.remaining * step.fraction) / 100));
    const price =
      o.side === 'buy' ? Math.max(1, o.price - step.improvement) : o.price + step.improvement;
    this.desk.trade(
      o.side === 'buy' ? o.id : 999_999_999,
      o.side === 'sell' ? o.id : 999_999_999,
      price,
      units,
      t,
    );
    // price improvement (order − trade price) × units and sell-trade values round down
    if (o.side === 'buy')
      this.model.apply('improvement', BigInt((o.price - price) * units) / o.divisor, step.second);
    else this.model.apply('sells', BigInt(price * units) / o.divisor, step.second);
    o.remaining -= units;
  }

  private cancel(o: Open, kind: 'cancel' | 'reject', second: number, t: number): void {
    const done = kind === 'reject' || this.desk.cancel(o.id, t) === 'ok';
    if (kind === 'reject') onRejectedByBook(this.state, o.id, t);
    if (!done) return;
    // what the remaining units still held: value(price, remaining) rounded up
    if (o.side === 'buy')
      this.model.apply('released', ceil(BigInt(o.price * o.remaining), o.divisor), second);
    o.remaining = 0;
  }
}

function run(quota: bigint, steps: Step[]): void {
  const r = new Run(quota);
  for (const step of [...steps].sort((a, b) => a.second - b.second)) r.step(step);
}

const seen = new Map<string, number>();

describe('daily quota properties (fast-check, seed 20260105)', () => {
  test('the balance always equals its formula, and a buy is refused exactly when the rules require', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100_000n, max: 50_000_000n }),
        fc.array(stepArb, { minLength: 10, maxLength: 80, size: 'max' }),
        (quota, steps) => {
          run(quota, steps);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    for (const code of [
      'ok',
      'QUOTA_EXHAUSTED',
      'QUOTA_CLOSED_FOR_DAY',
      'OUTSIDE_ACCEPTANCE_WINDOW',
    ]) {
      assert.ok((seen.get(code) ?? 0) > 20, `the runs exercised ${code}: ${seen.get(code)}`);
    }
  });
});
