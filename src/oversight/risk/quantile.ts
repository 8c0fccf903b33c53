/**
 * The quantile convention of historical simulation (docs/risk.md §3), stated exactly:
 * of n scenario losses, VaR at confidence c is the k-th largest loss with
 * k = ceil(n × (1 − c)), no interpolation; expected shortfall is the mean of the k largest
 * losses (the tail that VaR starts). k is computed in integers from c in parts per million, so
 * 100 days at 99 % gives k = 1 exactly (in floating point 100 × (1 − 0.99) is 1.0000000000000009).
 * @module
 */

import { assert } from '../../kernel/index.js';

const PPM = 1_000_000;

/** k = ceil(n × (1 − c)), at least 1 because c < 1. */
export function tailCount(n: number, confidence_ppm: number): number {
  assert(Number.isInteger(n) && n > 0, 'the P&L vector is empty');
  const numerator = n * (PPM - confidence_ppm);
  return Math.floor((numerator + PPM - 1) / PPM);
}

export interface Tail {
  /** The k-th largest loss. */
  readonly var_loss: number;
  /** The mean of the k largest losses. */
  readonly es_loss: number;
}

/**
 * Finds the k largest of `losses[0 .. n)` without allocating: a small k (the usual case: 3 of
 * 250 at 99 %) is kept by insertion into `scratch`, a large one by sorting a copy in `scratch`.
 * `scratch` must hold at least n numbers.
 */
export function tailOf(losses: Float64Array, n: number, k: number, scratch: Float64Array): Tail {
  assert(k >= 1 && k <= n && scratch.length >= n, 'tail of an impossible size');
  if (k > 16) return tailBySort(losses, n, k, scratch);
  let kept = 0;
  for (let t = 0; t < n; t += 1) {
    const loss = losses[t] as number;
    if (kept === k && loss <= (scratch[k - 1] as number)) continue;
    let j = kept < k ? kept : k - 1;
    if (kept < k) kept += 1;
    // Insert in descending order; an equal loss goes after the ones already kept.
    while (j > 0 && (scratch[j - 1] as number) < loss) {
      scratch[j] = scratch[j - 1] as number;
      j -= 1;
    }
    scratch[j] = loss;
  }
  return summarise(scratch, k);
}

function tailBySort(losses: Float64Array, n: number, k: number, scratch: Float64Array): Tail {
  const view = scratch.subarray(0, n);
  view.set(losses.subarray(0, n));
  view.sort(); // ascending, numeric: the k largest are the last k
  view.reverse();
  return summarise(view, k);
}

function summarise(descending: Float64Array, k: number): Tail {
  let sum = 0;
  for (let j = 0; j < k; j += 1) sum += descending[j] as number;
  return { var_loss: descending[k - 1] as number, es_loss: sum / k };
}
