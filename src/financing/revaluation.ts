/**
 * Revaluing many collateralised positions at once on a price change, and the margin calls that
 * follow (docs/financing.md §9): the same arithmetic as `marginCall` on one transaction, over
 * positions held in columns, so a whole book revalues in one pass without an object per position.
 *
 * A position is a repo (or any exposure secured by bonds): the face of the bonds, what the
 * collateral taker is owed today (the repurchase price to date less the cash margin it holds),
 * the haircut, and the margin terms. Bonds are valued at a dirty price per 100 of face in 10^-8
 * (clean plus accrued), rounded half up on the whole position; the hub's single-repo valuation
 * rounds the clean and the accrued parts separately, so the two may differ by one minor unit.
 * @module
 */

import { type Outcome, reject } from '../kernel/index.js';
import type { MarginTerms } from './margin.js';

/** Positions in columns: row `i` of every array is one position. */
export interface PositionColumns {
  readonly count: number;
  /** Index of the position's bond in the price vector. */
  readonly bond_index: Uint32Array;
  readonly face_minor: BigInt64Array;
  /** The repurchase price to date less the cash margin the collateral taker holds. */
  readonly owed_minor: BigInt64Array;
  readonly haircut_ppm: Uint32Array;
  readonly minimum_transfer_minor: BigInt64Array;
  readonly rounding_minor: BigInt64Array;
}

/** One position as a row, for building columns. */
export interface PositionRow extends MarginTerms {
  readonly bond_index: number;
  readonly face_minor: bigint;
  readonly owed_minor: bigint;
  readonly haircut_ppm: number;
}

/** The calls of a revaluation: `count` rows, in position order. */
export interface MarginCallColumns {
  readonly count: number;
  readonly position: Uint32Array;
  readonly amount_minor: BigInt64Array;
  /** 1: the collateral giver (repo seller) delivers margin; 0: the taker returns it. */
  readonly from_seller: Uint8Array;
}

/**
 * Bounds that keep every product in the pass below 2^63: amounts up to 10^15 minor units (RMB 10
 * trillion in fen) and dirty prices up to 10,000 per 100 of face.
 */
const MAX_AMOUNT_MINOR = 10n ** 15n;
const MAX_DIRTY_PX_E8 = 10n ** 12n;
const PRICE_DIVISOR = 10_000_000_000n; // per 100 of face, in 10^-8
const HALF_PRICE_DIVISOR = PRICE_DIVISOR / 2n;
const PPM = 1_000_000n;

/** Columns from rows, every bound checked at the door: what passes cannot overflow a column. */
export function positionColumns(
  rows: readonly PositionRow[],
  bonds: number,
): Outcome<PositionColumns> {
  const n = rows.length;
  const columns = {
    count: n,
    bond_index: new Uint32Array(n),
    face_minor: new BigInt64Array(n),
    owed_minor: new BigInt64Array(n),
    haircut_ppm: new Uint32Array(n),
    minimum_transfer_minor: new BigInt64Array(n),
    rounding_minor: new BigInt64Array(n),
  };
  for (let i = 0; i < n; i += 1) {
    const row = rows[i] as PositionRow;
    const problem = rowProblem(row, bonds);
    if (problem !== undefined) {
      return reject('POSITION_INVALID', `Position ${i}: ${problem}`, { position: i });
    }
    columns.bond_index[i] = row.bond_index;
    columns.face_minor[i] = row.face_minor;
    columns.owed_minor[i] = row.owed_minor;
    columns.haircut_ppm[i] = row.haircut_ppm;
    columns.minimum_transfer_minor[i] = row.minimum_transfer_minor;
    columns.rounding_minor[i] = row.rounding_minor;
  }
  return { ok: true, value: columns };
}

function rowProblem(row: PositionRow, bonds: number): string | undefined {
  if (!Number.isInteger(row.bond_index) || row.bond_index < 0 || row.bond_index >= bonds) {
    return 'the bond index is not one of the priced bonds';
  }
  if (!Number.isInteger(row.haircut_ppm) || row.haircut_ppm < 0 || row.haircut_ppm >= 1_000_000) {
    return 'the haircut is not from 0 to below 100 %';
  }
  const within = (x: bigint) => x >= 0n && x <= MAX_AMOUNT_MINOR;
  if (!within(row.face_minor) || !within(row.owed_minor)) {
    return 'the face or the amount owed is negative or beyond 10^15 minor units';
  }
  if (
    !within(row.minimum_transfer_minor) ||
    row.rounding_minor <= 0n ||
    !within(row.rounding_minor)
  ) {
    return 'the minimum transfer must be non-negative and the rounding positive';
  }
  return undefined;
}

/**
 * Revalues every position at `dirty_px_e8[bond_index]` and returns the calls: for each position
 * whose exposure is at least its minimum transfer amount, the exposure rounded up to whole
 * increments, from the side that owes it (as `marginCall` on that position alone).
 * Every operand is non-negative (checked by `positionColumns` and here for prices), so the
 * integer divisions below are the floor, and `+ half` then floor is half up.
 */
export function revalueAndCall(
  positions: PositionColumns,
  dirty_px_e8: BigInt64Array,
): Outcome<MarginCallColumns> {
  for (const px of dirty_px_e8) {
    if (px <= 0n || px > MAX_DIRTY_PX_E8) {
      return reject('PRICE_INVALID', 'Every dirty price is positive and at most 10,000 per 100', {
        dirty_px_e8: px.toString(),
      });
    }
  }
  const { count, bond_index, face_minor, owed_minor, haircut_ppm } = positions;
  const { minimum_transfer_minor, rounding_minor } = positions;
  const position = new Uint32Array(count);
  const amount_minor = new BigInt64Array(count);
  const from_seller = new Uint8Array(count);
  let calls = 0;
  for (let i = 0; i < count; i += 1) {
    const px = dirty_px_e8[bond_index[i] as number] as bigint;
    const value = ((face_minor[i] as bigint) * px + HALF_PRICE_DIVISOR) / PRICE_DIVISOR;
    const covered = (value * (PPM - BigInt(haircut_ppm[i] as number))) / PPM;
    const exposure = (owed_minor[i] as bigint) - covered;
    const size = exposure < 0n ? -exposure : exposure;
    if (size === 0n || size < (minimum_transfer_minor[i] as bigint)) continue;
    const step = rounding_minor[i] as bigint;
    position[calls] = i;
    amount_minor[calls] = ((size + step - 1n) / step) * step;
    from_seller[calls] = exposure > 0n ? 1 : 0;
    calls += 1;
  }
  return { ok: true, value: { count: calls, position, amount_minor, from_seller } };
}
