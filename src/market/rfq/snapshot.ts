/**
 * The RFQ book as plain data for the hub's snapshot, and back; and the next instant at which
 * time changes something in it (for the hub's time walk).
 * @module
 */

import type { QuoteRecord, RfqBook, RfqParams, RfqRecord } from './rfq.js';
import type { QuoteRequest, RfqStatus, RfqTrade } from './types.js';

export interface RfqRecordSnapshot {
  readonly request: QuoteRequest;
  readonly requested_at_us: number;
  readonly expires_at_us: number;
  readonly status: RfqStatus;
  readonly quotes: readonly QuoteRecord[];
  readonly declined: readonly string[];
  readonly trade: RfqTrade | null;
}

export interface RfqBookSnapshot {
  readonly params: RfqParams;
  readonly makers: readonly string[];
  readonly rfqs: readonly RfqRecordSnapshot[];
  readonly now_us: number;
}

export function snapshotRfqBook(book: RfqBook): RfqBookSnapshot {
  const rfqs: RfqRecordSnapshot[] = [];
  for (const rfq of book.rfqs.values()) {
    rfqs.push({
      request: rfq.request,
      requested_at_us: rfq.requested_at_us,
      expires_at_us: rfq.expires_at_us,
      status: rfq.status,
      quotes: rfq.quotes.map((q) => ({ ...q })),
      declined: [...rfq.declined],
      trade: rfq.trade ?? null,
    });
  }
  return { params: { ...book.params }, makers: [...book.makers], rfqs, now_us: book.now_us };
}

const OPEN: ReadonlySet<RfqStatus> = new Set(['requested', 'quoted']);

export function restoreRfqBook(snapshot: RfqBookSnapshot): RfqBook {
  const book: RfqBook = {
    params: { ...snapshot.params },
    makers: new Set(snapshot.makers),
    rfqs: new Map(),
    open: new Map(),
    now_us: snapshot.now_us,
  };
  for (const s of snapshot.rfqs) {
    const rfq: RfqRecord = {
      request: s.request,
      requested_at_us: s.requested_at_us,
      expires_at_us: s.expires_at_us,
      status: s.status,
      quotes: s.quotes.map((q) => ({ ...q })),
      declined: new Set(s.declined),
      trade: s.trade ?? undefined,
    };
    book.rfqs.set(s.request.quote_req_id, rfq);
    // Open RFQs were opened in request order, which is the book's order.
    if (OPEN.has(rfq.status)) book.open.set(s.request.quote_req_id, rfq);
  }
  return book;
}

/**
 * The earliest instant at which `expireRfqs` would change something: an open RFQ's window end
 * or an active quote's validity end. `Infinity` when nothing is open.
 */
export function nextRfqDeadlineUs(book: RfqBook): number {
  let next = Number.POSITIVE_INFINITY;
  for (const rfq of book.open.values()) {
    if (rfq.expires_at_us < next) next = rfq.expires_at_us;
    for (const q of rfq.quotes) {
      if (q.state === 'active' && q.valid_until_us < next) next = q.valid_until_us;
    }
  }
  return next;
}
