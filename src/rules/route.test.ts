import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OrderRoute } from '../hub/market_events.js';
import { type RouteName, routeOf, setSouthboundChannel } from './index.js';
import { demoReference, must, order, readyState, SEC } from './testing.js';

const reference = demoReference();

// The rules' route names are the hub's, both ways.
const same: [RouteName, OrderRoute] extends [OrderRoute, RouteName] ? true : never = true;

describe('routeOf: the route comes from who submits, for whom, in what', () => {
  const state = readyState(reference);
  const cases: [string, Parameters<typeof order>[0], RouteName, number][] = [
    [
      'an HK broker’s client in an SSE stock goes Northbound via Shanghai',
      { participant: 'HARBOUR', owner: 'hk-retail-chan', instrument: SEC.MOUTAI },
      'northbound',
      0,
    ],
    [
      'a TTEP’s client in an SZSE stock goes Northbound via Shenzhen',
      { participant: 'PEAK', owner: 'hk-retail-wong', instrument: SEC.WULIANGYE },
      'northbound',
      1,
    ],
    [
      'a CCEP’s house order goes Northbound',
      { participant: 'HARBOUR', owner: 'HARBOUR', instrument: SEC.CSI300_ETF },
      'northbound',
      0,
    ],
    [
      'a Mainland broker’s client in an SEHK stock goes Southbound via the broker’s first channel',
      { participant: 'BUND', owner: 'cn-retail-zhang', instrument: SEC.TENCENT },
      'southbound',
      2,
    ],
    [
      'the client may name the Shenzhen channel',
      { participant: 'PEARL', owner: 'cn-inst-fund', instrument: SEC.TENCENT, channel: 'XSHE' },
      'southbound',
      3,
    ],
    [
      'a Mainland broker’s client on SSE is domestic',
      { participant: 'BUND', owner: 'cn-retail-zhang', instrument: SEC.MOUTAI },
      'domestic',
      -1,
    ],
    [
      'a QFII on SZSE is domestic',
      { participant: 'PEARL', owner: 'qfii-jp-bank', instrument: SEC.CATL },
      'domestic',
      -1,
    ],
    [
      'an HK broker’s client on SEHK is domestic',
      { participant: 'KOWLOON', owner: 'hk-retail-ho', instrument: SEC.TENCENT },
      'domestic',
      -1,
    ],
    [
      'the shared book through the local platform',
      { participant: 'HARBOUR', owner: 'hk-retail-chan', instrument: SEC.TOKEN_FUND, venue: 'HDX' },
      'vatp_local',
      -1,
    ],
    [
      'the shared book through the overseas affiliate',
      { participant: 'HARBOUR', owner: 'sg-inst-fund', instrument: SEC.TOKEN_FUND, venue: 'HDXG' },
      'vatp_affiliate',
      -1,
    ],
  ];
  for (const [name, fields, route, link_index] of cases) {
    test(name, () => {
      const result = routeOf(state, reference, order(fields));
      assert.ok(!('ok' in result), JSON.stringify(result));
      assert.deepEqual(result, { route, link_index });
    });
  }

  test('a registered channel decides, and the order’s own channel overrides it', () => {
    const s = readyState(reference);
    must(
      setSouthboundChannel(s, reference, {
        type: 'rules.set_southbound_channel',
        investor: 'cn-retail-zhang',
        channel: 'XSHE',
      }),
    );
    const o = order({ participant: 'BUND', owner: 'cn-retail-zhang', instrument: SEC.TENCENT });
    assert.deepEqual(routeOf(s, reference, o), { route: 'southbound', link_index: 3 });
    assert.deepEqual(routeOf(s, reference, { ...o, channel: 'XSHG' }), {
      route: 'southbound',
      link_index: 2,
    });
  });

  test('route names match the hub’s OrderRoute', () => {
    assert.equal(same, true);
  });
});
