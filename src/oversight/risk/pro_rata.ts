/**
 * Splitting an amount pro rata, exactly: each share is floor(total × weight / Σ weights), and the
 * units left over go one each to the largest remainders (ties to the lower index), so the shares
 * always sum to the total (the largest-remainder method, docs/risk.md §6).
 * @module
 */

import { assert } from '../../kernel/index.js';

export function allocateProRata(total_minor: bigint, weights: readonly bigint[]): bigint[] {
  assert(total_minor >= 0n, 'a negative amount to allocate');
  assert(
    weights.every((w) => w >= 0n),
    'a negative weight',
  );
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (total_minor === 0n) return weights.map(() => 0n);
  assert(sum > 0n, 'an amount to allocate over no weight');
  const shares = weights.map((w) => (total_minor * w) / sum);
  const remainders = weights.map((w, k) => ({ k, remainder: (total_minor * w) % sum }));
  let left = total_minor - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((x, y) =>
    x.remainder === y.remainder ? x.k - y.k : x.remainder > y.remainder ? -1 : 1,
  );
  for (const { k } of remainders) {
    if (left === 0n) break;
    shares[k] = (shares[k] as bigint) + 1n;
    left -= 1n;
  }
  return shares;
}
