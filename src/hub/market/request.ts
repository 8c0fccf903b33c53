/**
 * From an order command to the book's integer request.
 * @module
 */

import {
  type OrderRequest,
  OrderType,
  orderRequest,
  SharedBookClass,
  Side,
  StpMode,
  TimeInForce,
} from '../../market/index.js';
import type { SubmitOrder } from '../../protocol/market.js';
import type { HubState } from '../state.js';
import { SHARED_BOOK_VENUES } from './config.js';
import type { OrderMeta } from './state.js';

const ORDER_TYPES = {
  limit: OrderType.LIMIT,
  market: OrderType.MARKET,
  enhanced_limit: OrderType.ENHANCED_LIMIT,
  at_auction: OrderType.AT_AUCTION,
} as const;
const TIFS = {
  day: TimeInForce.DAY,
  gtc: TimeInForce.GTC,
  ioc: TimeInForce.IOC,
  fok: TimeInForce.FOK,
} as const;
const STP = {
  none: StpMode.NONE,
  cancel_resting: StpMode.CANCEL_RESTING,
  cancel_incoming: StpMode.CANCEL_INCOMING,
  cancel_both: StpMode.CANCEL_BOTH,
  decrement: StpMode.DECREMENT,
} as const;

export function requestOf(state: HubState, command: SubmitOrder, meta: OrderMeta): OrderRequest {
  const ids = state.markets.markets.ids;
  const shared = meta.market === 'VATP';
  return orderRequest({
    order_id: meta.order_id,
    side: command.side === 'buy' ? Side.BUY : Side.SELL,
    type: ORDER_TYPES[command.order_type],
    tif: TIFS[command.time_in_force],
    post_only: command.post_only,
    price_units: command.price_units,
    quantity_units: command.quantity_units,
    owner: ids.intern(command.owner),
    account: ids.intern(meta.participant),
    venue: shared ? SHARED_BOOK_VENUES.indexOf(meta.participant as 'HDX') : 0,
    investor_class: shared ? sharedBookClass(state, command.owner) : 0,
    stp_mode: command.stp_mode === undefined ? StpMode.DEFAULT : STP[command.stp_mode],
  });
}

/**
 * The owner's class on the shared book (SFC circular of 3 Nov 2025): professional investors and
 * the platforms' own house accounts match across venues; a retail client only after a recorded
 * opt-in (suitability assessed, risk disclosure acknowledged); anyone else is treated as retail
 * without an opt-in, the safer class.
 */
export function sharedBookClass(state: HubState, owner: string): number {
  const investor = state.reference.investors.get(owner);
  if (investor === undefined) {
    return state.reference.parties.has(owner)
      ? SharedBookClass.PROFESSIONAL
      : SharedBookClass.RETAIL_NOT_OPTED_IN;
  }
  if (investor.professional) return SharedBookClass.PROFESSIONAL;
  return investor.shared_book_opt_in === undefined
    ? SharedBookClass.RETAIL_NOT_OPTED_IN
    : SharedBookClass.RETAIL_OPTED_IN;
}
