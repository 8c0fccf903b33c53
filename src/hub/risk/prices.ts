/**
 * Prices for the risk inputs (docs/risk.md "Inputs from the hub"): each security's price in minor
 * units of its currency per unit of quantity, with where it came from.
 *
 * - Shares, ETFs: the venue's last trade today, else its reference close (yesterday's), else the
 *   previous close registered with the security; yesterday's price (for variation margin) is the
 *   venue's reference close, else the registered one, else today's.
 * - Bonds: the latest published valuation yield (`bonds.publish_valuation`) through the bonds
 *   domain's model, as collateral valuation does (src/hub/financing/collateral_valuation.ts): the
 *   dirty value of one ledger unit (its face) today. Modified duration and convexity come from
 *   the model's dirty price at the yield ± 10 bp (central differences). The hub keeps one
 *   valuation per bond, so yesterday's price is today's (no variation margin on bonds).
 * - Anything else (tokens), or a security with no price at all: not priced (left out).
 * @module
 */

import { cleanPriceFromYield, dirtyPriceFromYield } from '../../bonds/index.js';
import { dayNumber, divRound, marketDate } from '../../kernel/index.js';
import { currency, type Security } from '../../reference/index.js';
import { tradeMoney } from '../bonds/trade.js';
import type { HubState } from '../state.js';

/** `cash`: a cash leg's instrument (inputs.ts), one minor unit per unit. */
export type PriceSource = 'last_trade' | 'previous_close' | 'valuation_yield' | 'cash';

export interface InstrumentPrice {
  readonly instrument: string;
  readonly source: PriceSource;
  readonly price_minor: bigint;
  /** Yesterday's price, for variation margin (today's where the hub keeps no other). */
  readonly previous_price_minor: bigint;
  /** Bonds: modified duration (years × 10^4) and convexity (years² × 10^4). */
  readonly modified_duration_e4?: number;
  readonly convexity_e4?: number;
}

/** 10 bp in the bonds domain's yield scale (10^12 = 100 %). */
const BUMP_E12 = 1_000_000_000n;

export function priceOf(state: HubState, security: Security): InstrumentPrice | undefined {
  if (security.kind === 'bond') return bondPrice(state, security);
  if (security.kind === 'token') return undefined;
  const venue = state.markets.markets.venues.get(security.market);
  const last = venue?.last_price_units.get(security.id);
  const close = venue?.previous_close_units.get(security.id) ?? security.previous_close_units;
  const today = last ?? close;
  if (today === undefined) return undefined;
  const price_minor = unitsToMinor(security, today);
  return {
    instrument: security.id,
    source: last === undefined ? 'previous_close' : 'last_trade',
    price_minor,
    previous_price_minor: close === undefined ? price_minor : unitsToMinor(security, close),
  };
}

/**
 * A price in price units (10^-price_scale of the currency) in minor units, rounded half up: an
 * SEHK price has 3 decimals (HKD 0.001) but every tick above HKD 0.50 is a whole cent (HKEX
 * spread table), so only penny stocks round (*assumption* that this is immaterial for risk).
 */
function unitsToMinor(security: Security, price_units: number): bigint {
  const minor_units = currency(security.currency)?.minor_units ?? 2;
  const shift = minor_units - security.price_scale;
  const units = BigInt(price_units);
  if (shift >= 0) return units * 10n ** BigInt(shift);
  return divRound(units, 10n ** BigInt(-shift), 'half_up');
}

function bondPrice(state: HubState, security: Security): InstrumentPrice | undefined {
  const bond = state.bonds.bonds.get(security.id);
  const valuation = state.bonds.valuations.get(security.id);
  if (bond === undefined || valuation === undefined) return undefined;
  const today = marketDate(state.now_us);
  const day = dayNumber(today);
  const clean = cleanPriceFromYield(bond.schedule, day, valuation.yield_e12);
  if (!clean.ok) return undefined;
  const money = tradeMoney(bond, bond.terms.face_value_minor, clean.value, today, undefined);
  if (!money.ok) return undefined;
  const sensitivity = bondSensitivity(state, security.id, day, valuation.yield_e12);
  if (sensitivity === undefined) return undefined;
  return {
    instrument: security.id,
    source: 'valuation_yield',
    price_minor: money.value.settlement_amount_minor,
    previous_price_minor: money.value.settlement_amount_minor,
    ...sensitivity,
  };
}

/**
 * Central differences on the model's dirty price (× 10^8 of par) with Δy = 10 bp = 10^-3:
 * D = (P₋ − P₊) / (2 P Δy) and C = (P₊ + P₋ − 2P) / (P Δy²), both × 10^4, rounded half up.
 */
function bondSensitivity(
  state: HubState,
  isin: string,
  day: number,
  yield_e12: bigint,
): { modified_duration_e4: number; convexity_e4: number } | undefined {
  const bond = state.bonds.bonds.get(isin);
  if (bond === undefined) return undefined;
  const at = (y: bigint) => dirtyPriceFromYield(bond.schedule, day, y);
  const p = at(yield_e12);
  const up = at(yield_e12 + BUMP_E12);
  const down = at(yield_e12 - BUMP_E12);
  if (!p.ok || !up.ok || !down.ok || p.value <= 0n) return undefined;
  const duration = divRound((down.value - up.value) * 10_000_000n, 2n * p.value, 'half_up');
  const convexity = divRound(
    (up.value + down.value - 2n * p.value) * 10_000_000_000n,
    p.value,
    'half_up',
  );
  return {
    modified_duration_e4: Number(duration < 0n ? 0n : duration),
    convexity_e4: Number(convexity < 0n ? 0n : convexity),
  };
}
