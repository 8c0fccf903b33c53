import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HubState } from '../../hub/index.js';
import { newOrderWire } from './order_entry.js';
import type { InboundMessage } from './types.js';

const TRACKER = 'HK2800008867';
/** Only what order_entry.ts reads of the hub's state: the securities. */
const STATE = {
  reference: {
    securities: new Map([[TRACKER, { id: TRACKER, symbol: '2800', price_scale: 3 }]]),
  },
} as unknown as HubState;

function message(extra: Record<string, unknown> = {}): InboundMessage {
  return {
    msg_type: 'D',
    seq_num: 2,
    fields: {
      ClOrdID: 'c-1',
      Account: 'hk-inst-insurer',
      Side: '1',
      OrdType: '2',
      Instrument: { Symbol: '2800' },
      OrderQtyData: { OrderQty: 500 },
      ...extra,
    },
    price_text: '25.500',
  };
}

function wireOf(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const translation = newOrderWire(STATE, message(extra));
  assert.ok(translation.ok, 'translated');
  return translation.wire;
}

describe('FIX NewOrderSingle to market.submit_order', () => {
  test('a plain limit order: the symbol resolved, the price in units, no optional keys', () => {
    assert.deepEqual(wireOf(), {
      type: 'market.submit_order',
      client_order_id: 'c-1',
      instrument: TRACKER,
      side: 'buy',
      order_type: 'limit',
      time_in_force: 'day',
      post_only: false,
      price_units: 25_500,
      quantity_units: 500,
      owner: 'hk-inst-insurer',
    });
  });

  test('ExecInst (18) makes it post-only when 6 is among its values', () => {
    assert.equal(wireOf({ ExecInst: '6' }).post_only, true);
    assert.equal(wireOf({ ExecInst: 'G 6' }).post_only, true);
    assert.equal(wireOf({ ExecInst: 'G' }).post_only, false);
    assert.equal(wireOf({ ExecInst: '' }).post_only, false);
  });

  test('the optional fields come over only when sent', () => {
    const wire = wireOf({
      ExDestination: 'XHKG',
      HutongBCAN: 'BCAN000001',
      HutongSouthboundChannel: 'XSHG',
      HutongStpMode: 'cancel_incoming',
    });
    assert.equal(wire.venue, 'XHKG');
    assert.equal(wire.bcan, 'BCAN000001');
    assert.equal(wire.channel, 'XSHG');
    assert.equal(wire.stp_mode, 'cancel_incoming');
    const only_venue = wireOf({ ExDestination: 'XHKG' });
    assert.equal(only_venue.venue, 'XHKG');
    for (const key of ['bcan', 'channel', 'stp_mode']) assert.ok(!(key in only_venue), key);
  });

  test('refusals name the FIX field', () => {
    const refused = (extra: Record<string, unknown>) => {
      const translation = newOrderWire(STATE, message(extra));
      assert.ok(!translation.ok, 'refused');
      return translation.rejection;
    };
    assert.match(refused({ Side: '5' }).message, /^Side \(54\)/);
    assert.match(refused({ Account: undefined }).message, /^Account \(1\)/);
    assert.match(refused({ OrdType: '3' }).message, /^OrdType \(40\)/);
    assert.match(refused({ TimeInForce: '6' }).message, /^TimeInForce \(59\)/);
    assert.equal(refused({ Side: '5' }).code, 'INVALID_REQUEST');
  });
});
