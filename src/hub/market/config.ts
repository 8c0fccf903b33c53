/**
 * From book parameters (plain data) to the market domain's book configuration (with functions).
 * @module
 */

import {
  type BookConfigInput,
  type EligibilityMatrix,
  type PrefundHook,
  referenceTickRule,
  StpMode,
  sharedBookEligibility,
} from '../../market/index.js';
import type { TickTableId } from '../../reference/index.js';
import type { BookParams } from './params.js';

/** The shared book's venues, in the matrix's order: the HK platform, then its overseas affiliate. */
export const SHARED_BOOK_VENUES = ['HDX', 'HDXG'] as const;

const SHARED_ELIGIBILITY: EligibilityMatrix = sharedBookEligibility([...SHARED_BOOK_VENUES]);

const FIVE_MINUTES_US = 5 * 60 * 1_000_000;

/** The book's configuration; `prefund` is used by shared books only (pre-funded orders). */
export function bookConfigOf(params: BookParams, prefund: PrefundHook): BookConfigInput {
  return {
    instrument_key: params.instrument,
    tick: referenceTickRule(params.tick_table as TickTableId),
    lot_units: params.lot_units,
    odd_lot: params.odd_lot,
    order_size_max_units: params.order_size_max_units,
    // Params restored from a snapshot taken before the field existed have no market cap.
    market_order_size_max_units: params.market_order_size_max_units ?? 0,
    // Params restored from a snapshot taken before the cage existed have none.
    price_cage:
      (params.price_cage_bps ?? 0) === 0
        ? null
        : { band_bps: params.price_cage_bps, ticks_min: params.price_cage_ticks_min },
    quotation_factor: params.quotation_factor,
    vcm:
      params.vcm_trigger_bps === 0
        ? null
        : {
            trigger_bps: params.vcm_trigger_bps,
            cooling_off_us: FIVE_MINUTES_US,
            lookback_us: FIVE_MINUTES_US,
            rearm_after_cooling_off: false,
          },
    limit_queues_max: params.limit_queues_max,
    enhanced_limit_queues_max: params.enhanced_limit_queues_max,
    market_orders:
      params.market_order_levels_max === null
        ? null
        : { levels_max: params.market_order_levels_max, band_bps: 0 },
    at_auction_orders: params.at_auction_orders,
    auction_rule: params.auction_rule,
    stp_mode_default: params.stp_mode_default === 'none' ? StpMode.NONE : StpMode.CANCEL_INCOMING,
    eligibility: params.shared_book ? SHARED_ELIGIBILITY : null,
    prefund: params.shared_book ? prefund : null,
  };
}
