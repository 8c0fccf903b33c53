import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  investorInputSchema,
  partyInputSchema,
  registerInvestor,
  registerParty,
} from '../reference/index.js';
import { createRulesState, onDayStart, setBcanMappings } from './index.js';
import { checkCancel } from './pipeline.js';
import {
  at,
  check,
  DAY,
  Desk,
  demoReference,
  expectRefused,
  listEverything,
  must,
  nb,
  order,
  readyState,
  SEC,
  sb,
} from './testing.js';

const reference = demoReference();
const T = at('10:00');

describe('checkOrder: routes it cannot take', () => {
  const state = readyState(reference);
  const cases: [string, Parameters<typeof order>[0]][] = [
    [
      'UNKNOWN_SECURITY',
      { participant: 'HARBOUR', owner: 'hk-retail-chan', instrument: 'CNE000000000' },
    ],
    ['UNKNOWN_PARTY', { participant: 'NOBODY', owner: 'hk-retail-chan', instrument: SEC.MOUTAI }],
    ['UNKNOWN_OWNER', { participant: 'HARBOUR', owner: 'nobody', instrument: SEC.MOUTAI }],
    [
      'OWNER_NOT_CLIENT',
      { participant: 'HARBOUR', owner: 'cn-retail-zhang', instrument: SEC.MOUTAI },
    ],
    ['OWNER_NOT_CLIENT', { participant: 'HARBOUR', owner: 'PEAK', instrument: SEC.MOUTAI }],
    [
      'NOT_CONNECT_PARTICIPANT',
      { participant: 'KOWLOON', owner: 'hk-retail-ho', instrument: SEC.MOUTAI },
    ],
    ['ROUTE_NOT_AVAILABLE', { participant: 'HSBC', owner: 'HSBC', instrument: SEC.GREEN_BOND }],
    ['ROUTE_NOT_AVAILABLE', { participant: 'HDX', owner: 'HDX', instrument: SEC.MOUTAI }],
    ['ROUTE_NOT_AVAILABLE', { participant: 'HDX', owner: 'HDX', instrument: SEC.TENCENT }],
    [
      'VENUE_REQUIRED',
      { participant: 'HARBOUR', owner: 'hk-retail-chan', instrument: SEC.TOKEN_FUND },
    ],
    [
      'VENUE_UNKNOWN',
      {
        participant: 'HARBOUR',
        owner: 'hk-retail-chan',
        instrument: SEC.TOKEN_FUND,
        venue: 'HARBOUR',
      },
    ],
  ];
  for (const [code, fields] of cases) {
    test(`refuses with ${code} and changes nothing (${fields.participant} for ${fields.owner})`, () => {
      expectRefused(state, code, () => check(state, reference, order(fields), T));
    });
  }

  test('refuses CHANNEL_NOT_AVAILABLE for a channel the broker does not reach', () => {
    const ref = demoReference();
    must(
      registerParty(
        ref,
        partyInputSchema.parse({
          id: 'YANGTZE',
          name: 'Yangtze Securities (fictional)',
          roles: ['broker'],
          jurisdiction: 'CN',
          exchange_participant_of: ['XSHG'],
        }),
      ),
    );
    must(
      registerInvestor(
        ref,
        investorInputSchema.parse({
          id: 'cn-inst-yz',
          type: 'institutional',
          jurisdiction: 'CN',
          broker: 'YANGTZE',
          id_document_country: 'CN',
        }),
      ),
    );
    const s = readyState(ref);
    const o = sb('cn-inst-yz', 'YANGTZE', { instrument: SEC.TENCENT, channel: 'XSHE' });
    const details = expectRefused(s, 'CHANNEL_NOT_AVAILABLE', () => check(s, ref, o, T));
    assert.equal(details.channel, 'XSHE');
    assert.ok(check(s, ref, { ...o, channel: undefined }, T).ok, 'the broker’s own channel works');
  });
});

describe('checkOrder: the day and the clock', () => {
  test('refuses TRADING_DAY_NOT_STARTED for a time outside the started day', () => {
    const state = readyState(reference);
    const o = nb('hk-retail-chan', { instrument: SEC.MOUTAI });
    expectRefused(state, 'TRADING_DAY_NOT_STARTED', () =>
      check(state, reference, o, at('10:00', '2026-01-06')),
    );
    const fresh = createRulesState();
    expectRefused(fresh, 'TRADING_DAY_NOT_STARTED', () => check(fresh, reference, o, T));
  });

  test('refuses TRADING_DAY_OPEN for a second day start', () => {
    const state = readyState(reference);
    expectRefused(state, 'TRADING_DAY_OPEN', () => onDayStart(state, reference, '2026-01-06'));
  });

  test('refuses NOT_A_CONNECT_TRADING_DAY on Good Friday (Mainland open, Hong Kong closed)', () => {
    const state = readyState(reference, '2025-04-18');
    const nb_order = nb('hk-retail-chan', { instrument: SEC.MOUTAI });
    expectRefused(state, 'NOT_A_CONNECT_TRADING_DAY', () =>
      check(state, reference, nb_order, at('10:00', '2025-04-18')),
    );
    const domestic = order({
      participant: 'BUND',
      owner: 'cn-retail-zhang',
      instrument: SEC.MOUTAI,
    });
    assert.ok(
      check(state, reference, domestic, at('10:00', '2025-04-18')).ok,
      'domestic trading goes on',
    );
  });

  const windows: [string, string, ReturnType<typeof order>][] = [
    ['Northbound before 09:10', '09:05', nb('hk-retail-chan', { instrument: SEC.MOUTAI })],
    ['Northbound at lunch', '12:00', nb('hk-retail-chan', { instrument: SEC.MOUTAI })],
    ['Northbound after 15:00', '15:00', nb('hk-retail-chan', { instrument: SEC.MOUTAI })],
    [
      'Southbound 09:15–09:30',
      '09:20',
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, order_type: 'limit' }),
    ],
    [
      'Southbound 12:30–13:00 (cancels only)',
      '12:40',
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }),
    ],
    [
      'Southbound 16:00–16:01',
      '16:00',
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, order_type: 'limit' }),
    ],
  ];
  for (const [name, time, o] of windows) {
    test(`refuses OUTSIDE_ACCEPTANCE_WINDOW: ${name}`, () => {
      const state = readyState(reference);
      const details = expectRefused(state, 'OUTSIDE_ACCEPTANCE_WINDOW', () =>
        check(state, reference, o, at(time)),
      );
      assert.equal(typeof details.window, 'string');
    });
  }

  const types: [string, string, ReturnType<typeof order>][] = [
    [
      'a Northbound market order',
      '10:00',
      nb('hk-retail-chan', { instrument: SEC.MOUTAI, order_type: 'market' }),
    ],
    [
      'a Northbound GTC order',
      '10:00',
      nb('hk-retail-chan', { instrument: SEC.MOUTAI, time_in_force: 'gtc' }),
    ],
    [
      'a Southbound plain limit order in continuous trading',
      '10:00',
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, order_type: 'limit' }),
    ],
    [
      'a Southbound enhanced limit order in the opening auction',
      '09:05',
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }),
    ],
    [
      'a Southbound at-auction market order',
      '16:02',
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT, order_type: 'at_auction' }),
    ],
  ];
  for (const [name, time, o] of types) {
    test(`refuses ORDER_TYPE_NOT_ALLOWED: ${name}`, () => {
      const state = readyState(reference);
      expectRefused(state, 'ORDER_TYPE_NOT_ALLOWED', () => check(state, reference, o, at(time)));
    });
  }

  test('holds Northbound orders sent before the Mainland opens, and passes them on after', () => {
    const state = readyState(reference);
    const o = nb('hk-retail-chan', { instrument: SEC.MOUTAI });
    for (const [time, held, release] of [
      ['09:12', true, '09:15'],
      ['09:16', false, ''],
      ['09:27', true, '09:30'],
      ['12:56', true, '13:00'],
      ['14:58', false, ''],
    ] as const) {
      const decision = must(check(state, reference, o, at(time)));
      assert.equal(decision.held, held, time);
      assert.equal(
        decision.release_second,
        release === '' ? 0 : (at(release) - at('00:00')) / 1e6,
        time,
      );
    }
  });
});

describe('checkCancel', () => {
  const cases = [
    ['Northbound 09:20–09:25', 'nb', '09:16', '09:22', 'CANCEL_NOT_ALLOWED_NOW'],
    ['Northbound 14:57–15:00', 'nb', '14:00', '14:58', 'CANCEL_NOT_ALLOWED_NOW'],
    ['Northbound at lunch', 'nb', '11:00', '12:00', 'CANCEL_NOT_ALLOWED_NOW'],
    ['Southbound 09:15–09:30', 'sb', '09:05', '09:16', 'CANCEL_NOT_ALLOWED_NOW'],
    ['Southbound 12:00–12:30', 'sb', '11:00', '12:10', 'CANCEL_NOT_ALLOWED_NOW'],
    ['Southbound 16:06–16:10', 'sb', '15:00', '16:07', 'CANCEL_NOT_ALLOWED_NOW'],
    ['Northbound on the next day', 'nb', '10:00', 'next', 'TRADING_DAY_NOT_STARTED'],
  ] as const;
  for (const [name, direction, placed, cancelled, code] of cases) {
    test(`refuses ${code}: ${name}, and changes nothing`, () => {
      const state = readyState(reference);
      const desk = new Desk(state, reference);
      const o =
        direction === 'nb'
          ? nb('hk-retail-chan', { instrument: SEC.MOUTAI })
          : sb('cn-inst-fund', 'PEARL', {
              instrument: SEC.TENCENT,
              order_type: placed === '09:05' ? 'limit' : 'enhanced_limit',
            });
      const id = desk.accept(o, at(placed));
      const when = cancelled === 'next' ? at('10:00', '2026-01-06') : at(cancelled);
      expectRefused(state, code, () => checkCancel(state, when, id));
    });
  }

  test('holds cancels in the Northbound pre-open windows and passes others through', () => {
    const state = readyState(reference);
    const id = new Desk(state, reference).accept(
      nb('hk-retail-chan', { instrument: SEC.MOUTAI }),
      at('09:11'),
    );
    assert.deepEqual(must(checkCancel(state, at('09:12'), id)), {
      held: true,
      release_second: 9 * 3600 + 15 * 60,
      window: 'pre_opening_held',
    });
    assert.deepEqual(must(checkCancel(state, at('09:17'), id)), {
      held: false,
      release_second: 0,
      window: 'opening_call',
    });
    assert.deepEqual(must(checkCancel(state, at('09:17'), 123_456)), {
      held: false,
      release_second: 0,
      window: '',
    });
  });

  test('Southbound cancels are taken 12:30–13:00', () => {
    const state = readyState(reference);
    const id = new Desk(state, reference).accept(
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }),
      at('11:00'),
    );
    assert.equal(must(checkCancel(state, at('12:45'), id)).window, 'lunch_cancel_only');
  });
});

describe('checkOrder: investor identification (BCAN)', () => {
  const state = readyState(reference);
  test('refuses INVESTOR_ID_MISSING for a Northbound order without a BCAN, buy or sell', () => {
    for (const side of ['buy', 'sell'] as const) {
      const o = { ...nb('hk-retail-chan', { instrument: SEC.MOUTAI, side }), bcan: undefined };
      expectRefused(state, 'INVESTOR_ID_MISSING', () => check(state, reference, o, T));
    }
  });
  test('refuses INVESTOR_ID_NOT_MAPPED for a BCAN the broker never mapped', () => {
    const o = { ...nb('hk-retail-chan', { instrument: SEC.MOUTAI }), bcan: '1000000099' };
    expectRefused(state, 'INVESTOR_ID_NOT_MAPPED', () => check(state, reference, o, T));
  });
  test('refuses INVESTOR_ID_NOT_MAPPED before the mapping takes effect (T-1 cut-off)', () => {
    const s = createRulesState();
    listEverything(s, reference);
    must(
      setBcanMappings(
        s,
        reference,
        {
          type: 'rules.set_bcan_mappings',
          broker: 'HARBOUR',
          mappings: [{ bcan: '1000000001', investor: 'hk-retail-chan' }],
          removals: [],
        },
        at('08:00'),
      ),
    );
    must(onDayStart(s, reference, DAY));
    const details = expectRefused(s, 'INVESTOR_ID_NOT_MAPPED', () =>
      check(s, reference, nb('hk-retail-chan', { instrument: SEC.MOUTAI }), T),
    );
    assert.equal(details.effective_date, '2026-01-06');
  });
  test('refuses INVESTOR_ID_MISMATCH for another client’s BCAN', () => {
    const o = { ...nb('hk-retail-chan', { instrument: SEC.MOUTAI }), bcan: '1000000002' };
    const details = expectRefused(state, 'INVESTOR_ID_MISMATCH', () =>
      check(state, reference, o, T),
    );
    assert.equal(details.mapped_investor, 'hk-pro-lam');
  });
});
