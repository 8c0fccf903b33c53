import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  declineQuoteRequest,
  expireRfqs,
  forgetRfq,
  respondToQuotes,
  submitQuote,
} from './quotes.js';
import {
  createRfqBook,
  RFQ_PARAMS_DEFAULT,
  type RfqBook,
  registerMaker,
  requestQuote,
} from './rfq.js';
import type { Quote, QuoteRequest, QuoteResponse } from './types.js';

const S = 1_000_000; // one second in µs
const T0 = 1_767_225_600 * S;
const MAKERS = ['bank-a', 'bank-b', 'bank-c', 'bank-d'];

function book(params = RFQ_PARAMS_DEFAULT): RfqBook {
  return createRfqBook(MAKERS, params);
}

function request(over: Partial<QuoteRequest> = {}): QuoteRequest {
  return {
    quote_req_id: 'R1',
    requester: 'overseas-fund',
    security_id: 'CND10000KX14',
    side: 'buy',
    order_qty_minor: 10_000_000_000n,
    price_type: 'percent_of_par',
    dealers: ['bank-a', 'bank-b', 'bank-c'],
    quote_window_us: 60 * S,
    ...over,
  };
}

function quote(over: Partial<Quote> = {}): Quote {
  return {
    quote_id: 'Q-a',
    quote_req_id: 'R1',
    dealer: 'bank-a',
    px_e8: 10_012_000_000n,
    valid_until_us: T0 + 30 * S,
    ...over,
  };
}

function hit(quote_id: string, over: Partial<QuoteResponse> = {}): QuoteResponse {
  return {
    quote_resp_id: `A-${quote_id}`,
    quote_req_id: 'R1',
    requester: 'overseas-fund',
    quote_resp_type: 'hit_lift',
    quote_id,
    ...over,
  };
}

function snapshot(b: RfqBook): string {
  return JSON.stringify(
    { ...b, makers: [...b.makers], rfqs: [...b.rfqs], open: [...b.open.keys()] },
    (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Set ? [...v] : v),
  );
}

function refused(b: RfqBook, action: () => { ok: boolean; code?: string }, code: string): void {
  const before = snapshot(b);
  const outcome = action();
  assert.equal(outcome.ok ? 'accepted' : outcome.code, code);
  assert.equal(snapshot(b), before, `${code} must leave the book unchanged`);
}

function must<T>(outcome: { ok: true; value: T } | { ok: false; code: string }): T {
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.code);
  return outcome.value;
}

/** An RFQ with quotes from bank-a (100.12) and bank-b (100.10). */
function quoted(): RfqBook {
  const b = book();
  must(requestQuote(b, request(), T0));
  must(submitQuote(b, quote(), T0 + S));
  must(
    submitQuote(
      b,
      quote({ quote_id: 'Q-b', dealer: 'bank-b', px_e8: 10_010_000_000n }),
      T0 + 2 * S,
    ),
  );
  return b;
}

describe('RFQ transitions', () => {
  it('requested → quoted → accepted: the trade is concluded at the accepted quote', () => {
    const b = book();
    assert.equal(must(requestQuote(b, request(), T0)).rfq_status, 'requested');
    const [q] = must(submitQuote(b, quote(), T0 + S));
    assert.equal(q?.rfq_status, 'quoted');
    assert.equal(q?.quote_state, 'active');
    must(
      submitQuote(
        b,
        quote({ quote_id: 'Q-b', dealer: 'bank-b', px_e8: 10_010_000_000n }),
        T0 + 2 * S,
      ),
    );
    const result = must(respondToQuotes(b, hit('Q-b'), T0 + 3 * S));
    assert.deepEqual(result.trade, {
      trade_id: 'R1/Q-b',
      quote_req_id: 'R1',
      security_id: 'CND10000KX14',
      buyer: 'overseas-fund',
      seller: 'bank-b',
      dealer: 'bank-b',
      requester: 'overseas-fund',
      quantity_minor: 10_000_000_000n,
      price_type: 'percent_of_par',
      px_e8: 10_010_000_000n,
      transact_time_us: T0 + 3 * S,
    });
    const states = result.reports.map((r) => `${r.quote_id}:${r.quote_state}`);
    assert.deepEqual(states, ['Q-a:not_taken', 'Q-b:accepted']);
    assert.equal(b.rfqs.get('R1')?.status, 'accepted');
    assert.equal(b.open.size, 0);
  });

  it('makes the dealer the buyer when the investor sells', () => {
    const b = book();
    must(requestQuote(b, request({ side: 'sell' }), T0));
    must(submitQuote(b, quote(), T0 + S));
    const trade = must(respondToQuotes(b, hit('Q-a'), T0 + 2 * S)).trade;
    assert.equal(trade?.buyer, 'bank-a');
    assert.equal(trade?.seller, 'overseas-fund');
  });

  it('replaces a dealer’s earlier quote with its new one', () => {
    const b = quoted();
    const reports = must(
      submitQuote(b, quote({ quote_id: 'Q-a2', px_e8: 10_011_000_000n }), T0 + 4 * S),
    );
    assert.deepEqual(
      reports.map((r) => `${r.quote_id}:${r.quote_state}`),
      ['Q-a:replaced', 'Q-a2:active'],
    );
  });

  it('requested → rejected when every dealer asked declines', () => {
    const b = book();
    must(requestQuote(b, request({ dealers: ['bank-a', 'bank-b'] }), T0));
    const first = must(
      declineQuoteRequest(
        b,
        { quote_req_id: 'R1', dealer: 'bank-a', reason: 'exceeds_limit' },
        T0 + S,
      ),
    );
    assert.equal(first.rfq_status, 'requested');
    const last = must(
      declineQuoteRequest(b, { quote_req_id: 'R1', dealer: 'bank-b', reason: 'other' }, T0 + S),
    );
    assert.equal(last.rfq_status, 'rejected');
    assert.equal(b.open.size, 0);
  });

  it('stays quoted when the other dealers decline after a quote', () => {
    const b = book();
    must(requestQuote(b, request({ dealers: ['bank-a', 'bank-b'] }), T0));
    must(submitQuote(b, quote(), T0 + S));
    assert.equal(
      must(
        declineQuoteRequest(b, { quote_req_id: 'R1', dealer: 'bank-b', reason: 'other' }, T0 + S),
      ).rfq_status,
      'quoted',
    );
  });

  it('requested → cancelled and quoted → cancelled on a pass', () => {
    const pass: QuoteResponse = {
      quote_resp_id: 'P',
      quote_req_id: 'R1',
      requester: 'overseas-fund',
      quote_resp_type: 'pass',
    };
    const b = book();
    must(requestQuote(b, request(), T0));
    assert.equal(must(respondToQuotes(b, pass, T0 + S)).reports[0]?.rfq_status, 'cancelled');
    const c = quoted();
    must(respondToQuotes(c, pass, T0 + 5 * S));
    assert.equal(c.rfqs.get('R1')?.status, 'cancelled');
    assert.deepEqual(
      c.rfqs.get('R1')?.quotes.map((q) => q.state),
      ['not_taken', 'not_taken'],
    );
  });

  it('expires a quote at its validity, and the RFQ (requested or quoted) at its window', () => {
    const b = quoted();
    assert.deepEqual(expireRfqs(b, T0 + 29 * S), []);
    const at_validity = expireRfqs(b, T0 + 30 * S);
    assert.deepEqual(
      at_validity.map((r) => `${r.quote_id}:${r.quote_state}`),
      ['Q-a:expired', 'Q-b:expired'],
    );
    assert.equal(b.rfqs.get('R1')?.status, 'quoted');
    const at_window = expireRfqs(b, T0 + 60 * S);
    assert.equal(at_window.at(-1)?.rfq_status, 'expired');
    const r = book();
    must(requestQuote(r, request(), T0));
    assert.equal(expireRfqs(r, T0 + 60 * S)[0]?.rfq_status, 'expired');
  });

  it('expires live quotes with their RFQ', () => {
    const b = book();
    must(requestQuote(b, request(), T0));
    must(submitQuote(b, quote({ valid_until_us: T0 + 60 * S }), T0 + S));
    const reports = expireRfqs(b, T0 + 60 * S);
    assert.deepEqual(
      reports.map((x) => x.quote_state ?? x.rfq_status),
      ['expired', 'expired'],
    );
  });

  it('quotes a spread in the closing-order variant, negative spreads included', () => {
    const b = book();
    must(requestQuote(b, request({ price_type: 'spread_bps' }), T0));
    must(submitQuote(b, quote({ px_e8: -250_000_000n }), T0 + S));
    assert.equal(must(respondToQuotes(b, hit('Q-a'), T0 + 2 * S)).trade?.px_e8, -250_000_000n);
  });

  it('forgets a finished RFQ, freeing its id', () => {
    const b = quoted();
    must(respondToQuotes(b, hit('Q-a'), T0 + 3 * S));
    must(forgetRfq(b, 'R1'));
    assert.equal(b.rfqs.size, 0);
    must(requestQuote(b, request(), T0 + 4 * S));
  });
});

describe('RFQ refusals leave the book unchanged', () => {
  it('refuses malformed requests', () => {
    const b = book({ ...RFQ_PARAMS_DEFAULT, rfqs_max: 1, dealers_max: 3 });
    refused(b, () => requestQuote(b, request({ side: 'short' as never }), T0), 'RFQ_SIDE_INVALID');
    refused(
      b,
      () => requestQuote(b, request({ price_type: 'yield' as never }), T0),
      'RFQ_PRICE_TYPE_INVALID',
    );
    refused(b, () => requestQuote(b, request({ order_qty_minor: 0n }), T0), 'RFQ_QUANTITY_INVALID');
    refused(
      b,
      () => requestQuote(b, request({ quote_window_us: S - 1 }), T0),
      'RFQ_WINDOW_INVALID',
    );
    refused(
      b,
      () => requestQuote(b, request({ quote_window_us: 31 * 60 * S }), T0),
      'RFQ_WINDOW_INVALID',
    );
    refused(b, () => requestQuote(b, request({ dealers: [] }), T0), 'RFQ_DEALERS_INVALID');
    refused(b, () => requestQuote(b, request({ dealers: MAKERS }), T0), 'RFQ_DEALERS_INVALID');
    refused(
      b,
      () => requestQuote(b, request({ dealers: ['bank-a', 'bank-a'] }), T0),
      'RFQ_DEALERS_INVALID',
    );
    refused(
      b,
      () => requestQuote(b, request({ dealers: ['bank-a', 'broker-x'] }), T0),
      'RFQ_DEALER_NOT_MAKER',
    );
    must(requestQuote(b, request(), T0));
    refused(b, () => requestQuote(b, request(), T0), 'RFQ_ID_DUPLICATE');
    refused(b, () => requestQuote(b, request({ quote_req_id: 'R2' }), T0), 'RFQ_BOOK_FULL');
    refused(b, () => registerMaker(b, ''), 'RFQ_MAKER_INVALID');
  });

  it('refuses quotes from non-makers, uninvited or declined dealers, and bad quotes', () => {
    const b = book({ ...RFQ_PARAMS_DEFAULT, quotes_max: 2 });
    must(requestQuote(b, request(), T0));
    const at = T0 + S;
    refused(b, () => submitQuote(b, quote({ quote_req_id: 'R9' }), at), 'RFQ_UNKNOWN');
    refused(b, () => submitQuote(b, quote({ dealer: 'broker-x' }), at), 'RFQ_QUOTE_NOT_MAKER');
    refused(b, () => submitQuote(b, quote({ dealer: 'bank-d' }), at), 'RFQ_DEALER_NOT_INVITED');
    refused(b, () => submitQuote(b, quote({ px_e8: 0n }), at), 'RFQ_QUOTE_PRICE_INVALID');
    refused(
      b,
      () => submitQuote(b, quote({ valid_until_us: at }), at),
      'RFQ_QUOTE_VALIDITY_INVALID',
    );
    refused(
      b,
      () => submitQuote(b, quote({ valid_until_us: T0 + 61 * S }), at),
      'RFQ_QUOTE_VALIDITY_INVALID',
    );
    refused(b, () => submitQuote(b, quote(), T0 + 60 * S), 'RFQ_EXPIRED');
    must(submitQuote(b, quote(), at));
    refused(b, () => submitQuote(b, quote(), at), 'RFQ_QUOTE_ID_DUPLICATE');
    must(submitQuote(b, quote({ quote_id: 'Q-b', dealer: 'bank-b' }), at));
    refused(
      b,
      () => submitQuote(b, quote({ quote_id: 'Q-c', dealer: 'bank-c' }), at),
      'RFQ_QUOTES_FULL',
    );
    must(declineQuoteRequest(b, { quote_req_id: 'R1', dealer: 'bank-c', reason: 'too_late' }, at));
    const again = { quote_req_id: 'R1', dealer: 'bank-c', reason: 'other' } as const;
    refused(
      b,
      () => submitQuote(b, quote({ quote_id: 'Q-c', dealer: 'bank-c' }), at),
      'RFQ_DEALER_DECLINED',
    );
    refused(b, () => declineQuoteRequest(b, again, at), 'RFQ_DEALER_DECLINED');
  });

  it('refuses a decline from a dealer that quoted or with an unknown reason', () => {
    const b = quoted();
    refused(
      b,
      () =>
        declineQuoteRequest(
          b,
          { quote_req_id: 'R1', dealer: 'bank-a', reason: 'other' },
          T0 + 3 * S,
        ),
      'RFQ_DEALER_ALREADY_QUOTED',
    );
    refused(
      b,
      () =>
        declineQuoteRequest(
          b,
          { quote_req_id: 'R1', dealer: 'bank-c', reason: 'bored' as never },
          T0 + 3 * S,
        ),
      'RFQ_REJECT_REASON_INVALID',
    );
  });

  it('refuses acceptance of an expired quote, before and after time has been processed', () => {
    const b = quoted();
    refused(b, () => respondToQuotes(b, hit('Q-a'), T0 + 30 * S), 'RFQ_QUOTE_EXPIRED');
    expireRfqs(b, T0 + 31 * S);
    refused(b, () => respondToQuotes(b, hit('Q-a'), T0 + 31 * S), 'RFQ_QUOTE_EXPIRED');
    refused(b, () => respondToQuotes(b, hit('Q-a'), T0 + 60 * S), 'RFQ_EXPIRED');
  });

  it('refuses responses from others, unknown or replaced quotes, bad types, ended RFQs', () => {
    const b = quoted();
    const at = T0 + 3 * S;
    refused(
      b,
      () => respondToQuotes(b, hit('Q-a', { requester: 'bank-a' }), at),
      'RFQ_NOT_REQUESTER',
    );
    refused(b, () => respondToQuotes(b, hit('Q-z'), at), 'RFQ_QUOTE_UNKNOWN');
    refused(
      b,
      () => respondToQuotes(b, hit('Q-a', { quote_resp_type: 'counter' as never }), at),
      'RFQ_RESPONSE_TYPE_INVALID',
    );
    must(submitQuote(b, quote({ quote_id: 'Q-a2' }), at));
    refused(b, () => respondToQuotes(b, hit('Q-a'), at), 'RFQ_QUOTE_NOT_ACTIVE');
    must(respondToQuotes(b, hit('Q-a2'), at));
    refused(b, () => respondToQuotes(b, hit('Q-b'), at), 'RFQ_NOT_OPEN');
    refused(
      b,
      () => submitQuote(b, quote({ quote_id: 'Q-c', dealer: 'bank-c' }), at),
      'RFQ_NOT_OPEN',
    );
  });

  it('refuses to forget an open or unknown RFQ', () => {
    const b = quoted();
    refused(b, () => forgetRfq(b, 'R1'), 'RFQ_STILL_OPEN');
    refused(b, () => forgetRfq(b, 'R9'), 'RFQ_UNKNOWN');
  });
});
