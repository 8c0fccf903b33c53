/**
 * From the engine's rejection codes (docs/conventions.md: stable, UPPER_SNAKE) to FIX 4.4's
 * OrdRejReason (103) and CxlRejReason (102). The code itself always travels too: in Text (58) as
 * `CODE: message` and in HutongRejectCode (5005), so nothing is lost in the mapping.
 * Values: FIX 4.4 Vol. 6, fields 102 and 103.
 * @module
 */

/** OrdRejReason (103). */
export const ORD_REJ_REASON = {
  BrokerOption: 0,
  UnknownSymbol: 1,
  ExchangeClosed: 2,
  OrderExceedsLimit: 3,
  UnknownOrder: 5,
  DuplicateOrder: 6,
  InvalidInvestorId: 10,
  UnsupportedOrderCharacteristic: 11,
  IncorrectQuantity: 13,
  UnknownAccount: 15,
  Other: 99,
} as const;

/** CxlRejReason (102). */
export const CXL_REJ_REASON = {
  TooLateToCancel: 0,
  UnknownOrder: 1,
  BrokerOption: 2,
  DuplicateClOrdId: 6,
  Other: 99,
} as const;

const R = ORD_REJ_REASON;

const ORDER_REASONS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [R.UnknownSymbol, ['UNKNOWN_INSTRUMENT', 'NO_ORDER_BOOK']],
  [
    R.ExchangeClosed,
    [
      'INVALID_PHASE',
      'NOT_A_CONNECT_TRADING_DAY',
      'OUTSIDE_ACCEPTANCE_WINDOW',
      'QUOTA_CLOSED_FOR_DAY',
      'NORTHBOUND_BUYING_SUSPENDED',
    ],
  ],
  [
    R.OrderExceedsLimit,
    [
      'PRICE_OUTSIDE_LIMIT',
      'PRICE_OUTSIDE_BAND',
      'PRICE_OUTSIDE_CAGE',
      'ORDER_TOO_LARGE',
      'QUOTA_EXHAUSTED',
      'INSUFFICIENT_FUNDS',
      'ORDER_NOT_FUNDED',
      'FOREIGN_OWNERSHIP_LIMIT',
      'ORDERS_FULL',
      'BOOK_FULL',
      'PRICE_LEVELS_FULL',
      'RULES_ORDERS_FULL',
      'RULES_POSITIONS_FULL',
    ],
  ],
  [R.UnknownOrder, ['UNKNOWN_ORDER']],
  [R.DuplicateOrder, ['DUPLICATE_CLIENT_ORDER_ID']],
  [
    R.InvalidInvestorId,
    [
      'INVALID_BCAN',
      'BCAN_NOT_MAPPED',
      'BCAN_NOT_APPLICABLE',
      'INVESTOR_ID_MISMATCH',
      'INVESTOR_ID_MISSING',
      'INVESTOR_ID_NOT_MAPPED',
    ],
  ],
  [
    R.UnsupportedOrderCharacteristic,
    [
      'ORDER_TYPE_NOT_ALLOWED',
      'POST_ONLY_WOULD_CROSS',
      'AUCTION_NOT_SUPPORTED',
      'ODD_LOT_NOT_ALLOWED',
      'DAY_TRADING_NOT_ALLOWED',
      'CHANNEL_NOT_APPLICABLE',
      'CHANNEL_NOT_AVAILABLE',
      'ROUTE_NOT_AVAILABLE',
      'VENUE_INVALID',
      'VENUE_MISMATCH',
      'UNSUPPORTED_ORDER_TYPE',
    ],
  ],
  [R.IncorrectQuantity, ['INVALID_QUANTITY', 'LOT_SIZE_INVALID', 'ODD_LOT_BUY']],
  [R.UnknownAccount, ['UNKNOWN_OWNER', 'OWNER_NOT_CLIENT', 'INVESTOR_NOT_CLIENT']],
  [
    R.BrokerOption,
    [
      'NOT_AUTHORIZED',
      'NOT_ELIGIBLE_NORTHBOUND',
      'NOT_ELIGIBLE_SOUTHBOUND',
      'NOT_ELIGIBLE_TO_MATCH',
      'NOT_CONNECT_PARTICIPANT',
      'BROKER_NOT_CONNECT_PARTICIPANT',
      'RETAIL_NOT_OPTED_IN',
      'RETAIL_LOCAL_ONLY',
      'INSTITUTIONAL_PROFESSIONAL_ONLY',
      'MAINLAND_INVESTOR_NORTHBOUND_BUY',
    ],
  ],
];

const ORDER_REASON_OF_CODE = new Map<string, number>(
  ORDER_REASONS.flatMap(([reason, codes]) => codes.map((code) => [code, reason] as const)),
);

/** OrdRejReason for a rejected NewOrderSingle (or a replace refused as a new order). */
export function ordRejReasonOf(code: string): number {
  return ORDER_REASON_OF_CODE.get(code) ?? R.Other;
}

const CXL_REASON_OF_CODE = new Map<string, number>([
  ['UNKNOWN_ORDER', CXL_REJ_REASON.UnknownOrder],
  ['NOT_AUTHORIZED', CXL_REJ_REASON.UnknownOrder],
  ['ORDER_FINISHED', CXL_REJ_REASON.TooLateToCancel],
  ['CANCEL_NOT_ALLOWED_NOW', CXL_REJ_REASON.BrokerOption],
  ['REPLACE_NOT_ALLOWED', CXL_REJ_REASON.BrokerOption],
  ['AUCTION_NO_CANCEL', CXL_REJ_REASON.BrokerOption],
  ['INVALID_PHASE', CXL_REJ_REASON.BrokerOption],
  ['DUPLICATE_CLIENT_ORDER_ID', CXL_REJ_REASON.DuplicateClOrdId],
]);

/**
 * CxlRejReason for a refused cancel or cancel-replace. Another participant's order is an unknown
 * order to the caller (NOT_AUTHORIZED → 1): a FIX session never learns that someone else's order
 * exists.
 */
export function cxlRejReasonOf(code: string): number {
  return CXL_REASON_OF_CODE.get(code) ?? CXL_REJ_REASON.Other;
}
