/**
 * The FIX 4.4 values the gateway reads and writes, and Hutong's custom tags (5001–5007, the
 * user-defined range 5000–9999 of FIX 4.4 Vol. 1 "User Defined Fields"). docs/fix.md lists them.
 * @module
 */

/** Hutong's custom fields, added to the FIX 4.4 dictionary the acceptor loads (dictionary.ts). */
export const CUSTOM_FIELDS = [
  { tag: 5001, name: 'HutongBCAN', messages: ['NewOrderSingle', 'ExecutionReport'] },
  { tag: 5002, name: 'HutongConnectRoute', messages: ['ExecutionReport'] },
  { tag: 5003, name: 'HutongSouthboundChannel', messages: ['NewOrderSingle'] },
  { tag: 5004, name: 'HutongParticipant', messages: ['ExecutionReport'] },
  {
    tag: 5005,
    name: 'HutongRejectCode',
    messages: ['ExecutionReport', 'OrderCancelReject', 'BusinessMessageReject'],
  },
  { tag: 5006, name: 'HutongStpMode', messages: ['NewOrderSingle'] },
  { tag: 5007, name: 'HutongOrderType', messages: ['NewOrderSingle'] },
] as const;

export const MSG = {
  Reject: '3',
  ExecutionReport: '8',
  OrderCancelReject: '9',
  NewOrderSingle: 'D',
  OrderCancelRequest: 'F',
  OrderCancelReplaceRequest: 'G',
  BusinessMessageReject: 'j',
} as const;

export const EXEC_TYPE = {
  New: '0',
  Cancelled: '4',
  Replaced: '5',
  Rejected: '8',
  Restated: 'D',
  Trade: 'F',
} as const;

export const ORD_STATUS = {
  New: '0',
  PartiallyFilled: '1',
  Filled: '2',
  Cancelled: '4',
  Rejected: '8',
} as const;

/** Side (54): only buy and sell trade on Hutong's books. */
export const SIDE_OF_FIX: Readonly<Record<string, 'buy' | 'sell'>> = { '1': 'buy', '2': 'sell' };
export const FIX_OF_SIDE = { buy: '1', sell: '2' } as const;

/** TimeInForce (59). */
export const TIF_OF_FIX: Readonly<Record<string, 'day' | 'gtc' | 'ioc' | 'fok'>> = {
  '0': 'day',
  '1': 'gtc',
  '3': 'ioc',
  '4': 'fok',
};
export const FIX_OF_TIF = { day: '0', gtc: '1', ioc: '3', fok: '4' } as const;

/** OrdType (40): market and limit; enhanced_limit and at_auction through HutongOrderType. */
export const ORDER_TYPE_OF_FIX: Readonly<Record<string, 'market' | 'limit'>> = {
  '1': 'market',
  '2': 'limit',
};

/** CxlRejResponseTo (434). */
export const CXL_REJ_RESPONSE_TO = { Cancel: '1', Replace: '2' } as const;

/** BusinessRejectReason (380). */
export const BUSINESS_REJECT_REASON = {
  Other: 0,
  UnknownId: 1,
  UnsupportedMessageType: 3,
  ApplicationNotAvailable: 4,
  ConditionallyRequiredFieldMissing: 5,
} as const;

/** SecurityIDSource (22) 4: ISIN. */
export const SECURITY_ID_SOURCE_ISIN = '4';

/** ExecInst (18) 6: participate don't initiate, Hutong's post-only. */
export const EXEC_INST_POST_ONLY = '6';
