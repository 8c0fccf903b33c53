import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

// The console's browser modules are plain ES modules: load them from the source tree.
const { describeEvent, genericText } = (await import(
  new URL('../../src/console/static/describe.js', import.meta.url).href
)) as {
  describeEvent: (e: Record<string, unknown>, lookup: unknown) => string;
  genericText: (e: Record<string, unknown>) => string;
};

const TENCENT = { id: 'KYG875721634', symbol: '0700', price_scale: 3 };
const lookup = {
  instrument: (id: string) => (id === TENCENT.id ? TENCENT : undefined),
  assetScale: (asset: string) => (asset === 'HKD' ? 2 : undefined),
};

describe('the event log’s sentences', () => {
  test('names instruments by symbol and prices in market units', () => {
    const text = describeEvent(
      {
        type: 'order_accepted',
        participant: 'HARBOUR',
        owner: 'hk-retail-chan',
        instrument: TENCENT.id,
        side: 'buy',
        price_units: 606_500,
        quantity_units: 1_000,
        route: 'domestic',
      },
      lookup,
    );
    assert.equal(text, 'HARBOUR buy 1,000 0700 @ 606.500 for hk-retail-chan (home market)');
  });

  test('a trade seen from one side says the counterparty is not shown', () => {
    const text = describeEvent(
      {
        type: 'trade',
        instrument: TENCENT.id,
        price_units: 606_500,
        quantity_units: 100,
        buyer: 'hk-retail-chan',
        buyer_participant: 'HARBOUR',
      },
      lookup,
    );
    assert.equal(
      text,
      '100 0700 @ 606.500: HARBOUR/hk-retail-chan bought from counterparty not shown',
    );
    assert.doesNotMatch(text, /undefined/);
  });

  test('amounts in the asset’s units; an unknown asset says its amount is in minor units', () => {
    const transfer = (asset: string) => ({
      type: 'transfer_created',
      transfer: {
        action: 'post',
        amount_minor: '150000',
        asset,
        debit_account_id: 'a',
        credit_account_id: 'b',
        code: 'dvp',
      },
    });
    assert.equal(describeEvent(transfer('HKD'), lookup), 'post 1,500.00 HKD: a → b (dvp)');
    assert.match(describeEvent(transfer('XYZ'), lookup), /150000 minor units XYZ/);
  });

  test('an event type the console does not know reads as its name and plain fields, not JSON', () => {
    const text = describeEvent(
      { type: 'margin_called', member: 'HARBOUR', amount: 5, detail: { nested: true } },
      lookup,
    );
    assert.equal(text, 'margin called: member HARBOUR, amount 5');
    assert.doesNotMatch(genericText({ type: 'x', a: { b: 1 } }), /[{}]/);
  });

  test('bond RFQs, quotes and trades: face and money to the cent, prices per 100', () => {
    const request = {
      quote_req_id: 'r1',
      requester: 'cn-inst-fund',
      side: 'buy',
      order_qty_minor: '100000000',
      security_id: 'HKHTGB25USD6',
      dealers: ['BOCHK', 'SCBHK'],
    };
    assert.equal(
      describeEvent({ type: 'rfq_requested', request, settlement_date: '2026-01-05' }, lookup),
      'RFQ r1: cn-inst-fund buys 1,000,000.00 face of HKHTGB25USD6 from BOCHK, SCBHK, settling 2026-01-05',
    );
    const quote = { quote_req_id: 'r1', quote_id: 'q1', dealer: 'BOCHK', px_e8: '9912500000' };
    assert.equal(
      describeEvent({ type: 'rfq_quote', requester: 'cn-inst-fund', quote }, lookup),
      'RFQ r1: BOCHK quotes 99.125 (q1)',
    );
    const report = {
      quote_req_id: 'r1',
      quote_id: 'q1',
      dealer: 'BOCHK',
      rfq_status: 'accepted',
      quote_state: 'not_taken',
    };
    assert.equal(
      describeEvent({ type: 'rfq_status', report }, lookup),
      'RFQ r1 accepted; quote q1 of BOCHK not taken',
    );
    const trade = {
      buyer: 'cn-inst-fund',
      seller: 'SCBHK',
      quantity_minor: '100000000',
      security_id: 'HKHTGB25USD6',
      px_e8: '9940000000',
      settlement_amount_minor: '99871688',
      currency: 'USD',
      settlement_date: '2026-01-05',
    };
    assert.equal(
      describeEvent({ type: 'bond_trade', trade }, lookup),
      'cn-inst-fund buys 1,000,000.00 face of HKHTGB25USD6 from SCBHK @ 99.40: 998,716.88 USD on 2026-01-05',
    );
  });
});
