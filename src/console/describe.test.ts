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
});
