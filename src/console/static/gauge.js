// The arithmetic of a quota gauge (views/quotas.js, views/bond_quota.js): figures are bigint RMB
// fen; the share is for display only.

/** RMB fen as billions with two decimals (display only). */
export function billions(fen) {
  return (Number(BigInt(fen) / 1_000_000_000n) / 100).toFixed(2);
}

/**
 * The gauge's status: the share used, or, when sells have brought in more than buys took out
 * (the quotas count net outflow), the net inflow instead of a negative share.
 */
export function usedText(used, total) {
  if (used < 0n) return `net inflow RMB ${billions(-used)} bn`;
  const percent = total > 0n ? Number((used * 1000n) / total) / 10 : 0;
  return `${percent.toFixed(1)}% used`;
}

/** The bar's width in percent, from 0 to 100 (a negative width would draw a full bar). */
export function fillPercent(used, total) {
  const percent = total > 0n ? Number((used * 1000n) / total) / 10 : 0;
  return Math.min(100, Math.max(0, percent));
}
