/**
 * Collateral positions valued (docs/financing.md §10.4): each position's bonds priced from a
 * stated source, so a collateral desk sees money, not only face.
 *
 * The source is the bond's latest published valuation (`bonds.publish_valuation`, the day's
 * closing valuation yield, docs/bonds.md), turned into a clean price by the bonds domain's model
 * (`cleanPriceFromYield` on the bond's schedule, today), plus accrued interest to today; each
 * amount is valued as `tradeMoney` values a trade (clean rounded half up, accrued on the face).
 * A bond with no valuation yet is shown unvalued (`source: null`), never at a made-up price.
 * @module
 */

import { cleanPriceFromYield } from '../../bonds/index.js';
import { dayNumber, marketDate } from '../../kernel/index.js';
import { tradeMoney } from '../bonds/trade.js';
import type { HubState } from '../state.js';
import { type CollateralPosition, collateralPositions } from './collateral_positions.js';

export interface PositionValue {
  /** Where the price came from: the valuation yield of `valuation_date`, through the model. */
  readonly source: 'valuation_yield' | null;
  readonly valuation_date: string | null;
  readonly yield_e12: bigint | null;
  readonly clean_px_e8: bigint | null;
  /** Market value (clean + accrued, in the bond's currency) of the own and received face. */
  readonly own_value_minor: bigint | null;
  readonly received_value_minor: bigint | null;
}

export type ValuedPosition = CollateralPosition & PositionValue;

const UNVALUED: PositionValue = {
  source: null,
  valuation_date: null,
  yield_e12: null,
  clean_px_e8: null,
  own_value_minor: null,
  received_value_minor: null,
};

/** `collateralPositions`, each with its value today where the bond has a valuation. */
export function valuedCollateralPositions(state: HubState, party?: string): ValuedPosition[] {
  const today = marketDate(state.now_us);
  return collateralPositions(state, party).map((p) => ({
    ...p,
    ...positionValue(state, p, today),
  }));
}

function positionValue(state: HubState, p: CollateralPosition, today: string): PositionValue {
  const bond = state.bonds.bonds.get(p.isin);
  const valuation = state.bonds.valuations.get(p.isin);
  if (bond === undefined || valuation === undefined) return UNVALUED;
  const clean = cleanPriceFromYield(bond.schedule, dayNumber(today), valuation.yield_e12);
  if (!clean.ok) return UNVALUED;
  const worth = (face_minor: bigint): bigint | null => {
    if (face_minor === 0n) return 0n;
    const money = tradeMoney(bond, face_minor, clean.value, today, undefined);
    return money.ok ? money.value.settlement_amount_minor : null;
  };
  return {
    source: 'valuation_yield',
    valuation_date: valuation.date,
    yield_e12: valuation.yield_e12,
    clean_px_e8: clean.value,
    own_value_minor: worth(p.own_minor),
    received_value_minor: worth(p.received_minor),
  };
}
