import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRulesInvariants, onDayEnd, onOrderAccepted, undoOrderAccepted } from './index.js';
import {
  at,
  check,
  Desk,
  demoReference,
  fingerprint,
  must,
  nb,
  quotaOf,
  readyState,
  SEC,
  sb,
  withQuota,
} from './testing.js';

const reference = demoReference();

describe('undoOrderAccepted: the book refused the order at once', () => {
  test('takes a buy back exactly: quota terms, closure, position and ownership as before', () => {
    const state = withQuota(reference, 1_000_000n);
    const before = fingerprint(state);
    const o = nb('hk-inst-fund', {
      instrument: SEC.PINGAN,
      price_units: 10_000,
      quantity_units: 100,
    });
    const decision = must(check(state, reference, o, at('10:00')));
    onOrderAccepted(state, o, 7, at('10:00'), decision);
    assert.equal(quotaOf(state, 'sh_northbound').buying_closed, true, 'this order closed buying');
    undoOrderAccepted(state, 7);
    assert.equal(fingerprint(state), before);
    checkRulesInvariants(state);
  });

  test('takes a sell back exactly', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference, { [`cn-inst-fund|${SEC.TENCENT}|sh_southbound`]: 100 });
    desk.accept(sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }), at('10:00'));
    const before = fingerprint(state);
    const id = desk.accept(
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, side: 'sell' }),
      at('10:01'),
    );
    undoOrderAccepted(state, id);
    assert.equal(fingerprint(state), before);
  });

  test('crashes if anything happened since (a bug in the caller)', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference);
    const id = desk.accept(nb('hk-inst-fund', { instrument: SEC.PINGAN }), at('10:00'));
    desk.trade(id, 900_000, 100, 100, at('10:01'));
    assert.throws(() => undoOrderAccepted(state, id), /undo only the last acceptance/);
  });
});

describe('onOrderAccepted', () => {
  test('crashes on a stale decision or a reused order id', () => {
    const state = readyState(reference);
    const a = nb('hk-inst-fund', { instrument: SEC.PINGAN });
    const b = nb('hk-inst-fund', { instrument: SEC.MOUTAI });
    const decision = must(check(state, reference, a, at('10:00')));
    must(check(state, reference, b, at('10:00')));
    assert.throws(() => onOrderAccepted(state, a, 1, at('10:00'), decision), /stale decision/);
    onOrderAccepted(state, b, 1, at('10:00'), must(check(state, reference, b, at('10:00'))));
    assert.throws(
      () =>
        onOrderAccepted(state, b, 1, at('10:00'), must(check(state, reference, b, at('10:00')))),
      /already followed/,
    );
  });

  test('a copied decision may be applied later', () => {
    const state = readyState(reference);
    const a = nb('hk-inst-fund', { instrument: SEC.PINGAN });
    const decision = { ...must(check(state, reference, a, at('10:00'))) };
    must(check(state, reference, nb('hk-inst-fund', { instrument: SEC.MOUTAI }), at('10:00')));
    onOrderAccepted(state, a, 1, at('10:00'), decision);
    assert.equal(state.orders.size, 1);
  });
});

describe('onDayEnd', () => {
  test('expires what is still open, releasing buy value, and empties today’s positions at the next start', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference);
    desk.accept(nb('hk-inst-fund', { instrument: SEC.PINGAN, quantity_units: 1_000 }), at('10:00'));
    const end = must(onDayEnd(state, reference, at('15:30')));
    assert.equal(end.expired_orders, 1);
    const q = end.quotas[0];
    assert.equal(q?.released_minor, 100_000n);
    assert.equal(q?.balance_minor, q?.daily_quota_minor);
    assert.equal(state.orders.size, 0);
    assert.equal(state.day.open, false);
    checkRulesInvariants(state);
  });
});
