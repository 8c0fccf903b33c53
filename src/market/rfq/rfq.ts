/**
 * The RFQ state machine (docs/bonds.md §5). Pure and deterministic: time is passed in as
 * `now_us`, never read; every refusal has a stable code and changes nothing (check, then
 * mutate).
 *
 *   requested ──quote──▶ quoted ──hit/lift──▶ accepted (trade concluded)
 *       │ every dealer declines ──▶ rejected
 *       │ pass (requester) ─────▶ cancelled          (from requested or quoted)
 *       └ window ends ──────────▶ expired            (from requested or quoted; expireRfqs)
 *
 * Rules:
 * - Only registered market makers may be asked and may quote; a maker may quote only on an RFQ
 *   it was asked on, once per quote (a new quote replaces its last one), until the RFQ's window
 *   ends, and not after declining.
 * - A quote is firm until its `valid_until_us` (exclusive) and the RFQ's expiry. No last look:
 *   an acceptance of an active, unexpired quote concludes the trade at once, as CFETS concludes
 *   a Northbound RFQ when the investor accepts; the dealer cannot refuse it.
 * - Time passes only through `expireRfqs`, as the hub walks its timed changes before a command.
 *   An operation arriving after a deadline that `expireRfqs` has not yet processed is refused
 *   by comparing times (RFQ_QUOTE_EXPIRED, RFQ_EXPIRED), without changing anything.
 * @module
 */

import { accept, assert, type Outcome, type Rejection, reject } from '../../kernel/index.js';
import type { QuoteRequest, QuoteState, QuoteStatusReport, RfqStatus, RfqTrade } from './types.js';

export interface RfqParams {
  /** RFQs kept (open or finished, until forgotten); a new one past it is RFQ_BOOK_FULL. */
  readonly rfqs_max: number;
  readonly dealers_max: number;
  /** Quotes per RFQ, replaced ones included. */
  readonly quotes_max: number;
  readonly quote_window_min_us: number;
  readonly quote_window_max_us: number;
}

export const RFQ_PARAMS_DEFAULT: RfqParams = {
  rfqs_max: 1_000_000,
  dealers_max: 10,
  quotes_max: 50,
  quote_window_min_us: 1_000_000,
  quote_window_max_us: 30 * 60 * 1_000_000,
};

export interface QuoteRecord {
  readonly quote_id: string;
  readonly dealer: string;
  readonly px_e8: bigint;
  readonly valid_until_us: number;
  state: QuoteState;
}

export interface RfqRecord {
  readonly request: QuoteRequest;
  readonly requested_at_us: number;
  /** The quote window's end (exclusive): request time + window. */
  readonly expires_at_us: number;
  status: RfqStatus;
  readonly quotes: QuoteRecord[];
  readonly declined: Set<string>;
  trade: RfqTrade | undefined;
}

export interface RfqBook {
  readonly params: RfqParams;
  readonly makers: Set<string>;
  /** Every RFQ not yet forgotten, in request order. */
  readonly rfqs: Map<string, RfqRecord>;
  /** The RFQs not yet in a terminal state, in request order. */
  readonly open: Map<string, RfqRecord>;
  /** The latest time `expireRfqs` was run at. */
  now_us: number;
}

export function createRfqBook(
  makers: Iterable<string>,
  params: RfqParams = RFQ_PARAMS_DEFAULT,
): RfqBook {
  return { params, makers: new Set(makers), rfqs: new Map(), open: new Map(), now_us: 0 };
}

/** Registers a market maker (an onshore dealer, or an HKMA-designated offshore maker). */
export function registerMaker(book: RfqBook, dealer: string): Outcome<undefined> {
  if (typeof dealer !== 'string' || dealer === '') {
    return reject('RFQ_MAKER_INVALID', 'A market maker needs a party id', { dealer });
  }
  book.makers.add(dealer);
  return accept(undefined);
}

export function checkTime(book: RfqBook, now_us: number): void {
  assert(Number.isSafeInteger(now_us) && now_us >= book.now_us, 'RFQ time went backwards');
}

export function report(rfq: RfqRecord, now_us: number, quote?: QuoteRecord): QuoteStatusReport {
  // Object literals, not spreads: reports are made on every transition (bench: rfq cycles).
  if (quote === undefined) {
    return {
      quote_req_id: rfq.request.quote_req_id,
      rfq_status: rfq.status,
      transact_time_us: now_us,
    };
  }
  return {
    quote_req_id: rfq.request.quote_req_id,
    quote_id: quote.quote_id,
    dealer: quote.dealer,
    rfq_status: rfq.status,
    quote_state: quote.state,
    transact_time_us: now_us,
  };
}

function checkDealers(book: RfqBook, dealers: readonly string[]): Rejection | undefined {
  if (!Array.isArray(dealers) || dealers.length === 0 || dealers.length > book.params.dealers_max) {
    return reject('RFQ_DEALERS_INVALID', 'Ask between one and the maximum number of dealers', {
      dealers_count: Array.isArray(dealers) ? dealers.length : 0,
      dealers_max: book.params.dealers_max,
    });
  }
  if (new Set(dealers).size !== dealers.length) {
    return reject('RFQ_DEALERS_INVALID', 'A dealer is named twice', { dealers });
  }
  for (const dealer of dealers) {
    if (!book.makers.has(dealer)) {
      return reject('RFQ_DEALER_NOT_MAKER', 'Only registered market makers may be asked', {
        dealer,
      });
    }
  }
  return undefined;
}

function checkRequest(book: RfqBook, r: QuoteRequest): Rejection | undefined {
  if (book.rfqs.has(r.quote_req_id)) {
    return reject('RFQ_ID_DUPLICATE', 'An RFQ with this id exists', {
      quote_req_id: r.quote_req_id,
    });
  }
  if (book.rfqs.size >= book.params.rfqs_max) {
    return reject('RFQ_BOOK_FULL', 'The RFQ book is full', { rfqs_max: book.params.rfqs_max });
  }
  if (r.side !== 'buy' && r.side !== 'sell') {
    return reject('RFQ_SIDE_INVALID', 'The side must be buy or sell', { side: r.side });
  }
  if (r.price_type !== 'percent_of_par' && r.price_type !== 'spread_bps') {
    return reject('RFQ_PRICE_TYPE_INVALID', 'Quote a percentage of par or a spread', {
      price_type: r.price_type,
    });
  }
  if (typeof r.order_qty_minor !== 'bigint' || r.order_qty_minor <= 0n) {
    return reject('RFQ_QUANTITY_INVALID', 'The quantity must be a positive face amount', {
      order_qty_minor: r.order_qty_minor,
    });
  }
  const { quote_window_min_us: min, quote_window_max_us: max } = book.params;
  const window = r.quote_window_us;
  if (!Number.isSafeInteger(window) || window < min || window > max) {
    return reject('RFQ_WINDOW_INVALID', 'The quote window is outside the allowed range', {
      quote_window_us: window,
      min_us: min,
      max_us: max,
    });
  }
  return checkDealers(book, r.dealers);
}

/** QuoteRequest: opens an RFQ in `requested`. */
export function requestQuote(
  book: RfqBook,
  request: QuoteRequest,
  now_us: number,
): Outcome<QuoteStatusReport> {
  checkTime(book, now_us);
  const refused = checkRequest(book, request);
  if (refused !== undefined) return refused;
  const rfq: RfqRecord = {
    request,
    requested_at_us: now_us,
    expires_at_us: now_us + request.quote_window_us,
    status: 'requested',
    quotes: [],
    declined: new Set(),
    trade: undefined,
  };
  book.rfqs.set(request.quote_req_id, rfq);
  book.open.set(request.quote_req_id, rfq);
  return accept(report(rfq, now_us));
}

/** The open RFQ, still inside its window at `now_us`, or the refusal. */
export function openRfq(book: RfqBook, quote_req_id: string, now_us: number): Outcome<RfqRecord> {
  const rfq = book.rfqs.get(quote_req_id);
  if (rfq === undefined) {
    return reject('RFQ_UNKNOWN', 'No RFQ has this id', { quote_req_id });
  }
  if (!book.open.has(quote_req_id)) {
    return reject('RFQ_NOT_OPEN', 'The RFQ has ended', { quote_req_id, rfq_status: rfq.status });
  }
  if (now_us >= rfq.expires_at_us) {
    return reject('RFQ_EXPIRED', 'The RFQ quote window has ended', {
      quote_req_id,
      expires_at_us: rfq.expires_at_us,
      now_us,
    });
  }
  return accept(rfq);
}

export function liveQuoteOf(rfq: RfqRecord, dealer: string): QuoteRecord | undefined {
  for (let i = rfq.quotes.length - 1; i >= 0; i -= 1) {
    const q = rfq.quotes[i] as QuoteRecord;
    if (q.dealer === dealer) return q.state === 'active' ? q : undefined;
  }
  return undefined;
}
