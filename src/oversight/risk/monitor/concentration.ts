/**
 * Concentration, computed when read: per market and currency, each participant's share of
 * today's turnover (of twice the market's turnover: every trade has two sides) and the
 * Herfindahl–Hirschman index of those shares on the 0–10,000 scale (US DOJ/FTC Merger Guidelines
 * 2023 §2.1: Σ of squared percentage shares); per instrument, the largest holders' shares of the
 * units in issue, or of the long positions seen when the security does not state its units.
 * @module
 */

import { CURRENCY_CODES, type CurrencyCode, MARKETS } from '../../../reference/index.js';
import { compareIds, largestFirst } from './order.js';
import type { PositionBook } from './positions.js';
import type { MonitorReference } from './reference.js';
import { MARKET_CELLS, type TurnoverBook } from './turnover.js';
import type { HolderShare, InstrumentConcentration, MarketConcentration } from './types.js';
import { shareBps } from './value.js';

const CURRENCIES = CURRENCY_CODES.length;

/** Every market and currency with a trade today, in MARKETS then CURRENCY_CODES order. */
export function marketConcentration(
  ref: MonitorReference,
  turnover: TurnoverBook,
  top_n: number,
): MarketConcentration[] {
  const out: MarketConcentration[] = [];
  for (let mc = 0; mc < MARKET_CELLS; mc += 1) {
    const trades = turnover.market_trades[mc] as number;
    if (trades === 0) continue;
    const both_sides = 2n * (turnover.market_minor[mc] as bigint);
    const shares: Array<{ participant: string; turnover_minor: bigint }> = [];
    let squares = 0n;
    for (const p of turnover.participants_today) {
      const mine = turnover.participant_minor[p * MARKET_CELLS + mc] ?? 0n;
      if (mine === 0n) continue;
      squares += mine * mine;
      shares.push({ participant: ref.participants.name(p), turnover_minor: mine });
    }
    shares.sort((x, y) =>
      largestFirst(x.turnover_minor, y.turnover_minor, x.participant, y.participant),
    );
    out.push({
      market: MARKETS[Math.floor(mc / CURRENCIES)] as string,
      currency: CURRENCY_CODES[mc % CURRENCIES] as CurrencyCode,
      turnover_minor: turnover.market_minor[mc] as bigint,
      trades,
      // Σ (100 × s_p / S)² = 10,000 × Σ s_p² / S², exactly, then truncated.
      hhi: both_sides > 0n ? Number((10_000n * squares) / (both_sides * both_sides)) : 0,
      top: shares.slice(0, top_n).map((s) => ({
        ...s,
        share_bps: shareBps(s.turnover_minor, both_sides),
      })),
    });
  }
  return out;
}

/** The largest holders of one instrument, or null when the monitor has no holding of it. */
export function instrumentConcentration(
  ref: MonitorReference,
  positions: PositionBook,
  instrument: number,
  top_n: number,
): InstrumentConcentration | null {
  const cells = positions.instrument_cells[instrument];
  if (cells === undefined || cells.length === 0) return null;
  const issued = ref.issued_units[instrument] as number;
  const base_units = issued > 0 ? issued : (positions.long_units[instrument] as number);
  const holders: HolderShare[] = [];
  for (const cell of cells) {
    const units = positions.units(cell);
    if (units <= 0) continue;
    holders.push({
      holder: ref.names.name(positions.cell_holder[cell] as number),
      quantity_units: units,
      share_bps: shareBps(BigInt(units), BigInt(base_units)),
    });
  }
  holders.sort((x, y) => y.quantity_units - x.quantity_units || compareIds(x.holder, y.holder));
  return {
    instrument: ref.instruments.name(instrument),
    base: issued > 0 ? 'issued' : 'holdings_seen',
    base_units,
    holders: holders.length,
    top: holders.slice(0, top_n),
  };
}

/** The `top_n` instruments whose largest holder has the largest share (ties by id). */
export function mostConcentrated(
  ref: MonitorReference,
  positions: PositionBook,
  top_n: number,
): InstrumentConcentration[] {
  const ranked: Array<{ instrument: number; share_e8: bigint }> = [];
  for (let i = 0; i < positions.instrument_cells.length; i += 1) {
    const issued = ref.issued_units[i] as number;
    const base = issued > 0 ? issued : (positions.long_units[i] as number);
    if (base <= 0) continue;
    let largest = 0;
    for (const cell of positions.instrument_cells[i] as number[]) {
      largest = Math.max(largest, positions.units(cell));
    }
    if (largest <= 0) continue;
    ranked.push({ instrument: i, share_e8: (BigInt(largest) * 100_000_000n) / BigInt(base) });
  }
  ranked.sort((x, y) =>
    largestFirst(
      x.share_e8,
      y.share_e8,
      ref.instruments.name(x.instrument),
      ref.instruments.name(y.instrument),
    ),
  );
  return ranked
    .slice(0, top_n)
    .map(
      (r) =>
        instrumentConcentration(ref, positions, r.instrument, top_n) as InstrumentConcentration,
    );
}
