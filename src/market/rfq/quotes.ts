/**
 * The RFQ transitions after the request: quotes, dealers declining, the requester's response,
 * and time passing (see rfq.ts for the state machine and its rules).
 * @module
 */

import { accept, type Outcome, type Rejection, reject } from '../../kernel/index.js';
import {
  checkTime,
  liveQuoteOf,
  openRfq,
  type QuoteRecord,
  type RfqBook,
  type RfqRecord,
  report,
} from './rfq.js';
import type {
  Quote,
  QuoteRequestReject,
  QuoteResponse,
  QuoteStatusReport,
  RfqTrade,
} from './types.js';

const REJECT_REASONS = new Set([
  'unknown_symbol',
  'exchange_closed',
  'exceeds_limit',
  'too_late',
  'not_authorized',
  'other',
]);

function checkDealer(book: RfqBook, rfq: RfqRecord, dealer: string): Rejection | undefined {
  if (!book.makers.has(dealer)) {
    return reject('RFQ_QUOTE_NOT_MAKER', 'Only registered market makers may quote', { dealer });
  }
  if (!rfq.request.dealers.includes(dealer)) {
    return reject('RFQ_DEALER_NOT_INVITED', 'The dealer was not asked on this RFQ', {
      dealer,
      quote_req_id: rfq.request.quote_req_id,
    });
  }
  if (rfq.declined.has(dealer)) {
    return reject('RFQ_DEALER_DECLINED', 'The dealer has declined this RFQ', { dealer });
  }
  return undefined;
}

function checkQuote(
  book: RfqBook,
  rfq: RfqRecord,
  q: Quote,
  now_us: number,
): Rejection | undefined {
  const refused = checkDealer(book, rfq, q.dealer);
  if (refused !== undefined) return refused;
  if (rfq.quotes.some((existing) => existing.quote_id === q.quote_id)) {
    return reject('RFQ_QUOTE_ID_DUPLICATE', 'A quote with this id exists on the RFQ', {
      quote_id: q.quote_id,
    });
  }
  if (rfq.quotes.length >= book.params.quotes_max) {
    return reject('RFQ_QUOTES_FULL', 'The RFQ has taken its maximum number of quotes', {
      quotes_max: book.params.quotes_max,
    });
  }
  const percent = rfq.request.price_type === 'percent_of_par';
  if (typeof q.px_e8 !== 'bigint' || (percent && q.px_e8 <= 0n)) {
    return reject('RFQ_QUOTE_PRICE_INVALID', 'A price quote must be positive', { px_e8: q.px_e8 });
  }
  const until = q.valid_until_us;
  if (!Number.isSafeInteger(until) || until <= now_us || until > rfq.expires_at_us) {
    return reject(
      'RFQ_QUOTE_VALIDITY_INVALID',
      'A quote must be valid after now, within the window',
      {
        valid_until_us: until,
        now_us,
        expires_at_us: rfq.expires_at_us,
      },
    );
  }
  return undefined;
}

/** Quote: a maker's firm quote; it replaces the maker's previous active quote on the RFQ. */
export function submitQuote(
  book: RfqBook,
  quote: Quote,
  now_us: number,
): Outcome<readonly QuoteStatusReport[]> {
  checkTime(book, now_us);
  const opened = openRfq(book, quote.quote_req_id, now_us);
  if (!opened.ok) return opened;
  const rfq = opened.value;
  const refused = checkQuote(book, rfq, quote, now_us);
  if (refused !== undefined) return refused;
  const reports: QuoteStatusReport[] = [];
  const previous = liveQuoteOf(rfq, quote.dealer);
  rfq.status = 'quoted';
  if (previous !== undefined) {
    previous.state = 'replaced';
    reports.push(report(rfq, now_us, previous));
  }
  const record: QuoteRecord = {
    quote_id: quote.quote_id,
    dealer: quote.dealer,
    px_e8: quote.px_e8,
    valid_until_us: quote.valid_until_us,
    state: 'active',
  };
  rfq.quotes.push(record);
  reports.push(report(rfq, now_us, record));
  return accept(reports);
}

/**
 * QuoteRequestReject: a dealer declines. When every dealer asked has declined and none has
 * quoted, the RFQ is rejected.
 */
export function declineQuoteRequest(
  book: RfqBook,
  decline: QuoteRequestReject,
  now_us: number,
): Outcome<QuoteStatusReport> {
  checkTime(book, now_us);
  const opened = openRfq(book, decline.quote_req_id, now_us);
  if (!opened.ok) return opened;
  const rfq = opened.value;
  const refused = checkDealer(book, rfq, decline.dealer);
  if (refused !== undefined) return refused;
  if (!REJECT_REASONS.has(decline.reason)) {
    return reject('RFQ_REJECT_REASON_INVALID', 'The decline reason is not a FIX 4.4 value', {
      reason: decline.reason,
    });
  }
  if (rfq.quotes.some((q) => q.dealer === decline.dealer)) {
    return reject('RFQ_DEALER_ALREADY_QUOTED', 'A dealer that has quoted cannot decline', {
      dealer: decline.dealer,
    });
  }
  rfq.declined.add(decline.dealer);
  if (rfq.status === 'requested' && rfq.declined.size === rfq.request.dealers.length) {
    finish(book, rfq, 'rejected', 'not_taken');
  }
  return accept(report(rfq, now_us));
}

function finish(
  book: RfqBook,
  rfq: RfqRecord,
  status: 'accepted' | 'expired' | 'rejected' | 'cancelled',
  live_quotes_become: 'not_taken' | 'expired',
): void {
  rfq.status = status;
  for (const q of rfq.quotes) if (q.state === 'active') q.state = live_quotes_become;
  book.open.delete(rfq.request.quote_req_id);
}

/** The result of a response: the reports, and the trade when a quote was accepted. */
export interface RfqResponseResult {
  readonly reports: readonly QuoteStatusReport[];
  readonly trade: RfqTrade | undefined;
}

function checkResponse(rfq: RfqRecord, r: QuoteResponse): Rejection | undefined {
  if (r.requester !== rfq.request.requester) {
    return reject('RFQ_NOT_REQUESTER', 'Only the requester may answer its RFQ', {
      requester: r.requester,
    });
  }
  if (r.quote_resp_type !== 'hit_lift' && r.quote_resp_type !== 'pass') {
    return reject('RFQ_RESPONSE_TYPE_INVALID', 'Respond with hit/lift or pass', {
      quote_resp_type: r.quote_resp_type,
    });
  }
  return undefined;
}

/** QuoteResponse: hit/lift concludes a trade on one active quote; pass cancels the RFQ. */
export function respondToQuotes(
  book: RfqBook,
  response: QuoteResponse,
  now_us: number,
): Outcome<RfqResponseResult> {
  checkTime(book, now_us);
  const opened = openRfq(book, response.quote_req_id, now_us);
  if (!opened.ok) return opened;
  const rfq = opened.value;
  const refused = checkResponse(rfq, response);
  if (refused !== undefined) return refused;
  if (response.quote_resp_type === 'pass') {
    finish(book, rfq, 'cancelled', 'not_taken');
    return accept({ reports: [report(rfq, now_us)], trade: undefined });
  }
  const quote = rfq.quotes.find((q) => q.quote_id === response.quote_id);
  if (quote === undefined) {
    return reject('RFQ_QUOTE_UNKNOWN', 'No quote on this RFQ has this id', {
      quote_id: response.quote_id,
    });
  }
  if (quote.state === 'expired' || (quote.state === 'active' && now_us >= quote.valid_until_us)) {
    return reject('RFQ_QUOTE_EXPIRED', 'The quote is no longer firm', {
      quote_id: quote.quote_id,
      valid_until_us: quote.valid_until_us,
      now_us,
    });
  }
  if (quote.state !== 'active') {
    return reject('RFQ_QUOTE_NOT_ACTIVE', 'The quote has been replaced', {
      quote_id: quote.quote_id,
      quote_state: quote.state,
    });
  }
  quote.state = 'accepted';
  finish(book, rfq, 'accepted', 'not_taken');
  rfq.trade = tradeOf(rfq, quote, now_us);
  const reports = rfq.quotes.map((q) => report(rfq, now_us, q));
  return accept({ reports, trade: rfq.trade });
}

function tradeOf(rfq: RfqRecord, quote: QuoteRecord, now_us: number): RfqTrade {
  const r = rfq.request;
  const investor_buys = r.side === 'buy';
  return {
    trade_id: `${r.quote_req_id}/${quote.quote_id}`,
    quote_req_id: r.quote_req_id,
    security_id: r.security_id,
    buyer: investor_buys ? r.requester : quote.dealer,
    seller: investor_buys ? quote.dealer : r.requester,
    dealer: quote.dealer,
    requester: r.requester,
    quantity_minor: r.order_qty_minor,
    price_type: r.price_type,
    px_e8: quote.px_e8,
    transact_time_us: now_us,
  };
}

/**
 * Time passes to `now_us`: quotes past their validity expire, RFQs past their window expire
 * (their live quotes with them), in request order. Returns what changed.
 */
export function expireRfqs(book: RfqBook, now_us: number): readonly QuoteStatusReport[] {
  checkTime(book, now_us);
  book.now_us = now_us;
  const reports: QuoteStatusReport[] = [];
  for (const rfq of book.open.values()) {
    if (now_us >= rfq.expires_at_us) {
      const live = rfq.quotes.filter((q) => q.state === 'active');
      finish(book, rfq, 'expired', 'expired');
      for (const q of live) reports.push(report(rfq, now_us, q));
      reports.push(report(rfq, now_us));
      continue;
    }
    for (const q of rfq.quotes) {
      if (q.state === 'active' && now_us >= q.valid_until_us) {
        q.state = 'expired';
        reports.push(report(rfq, now_us, q));
      }
    }
  }
  return reports;
}

/** Forgets a finished RFQ (after its events are published), freeing its place in the book. */
export function forgetRfq(book: RfqBook, quote_req_id: string): Outcome<undefined> {
  const rfq = book.rfqs.get(quote_req_id);
  if (rfq === undefined) return reject('RFQ_UNKNOWN', 'No RFQ has this id', { quote_req_id });
  if (book.open.has(quote_req_id)) {
    return reject('RFQ_STILL_OPEN', 'An open RFQ cannot be forgotten', { quote_req_id });
  }
  book.rfqs.delete(quote_req_id);
  return accept(undefined);
}
