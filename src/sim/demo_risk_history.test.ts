import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_HISTORY_DAYS, demoRiskHistory, type HistoryInstrument } from './demo_risk_history.js';

const SH: HistoryInstrument = { id: 'CNE0000018R8', market: 'XSHG', kind: 'equity' };
const SZ: HistoryInstrument = { id: 'CNE100000742', market: 'XSHE', kind: 'equity' };
const HK: HistoryInstrument = { id: 'KYG875721634', market: 'XHKG', kind: 'equity' };
const BOND: HistoryInstrument = { id: 'HKHTGB25HKD0', market: 'CMU', kind: 'bond' };

function series(returns: Float64Array, i: number, days: number): number[] {
  return Array.from(returns.subarray(i * days, (i + 1) * days));
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const mean = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let t = 0; t < a.length; t += 1) {
    const da = (a[t] as number) - ma;
    const db = (b[t] as number) - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / Math.sqrt(aa * bb);
}

function kurtosis(x: readonly number[]): number {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  const m2 = x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length;
  const m4 = x.reduce((s, v) => s + (v - m) ** 4, 0) / x.length;
  return m4 / (m2 * m2);
}

test('deterministic from the seed, 250+ days of whole bp, labelled simulated', () => {
  const a = demoRiskHistory().historyFor([SH, HK, BOND], ['HKD', 'CNY', 'CNH']);
  const b = demoRiskHistory().historyFor([SH, HK, BOND], ['HKD', 'CNY', 'CNH']);
  assert.ok(a !== null && b !== null);
  assert.deepEqual(a, b);
  assert.ok(a.days >= 250);
  assert.equal(a.days, DEMO_HISTORY_DAYS);
  assert.ok(a.returns_bp.every((r) => Number.isInteger(r) && r >= -9_999));
  assert.match(demoRiskHistory().label, /simulated history/);
  assert.equal(demoRiskHistory().kind, 'simulated');
  const other = demoRiskHistory(18).historyFor([SH], []);
  assert.notDeepEqual(other?.returns_bp, a.returns_bp.subarray(0, a.days));
  // No FX series for HKD, one for each other currency asked.
  assert.deepEqual([...a.fx_returns_bp.keys()], ['CNY', 'CNH']);
});

test("an instrument's history does not depend on which others are asked for", () => {
  const alone = demoRiskHistory().historyFor([HK], []);
  const together = demoRiskHistory().historyFor([SH, BOND, HK], []);
  assert.ok(alone !== null && together !== null);
  assert.deepEqual(
    series(alone.returns_bp, 0, alone.days),
    series(together.returns_bp, 2, alone.days),
  );
});

test('the two markets are correlated, a market with itself more; returns are fat-tailed', () => {
  const h = demoRiskHistory(17, 2_000).historyFor([SH, SZ, HK], []);
  assert.ok(h !== null);
  const sh = series(h.returns_bp, 0, h.days);
  const sz = series(h.returns_bp, 1, h.days);
  const hk = series(h.returns_bp, 2, h.days);
  const cross = correlation(sh, hk);
  const within = correlation(sh, sz);
  // Within a market: factor variance (0.49 + 0.5) × 150² over (that + 100²): about 0.69;
  // across: 0.49 × 150² over the same: about 0.34.
  assert.ok(cross > 0.2 && cross < 0.5, `cross-market ${cross}`);
  assert.ok(within > 0.55 && within < 0.85, `within a market ${within}`);
  // A normal's kurtosis is 3; a t(4) mix has more.
  assert.ok(kurtosis(hk) > 3.5, `kurtosis ${kurtosis(hk)}`);
});
