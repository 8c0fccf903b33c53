/**
 * RFQ messages and states. The message shapes follow FIX 4.4's quote messages, field for field
 * where Hutong needs the field (tag numbers in comments), so the FIX gateway can carry them:
 * QuoteRequest (35=R), Quote (35=S), QuoteResponse (35=AJ), QuoteRequestReject (35=AG) and
 * QuoteStatusReport (35=AI). Names are snake_case with units last, as everywhere in Hutong.
 * @module
 */

/** Side from the requester's view: buy = the investor buys from the dealer (54=1), sell (54=2). */
export type RfqSide = 'buy' | 'sell';

/**
 * PriceType (423): 1 = percentage of par (a clean price per 100), 6 = spread (basis points; the
 * CFETS "closing order" variant, in which a spread is requested and quoted).
 */
export type RfqPriceType = 'percent_of_par' | 'spread_bps';

/** QuoteRequest (35=R): an investor asks named dealers for a firm quote. */
export interface QuoteRequest {
  /** QuoteReqID (131). */
  readonly quote_req_id: string;
  /** The investor, through its access platform (Bond Connect: Tradeweb, Bloomberg, …). */
  readonly requester: string;
  /** SecurityID (48) with SecurityIDSource (22) = 4, ISIN. */
  readonly security_id: string;
  readonly side: RfqSide;
  /** OrderQty (38) as face value, minor units of the bond's currency. */
  readonly order_qty_minor: bigint;
  readonly price_type: RfqPriceType;
  /** The dealers asked (NoPartyIDs, 453, with PartyRole 1 = executing firm). */
  readonly dealers: readonly string[];
  /** How long dealers may quote, from the request (ExpireTime, 126, is request time + this). */
  readonly quote_window_us: number;
}

/** Quote (35=S): a dealer's firm answer, for the full quantity. A new quote replaces its last. */
export interface Quote {
  /** QuoteID (117), unique within the RFQ. */
  readonly quote_id: string;
  /** QuoteReqID (131). */
  readonly quote_req_id: string;
  readonly dealer: string;
  /**
   * OfferPx (133) when the requester buys, BidPx (132) when it sells: a clean price per 100 face
   * in 10^-8, or a spread in 10^-8 basis points, by the request's price type.
   */
  readonly px_e8: bigint;
  /** ValidUntilTime (62): the quote is firm until then (exclusive), at most the RFQ's expiry. */
  readonly valid_until_us: number;
}

/** QuoteRespType (694): 1 = hit/lift (accept this quote), 6 = pass (decline them all: cancel). */
export type QuoteRespType = 'hit_lift' | 'pass';

/** QuoteResponse (35=AJ): the requester accepts one quote, or passes on the whole RFQ. */
export interface QuoteResponse {
  /** QuoteRespID (693). */
  readonly quote_resp_id: string;
  readonly quote_req_id: string;
  readonly requester: string;
  readonly quote_resp_type: QuoteRespType;
  /** QuoteID (117) of the quote accepted; absent for a pass. */
  readonly quote_id?: string;
}

/**
 * QuoteRequestRejectReason (658), the FIX 4.4 values a dealer uses to decline:
 * 1 unknown symbol, 2 exchange closed, 3 quote request exceeds limit, 4 too late to enter,
 * 6 not authorized to request quote, 99 other.
 */
export type QuoteRequestRejectReason =
  | 'unknown_symbol'
  | 'exchange_closed'
  | 'exceeds_limit'
  | 'too_late'
  | 'not_authorized'
  | 'other';

/** QuoteRequestReject (35=AG): a dealer declines to quote. */
export interface QuoteRequestReject {
  readonly quote_req_id: string;
  readonly dealer: string;
  readonly reason: QuoteRequestRejectReason;
}

/** The RFQ's state. Terminal: accepted, expired, rejected, cancelled. */
export type RfqStatus = 'requested' | 'quoted' | 'accepted' | 'expired' | 'rejected' | 'cancelled';

/** A quote's state. Only `active` may be accepted. */
export type QuoteState = 'active' | 'replaced' | 'accepted' | 'expired' | 'not_taken';

/**
 * QuoteStatusReport (35=AI): what changed. QuoteStatus (297) maps: active 16, accepted 0,
 * expired 7, cancelled 17, rejected 5, replaced (Hutong) and not_taken (Hutong: another quote
 * was accepted, or the RFQ ended without this one).
 */
export interface QuoteStatusReport {
  readonly quote_req_id: string;
  /** Absent when the report is about the RFQ as a whole. */
  readonly quote_id?: string;
  readonly dealer?: string;
  readonly rfq_status: RfqStatus;
  readonly quote_state?: QuoteState;
  readonly transact_time_us: number;
}

/** The trade an accepted quote concludes (CFETS-style: at once, no last look). */
export interface RfqTrade {
  /** `<quote_req_id>/<quote_id>`: unique because RFQ ids are unique in the book. */
  readonly trade_id: string;
  readonly quote_req_id: string;
  readonly security_id: string;
  readonly buyer: string;
  readonly seller: string;
  readonly dealer: string;
  readonly requester: string;
  readonly quantity_minor: bigint;
  readonly price_type: RfqPriceType;
  readonly px_e8: bigint;
  readonly transact_time_us: number;
}
