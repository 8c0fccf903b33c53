/**
 * The revaluation figure (issue 15's target: 1,000,000 collateralised positions revalued on a
 * price change, and the resulting margin calls issued, in under 1 s): the positions are built
 * once in columns (untimed), then the clock runs over `revalueAndCall` at the shocked prices.
 * The positions and prices come from one formula (`positionOf`, `shockedPriceE8`) that the
 * PostgreSQL peer (../peers/pg_revaluation.ts) writes in SQL, so both sides revalue the same book
 * and their calls can be compared to the minor unit.
 * @module
 */

import {
  type MarginCallColumns,
  type PositionColumns,
  type PositionRow,
  positionColumns,
  revalueAndCall,
} from '../../financing/index.js';

export const REVALUATION_BONDS = 50;

/** Position `i` of the bench book: faces, haircuts and what is owed vary with `i`. */
export function positionOf(i: number): PositionRow {
  const face_minor = 100_000_000n + BigInt(i % 997) * 1_000_000n;
  return {
    bond_index: i % REVALUATION_BONDS,
    face_minor,
    owed_minor: (face_minor * BigInt(900 + (i % 50))) / 1_000n,
    haircut_ppm: 10_000 + (i % 7) * 5_000,
    // A minimum transfer of 2.5 % of face: some positions are called, others are not.
    minimum_transfer_minor: face_minor / 40n,
    rounding_minor: 100_000n,
  };
}

/** The shocked dirty price of bond `b`: 95.00 to 99.90 per 100. */
export function shockedPriceE8(b: number): bigint {
  return 9_500_000_000n + BigInt(b) * 10_000_000n;
}

export function benchPositions(count: number): PositionColumns {
  const built = positionColumns(
    Array.from({ length: count }, (_, i) => positionOf(i)),
    REVALUATION_BONDS,
  );
  if (!built.ok) throw new Error(built.message);
  return built.value;
}

export interface RevaluationRun {
  readonly run_ms: number;
  readonly calls: number;
  readonly called_minor: bigint;
}

/** One timed revaluation of `positions` at the shocked prices, with the calls' count and sum. */
export function measureRevaluation(positions: PositionColumns): RevaluationRun {
  const prices = BigInt64Array.from({ length: REVALUATION_BONDS }, (_, b) => shockedPriceE8(b));
  const start = process.hrtime.bigint();
  const calls = revalueAndCall(positions, prices);
  const run_ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!calls.ok) throw new Error(calls.message);
  return { run_ms, calls: calls.value.count, called_minor: sumCalls(calls.value) };
}

function sumCalls(calls: MarginCallColumns): bigint {
  let sum = 0n;
  for (let k = 0; k < calls.count; k += 1) {
    const amount = calls.amount_minor[k] as bigint;
    sum += calls.from_seller[k] === 1 ? amount : -amount;
  }
  return sum;
}
