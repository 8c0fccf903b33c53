import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  formatPriceUnits,
  isOnTick,
  maxPriceUnits,
  parsePriceUnits,
  priceBand,
  TICK_TABLE_IDS,
  type TickTable,
  tickSizeAt,
  ticksAway,
  tickTable,
  validatePrice,
} from './ticks.js';

function table(id: string): TickTable {
  const found = tickTable(id);
  assert.ok(found !== undefined, id);
  return found;
}

const HK = table('hk_equity');
const ETP = table('hk_etp');
const CN = table('cn_a_share');
const UNIFORM = table('uniform');

/** HK price in units from a decimal string: keeps the tests readable. */
function hk(text: string): number {
  const units = parsePriceUnits(text, 3);
  assert.ok(units !== undefined, text);
  return units;
}

/** All prices of a table, walked up from the minimum one tick at a time. */
function walk(t: TickTable): number[] {
  const prices: number[] = [];
  for (let price = t.min_units; price !== 0; price = ticksAway(t, price, 1)) prices.push(price);
  return prices;
}

/** An on-tick price of a table: pick a band, then a grid point inside it. */
function arbitraryOnTick(t: TickTable) {
  return fc.nat(t.bands.length - 1).chain((index) => {
    const band = t.bands[index];
    assert.ok(band !== undefined);
    const origin = index === 0 ? t.min_units : (t.bands[index - 1]?.up_to_units ?? 0);
    const count = (band.up_to_units - origin) / band.tick_units;
    return fc.nat(Math.min(count, 1_000_000)).map((k) => band.up_to_units - k * band.tick_units);
  });
}

describe('tick tables as data', () => {
  test('lists its tables and finds each by id', () => {
    for (const id of TICK_TABLE_IDS) assert.equal(table(id).id, id);
    assert.equal(tickTable('nasdaq'), undefined);
  });

  test('HK Part A from 4 Aug 2025 runs from 0.010 to 9,995.000 with 11,740 prices', () => {
    assert.equal(HK.min_units, 10);
    assert.equal(maxPriceUnits(HK), 9_995_000);
    const prices = walk(HK);
    assert.equal(prices.length, 11_740);
    assert.ok(prices.every((price) => isOnTick(HK, price)));
  });

  test('walking the HK table finds exactly the prices a brute-force scan finds', () => {
    const walked = new Set(walk(HK));
    let scanned = 0;
    for (let price = 0; price <= 10_000_100; price += 1) {
      if (isOnTick(HK, price)) {
        scanned += 1;
        assert.ok(walked.has(price), String(price));
      }
    }
    assert.equal(scanned, walked.size);
  });
});

describe('tick size at a price', () => {
  test('a price on a band boundary takes the lower band tick', () => {
    assert.equal(tickSizeAt(HK, hk('0.25')), 1);
    assert.equal(tickSizeAt(HK, hk('0.255')), 5);
    assert.equal(tickSizeAt(HK, hk('10.00')), 10);
    assert.equal(tickSizeAt(HK, hk('20.00')), 10);
    assert.equal(tickSizeAt(HK, hk('20.02')), 20);
    assert.equal(tickSizeAt(HK, hk('50.00')), 20);
    assert.equal(tickSizeAt(HK, hk('620.00')), 500);
    assert.equal(tickSizeAt(HK, hk('9995.00')), 5_000);
  });

  test('the Phase 1 reduction: 15.00 ticks by 0.01 and 30.00 by 0.02; ETPs keep their own table', () => {
    assert.equal(tickSizeAt(HK, hk('15.00')), 10);
    assert.equal(tickSizeAt(HK, hk('30.00')), 20);
    assert.equal(tickSizeAt(ETP, hk('26.00')), 20);
    assert.equal(tickSizeAt(ETP, hk('3.00')), 2);
    assert.equal(tickSizeAt(ETP, hk('9999.00')), 1_000);
  });

  test('outside the table it takes the nearest band tick rather than failing', () => {
    assert.equal(tickSizeAt(HK, 5), 1);
    assert.equal(tickSizeAt(HK, 20_000_000), 5_000);
  });

  test('A shares tick by RMB 0.01 and the uniform table by one unit at any scale', () => {
    assert.equal(tickSizeAt(CN, 145_000), 1);
    assert.ok(isOnTick(CN, 1) && !isOnTick(CN, 0));
    assert.ok(isOnTick(UNIFORM, 4_620) && isOnTick(UNIFORM, Number.MAX_SAFE_INTEGER));
  });
});

describe('on tick', () => {
  test('knows which prices are allowed', () => {
    assert.ok(isOnTick(HK, hk('0.01')));
    assert.ok(!isOnTick(HK, hk('0.009')));
    assert.ok(isOnTick(HK, hk('0.255')));
    assert.ok(!isOnTick(HK, hk('0.251')));
    assert.ok(isOnTick(HK, hk('20.02')));
    assert.ok(!isOnTick(HK, hk('20.01')));
    assert.ok(!isOnTick(HK, hk('10000.00')));
    assert.ok(!isOnTick(HK, 10.5));
  });

  test('price bands report their range and refuse prices outside the table', () => {
    assert.deepEqual(priceBand(HK, hk('10.00')), {
      ok: true,
      value: { lowest_units: 510, highest_units: 10_000, tick_units: 10 },
    });
    assert.deepEqual(priceBand(HK, hk('0.01')), {
      ok: true,
      value: { lowest_units: 10, highest_units: 250, tick_units: 1 },
    });
    for (const price of [9, hk('9995.005'), -1, 1.5]) {
      const outcome = priceBand(HK, price);
      assert.equal(!outcome.ok && outcome.code, 'PRICE_OUT_OF_RANGE', String(price));
      assert.equal(!outcome.ok && outcome.details.max_units, 9_995_000);
    }
  });

  test('validatePrice refuses an off-tick price with the tick that applies', () => {
    assert.deepEqual(validatePrice(HK, hk('20.02')), { ok: true, value: 20_020 });
    const outcome = validatePrice(HK, hk('20.01'));
    assert.equal(!outcome.ok && outcome.code, 'PRICE_OFF_TICK');
    assert.equal(!outcome.ok && outcome.details.tick_units, 20);
    assert.equal(!validatePrice(HK, 0).ok && 'refused', 'refused');
  });
});

describe('ticks away', () => {
  test('crosses a band boundary tick by tick', () => {
    assert.equal(ticksAway(HK, hk('19.99'), 1), hk('20.00'));
    assert.equal(ticksAway(HK, hk('19.99'), 5), hk('20.08'));
    assert.equal(ticksAway(HK, hk('20.08'), -5), hk('19.99'));
    assert.equal(ticksAway(HK, hk('0.245'), 9), hk('0.27')); // enhanced limit: 9 spreads through
  });

  test('24 spreads from 20.020 down reach 19.770', () => {
    assert.equal(ticksAway(HK, hk('20.02'), -24), hk('19.77'));
    assert.equal(ticksAway(HK, hk('19.77'), 24), hk('20.02'));
  });

  test('returns 0 when the move leaves the table', () => {
    assert.equal(ticksAway(HK, hk('9995.00'), 1), 0);
    assert.equal(ticksAway(HK, hk('9990.00'), 2), 0);
    assert.equal(ticksAway(HK, hk('0.01'), -1), 0);
    assert.equal(ticksAway(CN, 1, -1), 0);
  });

  test('counts the nearest allowed price as the first step from an off-tick start', () => {
    assert.equal(ticksAway(HK, hk('20.01'), 1), hk('20.02'));
    assert.equal(ticksAway(HK, hk('20.01'), -1), hk('20.00'));
    assert.equal(ticksAway(HK, hk('20.01'), -2), hk('19.99'));
    assert.equal(ticksAway(HK, 5, 1), 10);
    assert.equal(ticksAway(HK, 20_000_000, -1), 9_995_000);
    assert.equal(ticksAway(HK, hk('20.01'), 0), hk('20.01'));
  });

  for (const t of [HK, ETP, CN, UNIFORM]) {
    test(`${t.id}: stepping n up then n down returns to the start, always on tick`, () => {
      fc.assert(
        fc.property(arbitraryOnTick(t), fc.integer({ min: -60, max: 60 }), (price, n) => {
          const moved = ticksAway(t, price, n);
          fc.pre(moved !== 0);
          assert.ok(isOnTick(t, moved), `${price} ${n} → ${moved}`);
          assert.equal(Math.sign(moved - price), Math.sign(n));
          assert.equal(ticksAway(t, moved, -n), price);
        }),
        { seed: 20250804 },
      );
    });

    test(`${t.id}: n + m ticks is n ticks then m ticks`, () => {
      fc.assert(
        fc.property(
          arbitraryOnTick(t),
          fc.integer({ min: -30, max: 30 }),
          fc.integer({ min: -30, max: 30 }),
          (price, n, m) => {
            const first = ticksAway(t, price, n);
            const both = ticksAway(t, price, n + m);
            fc.pre(first !== 0 && both !== 0);
            assert.equal(ticksAway(t, first, m), both);
          },
        ),
        { seed: 2025 },
      );
    });
  }
});

describe('price text', () => {
  test('parses and formats without rounding', () => {
    assert.equal(parsePriceUnits('1450.00', 2), 145_000);
    assert.equal(parsePriceUnits('620.5', 3), 620_500);
    assert.equal(parsePriceUnits('4.62', 3), 4_620);
    assert.equal(parsePriceUnits('4.6205', 3), undefined);
    assert.equal(parsePriceUnits('-1.00', 2), undefined);
    assert.equal(parsePriceUnits('1e3', 2), undefined);
    assert.equal(parsePriceUnits('99999999999999999', 2), undefined);
    assert.equal(formatPriceUnits(620_500, 3), '620.500');
    assert.equal(formatPriceUnits(145_000, 2), '1450.00');
  });
});
