/**
 * ExecutionReports (35=8), OrderCancelRejects (35=9) and BusinessMessageRejects (35=j) as the
 * plain objects jspurefix encodes. Prices go out as exact decimal text (prices.ts).
 * @module
 */

import type { HubState } from '../../hub/index.js';
import type { FixOrder, OrderChange } from './orders.js';
import { averagePrice, decimalOfUnits } from './prices.js';
import { cxlRejReasonOf, ordRejReasonOf } from './reject_codes.js';
import {
  type CXL_REJ_RESPONSE_TO,
  EXEC_TYPE,
  FIX_OF_SIDE,
  ORD_STATUS,
  SECURITY_ID_SOURCE_ISIN,
} from './tags.js';

export type FixMessage = Record<string, unknown>;

export interface Rejection {
  readonly code: string;
  readonly message: string;
}

/** Text (58): the engine's code first, so a client can match on it. */
export function rejectText(rejection: Rejection): string {
  return `${rejection.code}: ${rejection.message}`.slice(0, 512);
}

function priceScaleOf(state: HubState, instrument: string): number {
  return state.reference.securities.get(instrument)?.price_scale ?? 0;
}

/** The Instrument component of each security, built once (a report reads it, never writes). */
const INSTRUMENTS = new WeakMap<object, FixMessage>();

function instrumentOf(state: HubState, instrument: string): FixMessage {
  const security = state.reference.securities.get(instrument);
  const cached = security === undefined ? undefined : INSTRUMENTS.get(security);
  if (cached !== undefined && cached.SecurityID === instrument) return cached;
  const component = Object.freeze({
    Symbol: security?.symbol ?? instrument,
    SecurityID: instrument,
    SecurityIDSource: SECURITY_ID_SOURCE_ISIN,
  });
  if (security !== undefined) INSTRUMENTS.set(security, component);
  return component;
}

function liveStatus(order: FixOrder): string {
  if (order.status === 'filled') return ORD_STATUS.Filled;
  if (order.status === 'cancelled') return ORD_STATUS.Cancelled;
  return order.cum_units > 0 ? ORD_STATUS.PartiallyFilled : ORD_STATUS.New;
}

const EXEC_TYPE_OF_CHANGE = {
  new: EXEC_TYPE.New,
  trade: EXEC_TYPE.Trade,
  cancelled: EXEC_TYPE.Cancelled,
  restated: EXEC_TYPE.Restated,
  replaced: EXEC_TYPE.Replaced,
} as const;

/** The ExecutionReport for one change of one order; `exec_id` is unique per report. */
export function changeReport(
  state: HubState,
  change: OrderChange,
  exec_id: string,
  transact_time_us: number,
): FixMessage {
  const order = change.order;
  const scale = priceScaleOf(state, order.instrument);
  const report: FixMessage = {
    OrderID: String(order.order_id),
    ClOrdID: order.cl_ord_id,
    ...('orig_cl_ord_id' in change && change.orig_cl_ord_id !== null
      ? { OrigClOrdID: change.orig_cl_ord_id }
      : {}),
    ExecID: exec_id,
    ExecType: EXEC_TYPE_OF_CHANGE[change.kind],
    OrdStatus: liveStatus(order),
    Account: order.owner,
    Instrument: instrumentOf(state, order.instrument),
    Side: FIX_OF_SIDE[order.side],
    OrderQtyData: { OrderQty: order.cum_units + order.leaves_units },
    LeavesQty: order.leaves_units,
    CumQty: order.cum_units,
    AvgPx: averagePrice(order.notional_units, order.cum_units, scale),
    TransactTime: new Date(Math.floor(transact_time_us / 1_000)),
    HutongConnectRoute: order.route,
    HutongParticipant: order.participant,
  };
  // A market order has no limit: no Price (44).
  if (order.price_units > 0) report.Price = decimalOfUnits(order.price_units, scale);
  if (change.kind === 'trade') {
    report.LastQty = change.last_units;
    report.LastPx = decimalOfUnits(change.last_price_units, scale);
  }
  if (change.kind === 'cancelled' || change.kind === 'restated') report.Text = change.reason;
  return report;
}

/** What a rejected NewOrderSingle said about itself, echoed on its ExecutionReport. */
export interface RejectedOrder {
  readonly cl_ord_id: string;
  readonly participant: string;
  readonly owner: string;
  readonly instrument: string;
  readonly side: string;
  readonly quantity: number;
}

export function rejectedOrderReport(
  state: HubState,
  order: RejectedOrder,
  rejection: Rejection,
  exec_id: string,
  transact_time_us: number,
): FixMessage {
  return {
    OrderID: 'NONE',
    ClOrdID: order.cl_ord_id,
    ExecID: exec_id,
    ExecType: EXEC_TYPE.Rejected,
    OrdStatus: ORD_STATUS.Rejected,
    OrdRejReason: ordRejReasonOf(rejection.code),
    Account: order.owner,
    Instrument: instrumentOf(state, order.instrument),
    Side: order.side,
    OrderQtyData: { OrderQty: order.quantity },
    LeavesQty: 0,
    CumQty: 0,
    AvgPx: '0',
    TransactTime: new Date(Math.floor(transact_time_us / 1_000)),
    Text: rejectText(rejection),
    HutongRejectCode: rejection.code,
    HutongParticipant: order.participant,
  };
}

export function cancelRejectReport(options: {
  readonly order: FixOrder | undefined;
  readonly cl_ord_id: string;
  readonly orig_cl_ord_id: string;
  readonly response_to: (typeof CXL_REJ_RESPONSE_TO)[keyof typeof CXL_REJ_RESPONSE_TO];
  readonly rejection: Rejection;
}): FixMessage {
  const order = options.order;
  return {
    OrderID: order === undefined ? 'NONE' : String(order.order_id),
    ClOrdID: options.cl_ord_id,
    OrigClOrdID: options.orig_cl_ord_id,
    OrdStatus: order === undefined ? ORD_STATUS.Rejected : liveStatus(order),
    CxlRejResponseTo: options.response_to,
    CxlRejReason: cxlRejReasonOf(options.rejection.code),
    Text: rejectText(options.rejection),
    HutongRejectCode: options.rejection.code,
  };
}

export function businessReject(options: {
  readonly ref_seq_num: number;
  readonly ref_msg_type: string;
  readonly reason: number;
  readonly rejection: Rejection;
}): FixMessage {
  return {
    RefSeqNum: options.ref_seq_num,
    RefMsgType: options.ref_msg_type,
    BusinessRejectReason: options.reason,
    Text: rejectText(options.rejection),
    HutongRejectCode: options.rejection.code,
  };
}
