import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkRulesInvariants,
  createRulesState,
  onDayStart,
  RULES_INPUT_SCHEMAS,
  RULES_LIMITS_DEFAULT,
  type SeedForeignHoldings,
  seedForeignHoldings,
  setBcanMappings,
  setDailyQuota,
  setEligibility,
  setFxRates,
  setSouthboundChannel,
  southboundReferenceAmount,
  southboundSettlementAmount,
} from './index.js';
import {
  at,
  check,
  DAY,
  Desk,
  demoReference,
  expectRefused,
  must,
  nb,
  quotaOf,
  readyState,
  SEC,
  sb,
} from './testing.js';

const reference = demoReference();

describe('rules.set_eligibility', () => {
  const bad: [string, string, string][] = [
    ['UNKNOWN_SECURITY', 'sh_northbound', 'CNE000000000'],
    ['ELIGIBILITY_MARKET_MISMATCH', 'sh_northbound', SEC.WULIANGYE],
    ['ELIGIBILITY_MARKET_MISMATCH', 'sz_southbound', SEC.MOUTAI],
    ['ELIGIBILITY_KIND_INVALID', 'sh_southbound', SEC.GREEN_BOND],
  ];
  for (const [code, link, instrument] of bad) {
    test(`refuses ${code} (${link}, ${instrument}) and changes nothing, even with good entries first`, () => {
      const state = createRulesState();
      const entries = [
        { link: 'sh_northbound' as const, instrument: SEC.MOUTAI, status: 'eligible' as const },
        { link: link as 'sh_northbound', instrument, status: 'eligible' as const },
      ];
      expectRefused(state, code, () =>
        setEligibility(state, reference, { type: 'rules.set_eligibility', entries }),
      );
    });
  }

  test('refuses ELIGIBILITY_FULL past the list bound', () => {
    const state = createRulesState({ ...RULES_LIMITS_DEFAULT, eligibility_per_link_max: 1 });
    const entries = [SEC.MOUTAI, SEC.PINGAN].map((instrument) => ({
      link: 'sh_northbound' as const,
      instrument,
      status: 'eligible' as const,
    }));
    expectRefused(state, 'ELIGIBILITY_FULL', () =>
      setEligibility(state, reference, { type: 'rules.set_eligibility', entries }),
    );
  });

  test('lists, makes sell-only and removes, per link', () => {
    const state = createRulesState();
    must(
      setEligibility(state, reference, {
        type: 'rules.set_eligibility',
        entries: [
          { link: 'sh_northbound', instrument: SEC.MOUTAI, status: 'eligible' },
          { link: 'sh_southbound', instrument: SEC.TENCENT, status: 'eligible' },
          { link: 'sh_northbound', instrument: SEC.MOUTAI, status: 'sell_only' },
        ],
      }),
    );
    assert.equal(state.eligibility[0]?.get(SEC.MOUTAI), 'sell_only');
    assert.equal(state.eligibility[2]?.get(SEC.TENCENT), 'eligible');
    assert.equal(state.eligibility[3]?.has(SEC.TENCENT), false);
    must(
      setEligibility(state, reference, {
        type: 'rules.set_eligibility',
        entries: [{ link: 'sh_northbound', instrument: SEC.MOUTAI, status: 'removed' }],
      }),
    );
    assert.equal(state.eligibility[0]?.size, 0);
  });
});

describe('rules.set_bcan_mappings', () => {
  const input = (
    mappings: { bcan: string; investor: string }[],
    removals: string[] = [],
    broker = 'HARBOUR',
  ) => ({ type: 'rules.set_bcan_mappings', broker, mappings, removals }) as const;
  const FRIDAY = at('17:00', '2026-01-02'); // Mainland closed: the next Connect day is Monday 5 Jan

  test('maps from the next Connect trading day and removes the same way', () => {
    const state = createRulesState();
    const result = must(
      setBcanMappings(
        state,
        reference,
        input([{ bcan: '1000000001', investor: 'hk-retail-chan' }]),
        FRIDAY,
      ),
    );
    assert.equal(result.effective_date, '2026-01-05');
    must(
      setBcanMappings(
        state,
        reference,
        input([{ bcan: '1000000001', investor: 'hk-retail-chan' }]),
        FRIDAY,
      ),
    );
    assert.equal(state.bcan.count, 1, 'the same mapping again is a no-op');
    must(setBcanMappings(state, reference, input([], ['1000000001']), at('16:00', DAY)));
    const mapping = state.bcan.by_broker.get('HARBOUR')?.get('1000000001');
    assert.equal(mapping?.retired_date, '2026-01-06');
    checkRulesInvariants(state);
  });

  test('the house account may have a BCAN of its own', () => {
    const state = createRulesState();
    must(
      setBcanMappings(
        state,
        reference,
        input([{ bcan: '1000000900', investor: 'HARBOUR' }]),
        FRIDAY,
      ),
    );
  });

  const cases: [string, ReturnType<typeof input>, boolean][] = [
    ['UNKNOWN_PARTY', input([{ bcan: '1', investor: 'hk-retail-chan' }], [], 'NOBODY'), false],
    [
      'BROKER_NOT_CONNECT_PARTICIPANT',
      input([{ bcan: '1', investor: 'hk-retail-ho' }], [], 'KOWLOON'),
      false,
    ],
    ['INVALID_BCAN', input([{ bcan: '01', investor: 'hk-retail-chan' }]), false],
    ['INVESTOR_NOT_CLIENT', input([{ bcan: '5', investor: 'hk-retail-wong' }]), false],
    ['BCAN_ALREADY_MAPPED', input([{ bcan: '1000000001', investor: 'hk-pro-lam' }]), true],
    [
      'BCAN_ALREADY_MAPPED',
      input([
        { bcan: '7', investor: 'hk-pro-lam' },
        { bcan: '7', investor: 'hk-inst-fund' },
      ]),
      false,
    ],
    ['INVESTOR_ALREADY_MAPPED', input([{ bcan: '1000000055', investor: 'hk-retail-chan' }]), true],
    ['BCAN_NOT_MAPPED', input([], ['1000000055']), true],
    ['CALENDAR_NOT_COVERED', input([{ bcan: '8', investor: 'hk-retail-chan' }]), false],
  ];
  for (const [code, attempt, seeded] of cases) {
    test(`refuses ${code} and changes nothing`, () => {
      const state = createRulesState();
      if (seeded)
        must(
          setBcanMappings(
            state,
            reference,
            input([{ bcan: '1000000001', investor: 'hk-retail-chan' }]),
            FRIDAY,
          ),
        );
      const when = code === 'CALENDAR_NOT_COVERED' ? at('10:00', '2027-12-31') : FRIDAY;
      expectRefused(state, code, () => setBcanMappings(state, reference, attempt, when));
    });
  }

  test('refuses BCAN_MAPPINGS_FULL past the bound', () => {
    const state = createRulesState({ ...RULES_LIMITS_DEFAULT, bcan_mappings_max: 1 });
    const attempt = input([
      { bcan: '1', investor: 'hk-retail-chan' },
      { bcan: '2', investor: 'hk-pro-lam' },
    ]);
    expectRefused(state, 'BCAN_MAPPINGS_FULL', () =>
      setBcanMappings(state, reference, attempt, FRIDAY),
    );
  });
});

describe('rules.set_fx_reference_rates and rules.set_fx_settlement_rates', () => {
  const ref = (date: string, rate_for_buys: string, rate_for_sells: string) =>
    ({ type: 'rules.set_fx_reference_rates', date, rate_for_buys, rate_for_sells }) as const;

  test('refuses INVALID_DATE, FX_RATE_INVALID and FX_RATES_INVERTED, changing nothing', () => {
    const state = createRulesState();
    expectRefused(state, 'INVALID_DATE', () =>
      setFxRates(state, ref('2026-02-30', '0.93', '0.91')),
    );
    expectRefused(state, 'FX_RATE_INVALID', () => setFxRates(state, ref(DAY, '0', '0.91')));
    expectRefused(state, 'FX_RATES_INVERTED', () => setFxRates(state, ref(DAY, '0.91', '0.93')));
  });

  test('refuses FX_REFERENCE_LOCKED once Southbound orders used today’s rates', () => {
    const state = readyState(reference);
    must(setFxRates(state, ref(DAY, '0.94', '0.90'))); // no Southbound order yet: replaced
    new Desk(state, reference).accept(
      sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }),
      at('10:00'),
    );
    expectRefused(state, 'FX_REFERENCE_LOCKED', () => setFxRates(state, ref(DAY, '0.95', '0.90')));
    must(setFxRates(state, ref('2026-01-06', '0.95', '0.90'))); // tomorrow's are fine
  });

  test('blocks RMB for a buy at the rate for buys, rounded up; values a sell rounded down', () => {
    const state = readyState(reference); // 0.9300 / 0.9100
    // 500 China Mobile at HKD 85.015 = HKD 42,507.500 → × 0.93 = RMB 39,531.975 → 3,953,198 fen
    assert.equal(must(southboundReferenceAmount(state, 'buy', 85_015, 500, 3)), 3_953_198n);
    // × 0.91 = RMB 38,681.825 → 3,868,182 fen
    assert.equal(must(southboundReferenceAmount(state, 'sell', 85_015, 500, 3)), 3_868_182n);
  });

  test('prices settlement at the day’s settlement rates, and refuses FX_SETTLEMENT_RATE_MISSING', () => {
    const state = readyState(reference);
    expectRefused(state, 'FX_SETTLEMENT_RATE_MISSING', () =>
      southboundSettlementAmount(state, DAY, 'buy', 620_000, 100, 3),
    );
    must(
      setFxRates(state, {
        type: 'rules.set_fx_settlement_rates',
        date: DAY,
        rate_for_buys: '0.92071',
        rate_for_sells: '0.92069',
      }),
    );
    // HKD 62,000.000 × 0.92071 = RMB 57,084.02 exactly; × 0.92069 = RMB 57,082.78
    assert.equal(must(southboundSettlementAmount(state, DAY, 'buy', 620_000, 100, 3)), 5_708_402n);
    assert.equal(must(southboundSettlementAmount(state, DAY, 'sell', 620_000, 100, 3)), 5_708_278n);
    // 1 share at HKD 0.011 × 0.92071 = RMB 0.01012781: buyer pays 2 fen, seller gets 1
    assert.equal(must(southboundSettlementAmount(state, DAY, 'buy', 11, 1, 3)), 2n);
    assert.equal(must(southboundSettlementAmount(state, DAY, 'sell', 11, 1, 3)), 1n);
  });

  test('keeps rates for a bounded number of dates', () => {
    const state = createRulesState();
    for (let day = 1; day <= 20; day += 1) {
      must(setFxRates(state, ref(`2026-03-${String(day).padStart(2, '0')}`, '0.93', '0.91')));
    }
    assert.equal(state.fx.reference.size, 16);
    assert.equal(state.fx.reference.has('2026-03-04'), false);
    assert.equal(state.fx.reference.has('2026-03-05'), true);
  });
});

describe('rules.set_daily_quota', () => {
  test('takes effect at the next day start', () => {
    const state = readyState(reference);
    must(
      setDailyQuota(
        state,
        {
          type: 'rules.set_daily_quota',
          link: 'sz_southbound',
          daily_quota_minor: 1_000n,
          effective: 'next_day',
        },
        at('10:00'),
      ),
    );
    assert.equal(quotaOf(state, 'sz_southbound').daily_quota_minor, 4_200_000_000_000n);
  });

  test('now: changes today’s quota and moves the balance by the difference', () => {
    const state = readyState(reference);
    new Desk(state, reference).accept(nb('hk-inst-fund', { instrument: SEC.PINGAN }), at('10:00'));
    must(
      setDailyQuota(
        state,
        {
          type: 'rules.set_daily_quota',
          link: 'sh_northbound',
          daily_quota_minor: 1_300_000_000_000n,
          effective: 'now',
        },
        at('10:01'),
      ),
    );
    const q = quotaOf(state, 'sh_northbound');
    assert.equal(q.daily_quota_minor, 1_300_000_000_000n);
    assert.equal(q.balance_minor, 1_300_000_000_000n - 10_000n);
    checkRulesInvariants(state);
  });

  test('refuses QUOTA_INVALID for a quota that is not positive', () => {
    const state = createRulesState();
    expectRefused(state, 'QUOTA_INVALID', () =>
      setDailyQuota(
        state,
        {
          type: 'rules.set_daily_quota',
          link: 'sh_northbound',
          daily_quota_minor: 0n,
          effective: 'now',
        },
        at('10:00'),
      ),
    );
  });
});

describe('rules.set_southbound_channel', () => {
  test('routes the investor’s Southbound orders through the registered channel', () => {
    const state = readyState(reference);
    must(
      setSouthboundChannel(state, reference, {
        type: 'rules.set_southbound_channel',
        investor: 'cn-inst-fund',
        channel: 'XSHE',
      }),
    );
    const decision = must(
      check(
        state,
        reference,
        sb('cn-inst-fund', 'PEARL', { instrument: SEC.TENCENT }),
        at('10:00'),
      ),
    );
    assert.equal(decision.link_index, 3);
  });

  test('refuses UNKNOWN_OWNER, CHANNEL_NOT_AVAILABLE and CHANNEL_REGISTRATIONS_FULL', () => {
    const state = createRulesState({ ...RULES_LIMITS_DEFAULT, channel_registrations_max: 1 });
    const input = (investor: string) =>
      ({ type: 'rules.set_southbound_channel', investor, channel: 'XSHE' }) as const;
    expectRefused(state, 'UNKNOWN_OWNER', () =>
      setSouthboundChannel(state, reference, input('nobody')),
    );
    expectRefused(state, 'CHANNEL_NOT_AVAILABLE', () =>
      setSouthboundChannel(state, reference, input('hk-retail-chan')),
    );
    must(setSouthboundChannel(state, reference, input('cn-inst-fund')));
    expectRefused(state, 'CHANNEL_REGISTRATIONS_FULL', () =>
      setSouthboundChannel(state, reference, input('cn-retail-zhang')),
    );
  });
});

describe('rules.seed_foreign_holdings', () => {
  test('refuses HOLDING_INVALID, UNKNOWN_OWNER and OWNERSHIP_LOTS_FULL, changing nothing', () => {
    const state = createRulesState({ ...RULES_LIMITS_DEFAULT, ownership_lots_max: 1 });
    const seed = (instrument: string, owner: string, units: bigint): SeedForeignHoldings => ({
      type: 'rules.seed_foreign_holdings',
      holdings: [{ instrument, owner, units }],
    });
    expectRefused(state, 'HOLDING_INVALID', () =>
      seedForeignHoldings(state, reference, seed(SEC.TENCENT, 'hk-inst-fund', 1n), 0),
    );
    expectRefused(state, 'HOLDING_INVALID', () =>
      seedForeignHoldings(state, reference, seed(SEC.CSI300_ETF, 'hk-inst-fund', 1n), 0),
    );
    expectRefused(state, 'HOLDING_INVALID', () =>
      seedForeignHoldings(state, reference, seed(SEC.MOUTAI, 'hk-inst-fund', 0n), 0),
    );
    expectRefused(state, 'UNKNOWN_OWNER', () =>
      seedForeignHoldings(state, reference, seed(SEC.MOUTAI, 'nobody', 1n), 0),
    );
    must(seedForeignHoldings(state, reference, seed(SEC.MOUTAI, 'hk-inst-fund', 1n), 0));
    expectRefused(state, 'OWNERSHIP_LOTS_FULL', () =>
      seedForeignHoldings(state, reference, seed(SEC.MOUTAI, 'hk-inst-fund', 1n), 0),
    );
  });

  test('refuses HOLDINGS_TOO_LARGE when holdings valid alone add up past the units in issue', () => {
    const state = createRulesState();
    const issued = reference.securities.get(SEC.MOUTAI)?.issued_units ?? 0n;
    const half = issued / 2n + 1n;
    const seed = (units: bigint[]): SeedForeignHoldings => ({
      type: 'rules.seed_foreign_holdings',
      holdings: units.map((u) => ({ instrument: SEC.MOUTAI, owner: 'hk-inst-fund', units: u })),
    });
    // Each near the safe-integer bound: the rules' one-number total would lose units.
    const safe = BigInt(Number.MAX_SAFE_INTEGER);
    expectRefused(state, 'HOLDINGS_TOO_LARGE', () =>
      seedForeignHoldings(state, reference, seed([safe, safe]), 0),
    );
    expectRefused(state, 'HOLDINGS_TOO_LARGE', () =>
      seedForeignHoldings(state, reference, seed([half, half]), 0),
    );
    must(seedForeignHoldings(state, reference, seed([half]), 0));
    expectRefused(state, 'HOLDINGS_TOO_LARGE', () =>
      seedForeignHoldings(state, reference, seed([half]), 0),
    );
  });
});

describe('operator input schemas (zod)', () => {
  test('parse wire JSON: amounts as digit strings become bigint, defaults fill in', () => {
    const quota = RULES_INPUT_SCHEMAS['rules.set_daily_quota'].parse({
      type: 'rules.set_daily_quota',
      link: 'sh_northbound',
      daily_quota_minor: '1300000000000',
    });
    assert.deepEqual(quota, {
      type: 'rules.set_daily_quota',
      link: 'sh_northbound',
      daily_quota_minor: 1_300_000_000_000n,
      effective: 'next_day',
    });
    const bcan = RULES_INPUT_SCHEMAS['rules.set_bcan_mappings'].parse({
      type: 'rules.set_bcan_mappings',
      broker: 'HARBOUR',
    });
    assert.deepEqual([bcan.mappings, bcan.removals], [[], []]);
  });

  test('refuse unknown fields, unknown links, bad rates and oversized batches', () => {
    const s = RULES_INPUT_SCHEMAS;
    assert.equal(
      s['rules.set_daily_quota'].safeParse({
        type: 'rules.set_daily_quota',
        link: 'sh_northbound',
        daily_quota_minor: '1',
        extra: 1,
      }).success,
      false,
    );
    assert.equal(
      s['rules.set_eligibility'].safeParse({
        type: 'rules.set_eligibility',
        entries: [{ link: 'hk_northbound', instrument: 'X', status: 'eligible' }],
      }).success,
      false,
    );
    assert.equal(
      s['rules.set_fx_reference_rates'].safeParse({
        type: 'rules.set_fx_reference_rates',
        date: DAY,
        rate_for_buys: '9.3e-1',
        rate_for_sells: '0.91',
      }).success,
      false,
    );
    const entries = Array.from({ length: 1_001 }, () => ({
      link: 'sh_northbound',
      instrument: 'X',
      status: 'eligible',
    }));
    assert.equal(
      s['rules.set_eligibility'].safeParse({ type: 'rules.set_eligibility', entries }).success,
      false,
    );
    assert.equal(
      s['rules.seed_foreign_holdings'].safeParse({
        type: 'rules.seed_foreign_holdings',
        holdings: [{ instrument: 'X', owner: 'Y', units: '-1' }],
      }).success,
      false,
    );
    assert.equal(
      s['rules.set_southbound_channel'].safeParse({
        type: 'rules.set_southbound_channel',
        investor: 'x',
        channel: 'XHKG',
      }).success,
      false,
    );
  });
});

describe('day start', () => {
  test('refuses INVALID_DATE and CALENDAR_NOT_COVERED', () => {
    const state = createRulesState();
    expectRefused(state, 'INVALID_DATE', () => onDayStart(state, reference, '2026-13-01'));
    expectRefused(state, 'CALENDAR_NOT_COVERED', () => onDayStart(state, reference, '2028-01-04'));
  });
});
