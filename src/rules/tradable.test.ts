import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tradability, tradability } from './index.js';
import { demoReference, fingerprint, readyState, SEC } from './testing.js';

const reference = demoReference();

function of(list: Tradability[], instrument: string): Tradability {
  const found = list.find((t) => t.instrument === instrument);
  assert.ok(found, instrument);
  return found;
}

describe('tradability: what a broker’s client may trade, for order tickets', () => {
  const state = readyState(reference);

  test('a Hong Kong client trades A shares Northbound with the BCAN its broker mapped', () => {
    const list = tradability(state, reference, 'HARBOUR', 'hk-retail-chan');
    const moutai = of(list, SEC.MOUTAI);
    assert.equal(moutai.route, 'northbound');
    assert.equal(moutai.link, 'sh_northbound');
    assert.equal(moutai.bcan, '1000000001');
    assert.deepEqual([moutai.buy.allowed, moutai.sell.allowed], [true, true]);
    const tencent = of(list, SEC.TENCENT);
    assert.deepEqual([tencent.route, tencent.bcan, tencent.buy.allowed], ['domestic', null, true]);
  });

  test('a retail client may sell but not buy STAR shares Northbound', () => {
    const smic = of(tradability(state, reference, 'HARBOUR', 'hk-retail-chan'), SEC.SMIC);
    assert.equal(smic.buy.allowed, false);
    assert.equal(smic.buy.code, 'INSTITUTIONAL_PROFESSIONAL_ONLY');
    assert.equal(smic.sell.allowed, true);
    const fund = of(tradability(state, reference, 'HARBOUR', 'hk-inst-fund'), SEC.SMIC);
    assert.equal(fund.buy.allowed, true);
  });

  test('a broker without China Connect has no route to the Mainland; CMU bonds have none', () => {
    const list = tradability(state, reference, 'KOWLOON', 'KOWLOON');
    const moutai = of(list, SEC.MOUTAI);
    assert.equal(moutai.route, null);
    assert.equal(moutai.buy.code, 'NOT_CONNECT_PARTICIPANT');
    assert.equal(moutai.sell.code, 'NOT_CONNECT_PARTICIPANT');
    assert.equal(of(list, SEC.GREEN_BOND).buy.code, 'ROUTE_NOT_AVAILABLE');
  });

  test('a shared book lists its venues, the local platform first', () => {
    const token = of(tradability(state, reference, 'HARBOUR', 'hk-retail-chan'), SEC.TOKEN_FUND);
    assert.equal(token.route, 'vatp_local');
    assert.deepEqual(token.venues, ['HDX', 'HDXG']);
  });

  test('a Mainland client trades Hong Kong shares Southbound, with no BCAN', () => {
    const tencent = of(tradability(state, reference, 'BUND', 'cn-retail-zhang'), SEC.TENCENT);
    assert.deepEqual(
      [tencent.route, tencent.link, tencent.bcan],
      ['southbound', 'sh_southbound', null],
    );
    assert.equal(tencent.buy.allowed, true);
  });

  test('a client of another broker has no route', () => {
    const other = of(tradability(state, reference, 'HARBOUR', 'hk-retail-wong'), SEC.TENCENT);
    assert.equal(other.route, null);
    assert.equal(other.buy.code, 'OWNER_NOT_CLIENT');
  });

  test('reading it leaves the rules state as it was', () => {
    const before = fingerprint(state);
    tradability(state, reference, 'BUND', 'cn-retail-zhang');
    tradability(state, reference, 'HARBOUR', 'hk-retail-chan');
    assert.equal(fingerprint(state), before);
  });
});
