import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { divRound } from '../kernel/index.js';
import { marginCall } from './margin.js';
import { type PositionRow, positionColumns, revalueAndCall } from './revaluation.js';

/** §2's worked example: RMB 10 m of bonds at a 2 % haircut, owed RMB 9,803,476.99 on day 7. */
const EXAMPLE: PositionRow = {
  bond_index: 0,
  face_minor: 1_000_000_000n,
  owed_minor: 980_347_699n,
  haircut_ppm: 20_000,
  minimum_transfer_minor: 1_000_000n,
  rounding_minor: 100_000n,
};

function columns(rows: readonly PositionRow[], bonds = 1) {
  const built = positionColumns(rows, bonds);
  assert.ok(built.ok);
  return built.value;
}

describe('revaluing positions in columns', () => {
  test('the worked example: the bonds fall to 99.00, RMB 102,000 called from the seller', () => {
    const calls = revalueAndCall(columns([EXAMPLE]), BigInt64Array.of(9_900_000_000n));
    assert.ok(calls.ok);
    assert.equal(calls.value.count, 1);
    assert.equal(calls.value.amount_minor[0], 10_200_000n);
    assert.equal(calls.value.from_seller[0], 1);
  });

  test('no call below the minimum transfer; a rise calls margin back from the buyer', () => {
    const rows = [EXAMPLE, { ...EXAMPLE, owed_minor: 970_200_000n + 999_999n }];
    // At 99.00 the second position's exposure is RMB 9,999.99: below the RMB 10,000 minimum.
    const at_99 = revalueAndCall(columns(rows), BigInt64Array.of(9_900_000_000n));
    assert.ok(at_99.ok);
    assert.deepEqual([...at_99.value.position.subarray(0, at_99.value.count)], [0]);
    // At 102.00 the bonds cover 999,600,000 after haircut: the buyer returns the excess.
    const at_102 = revalueAndCall(columns([EXAMPLE]), BigInt64Array.of(10_200_000_000n));
    assert.ok(at_102.ok);
    assert.equal(at_102.value.from_seller[0], 0);
    assert.equal(at_102.value.amount_minor[0], 19_300_000n); // 19,252,301 up to RMB 1,000s
  });

  test('bad positions and prices are refused with a code', () => {
    const bad = (row: Partial<PositionRow>) => positionColumns([{ ...EXAMPLE, ...row }], 1);
    for (const row of [
      { bond_index: 1 },
      { haircut_ppm: 1_000_000 },
      { face_minor: -1n },
      { owed_minor: 10n ** 15n + 1n },
      { rounding_minor: 0n },
      { minimum_transfer_minor: -1n },
    ]) {
      const built = bad(row);
      assert.ok(!built.ok && built.code === 'POSITION_INVALID', JSON.stringify(row, String));
    }
    for (const px of [0n, -1n, 10n ** 12n + 1n]) {
      const calls = revalueAndCall(columns([EXAMPLE]), BigInt64Array.of(px));
      assert.ok(!calls.ok && calls.code === 'PRICE_INVALID');
    }
  });

  test('each call equals marginCall on that position alone', () => {
    const row = fc.record({
      bond_index: fc.integer({ min: 0, max: 3 }),
      face_minor: fc.bigInt({ min: 0n, max: 10n ** 13n }),
      owed_minor: fc.bigInt({ min: 0n, max: 10n ** 13n }),
      haircut_ppm: fc.integer({ min: 0, max: 999_999 }),
      minimum_transfer_minor: fc.bigInt({ min: 0n, max: 10n ** 8n }),
      rounding_minor: fc.bigInt({ min: 1n, max: 10n ** 6n }),
    });
    const prices = fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), {
      minLength: 4,
      maxLength: 4,
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), prices, (rows, px) => {
        const calls = revalueAndCall(columns(rows, 4), BigInt64Array.from(px));
        assert.ok(calls.ok);
        let k = 0;
        rows.forEach((r, i) => {
          const market_value_minor = divRound(
            r.face_minor * (px[r.bond_index] as bigint),
            10_000_000_000n,
            'half_up',
          );
          const expected = marginCall(
            [
              {
                repurchase_price_minor: r.owed_minor,
                market_value_minor,
                haircut_ppm: r.haircut_ppm,
              },
            ],
            r,
          );
          if (expected === null) return;
          assert.equal(calls.value.position[k], i);
          assert.equal(calls.value.amount_minor[k], expected.amount_minor);
          assert.equal(calls.value.from_seller[k], expected.from === 'seller' ? 1 : 0);
          k += 1;
        });
        assert.equal(calls.value.count, k);
      }),
    );
  });
});
