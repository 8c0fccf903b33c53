import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { assertRefused, GREEN_USD_TERMS, wire } from '../bonds/testing.js';
import type { TestHub } from '../testing.js';
import {
  BN,
  CGB,
  draw,
  face,
  facilityMarket,
  OVERNIGHT_RATE_E12,
  rate,
  repay,
} from './facility_testing.js';

function drawn(t: TestHub, participant: string, command: ReturnType<typeof draw>) {
  const result = t.submit(participant, command);
  assert.equal(result.rejection?.code, undefined, result.rejection?.message);
  const event = result.events.find((e) => e.type === 'facility_drawn');
  assert.ok(event?.type === 'facility_drawn');
  return event.drawing;
}

const tick = wire({ type: 'hub.tick' });

const allocate = (bank: string, amount_minor: bigint) =>
  wire({
    type: 'financing.set_facility_allocation',
    bank,
    facility: 'trade',
    amount_minor: String(amount_minor),
  });

const trade = (extra: object) =>
  draw({ facility: 'trade', tenor: '3m', purpose: 'trade_finance', ...extra });

describe('HKMA facilities: the rules of the drawing date', () => {
  test('each RMB Liquidity Facility tenor on 5 Jan 2026: value and maturity dates, the rate', () => {
    const t = facilityMarket();
    const dates: Record<string, [string, string]> = {
      intraday: ['2026-01-05', '2026-01-05'],
      overnight: ['2026-01-05', '2026-01-06'],
      '1d': ['2026-01-06', '2026-01-07'],
      '1w': ['2026-01-06', '2026-01-13'],
      '2w': ['2026-01-06', '2026-01-20'],
      '1m': ['2026-01-06', '2026-02-06'],
    };
    for (const [tenor, [value_date, maturity_date]] of Object.entries(dates)) {
      const d = drawn(t, 'HSBC', draw({ drawing_id: `lf-${tenor}`, tenor }));
      assert.deepEqual([d.value_date, d.maturity_date], [value_date, maturity_date], tenor);
      // Intraday at the three-day average, every other tenor at the average + 50 bp.
      assert.equal(d.rate_e12, tenor === 'intraday' ? 16_166_666_667n : OVERNIGHT_RATE_E12);
    }
    assertRefused(
      t,
      'HSBC',
      draw({ drawing_id: 'lf-3m', tenor: '3m' }),
      'FACILITY_TENOR_NOT_OFFERED',
    );
  });

  test('before 9 Oct 2025 the 2-week and 1-month tenors are refused; 1-week is offered', () => {
    const t = facilityMarket('2025-06-02');
    assertRefused(t, 'HSBC', draw({ tenor: '2w' }), 'FACILITY_TENOR_NOT_OFFERED');
    assertRefused(t, 'HSBC', draw({ tenor: '1m' }), 'FACILITY_TENOR_NOT_OFFERED');
    const d = drawn(t, 'HSBC', draw({ tenor: '1w' }));
    assert.deepEqual([d.value_date, d.maturity_date], ['2025-06-03', '2025-06-10']);
  });

  test('the trade facility: SHIBOR + 25 bp on 2 Jun 2025, SHIBOR alone on 5 Jan 2026', () => {
    const before = facilityMarket('2025-06-02');
    before.accept('operator', allocate('HSBC', BN));
    const tflf = drawn(before, 'HSBC', trade({}));
    assert.equal(tflf.rate_e12, 19_000_000_000n, '1.65 % + 0.25 %');
    assert.deepEqual([tflf.value_date, tflf.maturity_date], ['2025-06-03', '2025-09-03']);
    const onlend = trade({ drawing_id: 'd-2', purpose: 'intragroup_onlending' });
    assertRefused(before, 'HSBC', onlend, 'FACILITY_PURPOSE_NOT_ELIGIBLE');
    const after = facilityMarket();
    after.accept('operator', allocate('HSBC', BN));
    const rbf = drawn(after, 'HSBC', trade({ purpose: 'capex_working_capital' }));
    assert.equal(rbf.rate_e12, 16_500_000_000n);
    // 6 Apr 2026 and 7 Apr are Hong Kong holidays: the following business day.
    assert.deepEqual([rbf.value_date, rbf.maturity_date], ['2026-01-06', '2026-04-08']);
    const six = drawn(after, 'HSBC', trade({ drawing_id: 'd-6m', tenor: '6m' }));
    assert.deepEqual([six.rate_e12, six.maturity_date], [17_000_000_000n, '2026-07-06']);
  });

  test('the trade facility does not exist before 28 Feb 2025', () => {
    const t = facilityMarket('2025-02-03');
    assertRefused(t, 'operator', allocate('HSBC', BN), 'FACILITY_NOT_IN_FORCE');
    assertRefused(t, 'HSBC', trade({}), 'FACILITY_NOT_IN_FORCE');
  });

  test("a bank's allocation of the trade facility, and the facility's total", () => {
    const t = facilityMarket();
    assertRefused(t, 'HSBC', allocate('HSBC', BN), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', allocate('NOBODY', BN), 'FACILITY_BANK_UNKNOWN');
    t.accept('operator', allocate('HSBC', 60n * BN));
    assertRefused(t, 'operator', allocate('BOCHK', 41n * BN), 'FACILITY_ALLOCATION_TOTAL_EXCEEDED');
    t.accept('operator', allocate('HSBC', BN / 100n)); // CNH 10 m
    drawn(t, 'HSBC', trade({ amount_minor: String(BN / 200n) }));
    const more = trade({ drawing_id: 'd-2', amount_minor: String(BN / 200n + 1n) });
    assertRefused(t, 'HSBC', more, 'FACILITY_ALLOCATION_EXCEEDED');
    assertRefused(
      t,
      'BOCHK',
      trade({ bank: 'BOCHK', drawing_id: 'd-3' }),
      'FACILITY_ALLOCATION_EXCEEDED',
    );
    assertRefused(t, 'operator', allocate('HSBC', BN / 200n - 1n), 'FACILITY_LIMIT_BELOW_DRAWN');
    assertRefused(
      t,
      'HSBC',
      trade({ drawing_id: 'd-4', purpose: undefined }),
      'FACILITY_PURPOSE_REQUIRED',
    );
    assertRefused(
      t,
      'HSBC',
      trade({ drawing_id: 'd-5', plp_line: true }),
      'FACILITY_PLP_LINE_RMB_LF_ONLY',
    );
  });

  test('the overnight total per day (RMB 10 bn from 9 Oct 2025), PLP lines outside it', () => {
    const t = facilityMarket();
    const overnight = (id: string, amount: bigint, extra: object = {}) =>
      draw(
        { drawing_id: id, tenor: 'overnight', amount_minor: String(amount), ...extra },
        face(110_000_000n),
      );
    drawn(t, 'HSBC', overnight('o-1', 9n * BN));
    assertRefused(
      t,
      'BOCHK',
      overnight('o-2', 2n * BN, { bank: 'BOCHK' }),
      'FACILITY_OVERNIGHT_TOTAL_EXCEEDED',
    );
    drawn(t, 'BOCHK', overnight('o-3', BN, { bank: 'BOCHK' }));
    // BOCHK's own PLP line of RMB 2 bn does not count against the day's total.
    t.accept(
      'operator',
      wire({ type: 'financing.set_plp_line', bank: 'BOCHK', amount_minor: String(2n * BN) }),
    );
    drawn(t, 'BOCHK', overnight('o-4', 2n * BN, { bank: 'BOCHK', plp_line: true }));
    const beyond = overnight('o-5', 1n, { bank: 'BOCHK', plp_line: true });
    assertRefused(t, 'BOCHK', beyond, 'FACILITY_PLP_LINE_EXCEEDED');
    // The next day the total is there again, whatever is still to be repaid.
    t.now_us = timestampAt('2026-01-06', '10:00');
    t.accept('operator', repay('o-1'));
    drawn(t, 'HSBC', overnight('o-6', 10n * BN));
  });

  test('the intraday total (RMB 30 bn from 9 Oct 2025) and the 23:30 cut-off', () => {
    const t = facilityMarket();
    const intraday = (id: string, amount: bigint) =>
      draw({ drawing_id: id, tenor: 'intraday', amount_minor: String(amount) }, face(320_000_000n));
    drawn(t, 'HSBC', intraday('i-1', 29n * BN));
    assertRefused(t, 'HSBC', intraday('i-2', 2n * BN), 'FACILITY_INTRADAY_TOTAL_EXCEEDED');
    t.accept('HSBC', repay('i-1'));
    t.now_us = timestampAt('2026-01-05', '23:29');
    drawn(t, 'HSBC', intraday('i-3', BN));
    t.now_us = timestampAt('2026-01-05', '23:45');
    t.accept('operator', tick);
    assertRefused(t, 'HSBC', intraday('i-4', BN), 'FACILITY_INTRADAY_CUTOFF_PASSED');
  });

  test('PLP lines: PLPs only, RMB 20 bn in all', () => {
    const t = facilityMarket();
    const line = (bank: string, amount: bigint) =>
      wire({ type: 'financing.set_plp_line', bank, amount_minor: String(amount) });
    assertRefused(t, 'HSBC', line('HSBC', BN), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', line('SCBHK', BN), 'FACILITY_NOT_PLP');
    t.accept('operator', line('HSBC', 15n * BN));
    assertRefused(t, 'operator', line('BOCHK', 6n * BN), 'FACILITY_PLP_LINES_EXCEEDED');
    t.accept('operator', line('BOCHK', 5n * BN));
    assertRefused(t, 'SCBHK', draw({ bank: 'SCBHK', plp_line: true }), 'FACILITY_NOT_PLP');
    drawn(t, 'HSBC', draw({ plp_line: true }));
    assertRefused(t, 'operator', line('HSBC', BN / 100n - 1n), 'FACILITY_LIMIT_BELOW_DRAWN');
  });

  test('collateral: eligible kinds only, covering the amount after the haircut', () => {
    const t = facilityMarket();
    t.accept('operator', wire({ type: 'bonds.register', terms: GREEN_USD_TERMS }));
    const green = draw({
      collateral: [{ isin: GREEN_USD_TERMS.isin, face_minor: '10000', px_e8: '10000000000' }],
    });
    assertRefused(t, 'HSBC', green, 'COLLATERAL_NOT_ELIGIBLE');
    // CNY 12 m of the CGB at 105.12 with 136 days accrued, less 8 %: 1,173,866,399 fen.
    assertRefused(t, 'HSBC', draw({ amount_minor: '1173866400' }), 'COLLATERAL_INSUFFICIENT');
    assertRefused(t, 'HSBC', draw({}, '1200005000'), 'FACILITY_COLLATERAL_FACE_INVALID');
    assertRefused(t, 'HSBC', draw({ collateral: undefined }), 'FACILITY_COLLATERAL_REQUIRED');
    const d = drawn(t, 'HSBC', draw({ amount_minor: '1173866399' }));
    const [c] = d.collateral;
    assert.ok(c !== undefined);
    assert.deepEqual(
      [c.value_minor, c.haircut_ppm, c.value_after_haircut_minor, c.units],
      [1_275_941_739n, 80_000, 1_173_866_399n, 120_000n],
    );
  });

  test('every other refusal changes nothing', () => {
    const t = facilityMarket();
    assertRefused(t, 'SCBHK', draw(), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', draw({ bank: 'NOBODY' }), 'FACILITY_BANK_UNKNOWN');
    assertRefused(t, 'HSBC', draw({ amount_minor: '0' }), 'FACILITY_AMOUNT_INVALID');
    assertRefused(
      t,
      'HSBC',
      draw({ form: 'fx_swap', collateral: undefined }),
      'FACILITY_FORM_NOT_OFFERED',
    );
    const swap = (extra: object) => trade({ form: 'fx_swap', collateral: undefined, ...extra });
    t.accept('operator', allocate('HSBC', BN));
    assertRefused(t, 'HSBC', trade({ form: 'fx_swap' }), 'FACILITY_FORM_INVALID');
    assertRefused(t, 'HSBC', swap({ hkd_rate_e12: '0' }), 'FACILITY_FX_RATE_REQUIRED');
    assertRefused(t, 'HSBC', swap({ fx_rate_e8: '108500000' }), 'FACILITY_HKD_RATE_REQUIRED');
    assertRefused(t, 'HSBC', repay('none'), 'FACILITY_DRAWING_UNKNOWN');
    assertRefused(
      t,
      'HSBC',
      draw({
        collateral: [{ isin: CGB, face_minor: '1200000000', px_e8: '10512000000' }],
        bank: 'SCBHK',
      }),
      'NOT_AUTHORIZED',
    );
    // SCBHK holds no CGB: it has no holding account to deliver from.
    assertRefused(t, 'operator', draw({ bank: 'SCBHK' }), 'FACILITY_ACCOUNT_MISSING');
    drawn(t, 'HSBC', draw());
    assertRefused(t, 'HSBC', draw(), 'FACILITY_DRAWING_EXISTS');
    assertRefused(t, 'HSBC', repay(), 'FACILITY_NOT_DUE');
    assertRefused(t, 'SCBHK', repay(), 'NOT_AUTHORIZED');
    t.now_us = timestampAt('2026-01-10', '10:00'); // a Saturday
    t.accept('operator', tick);
    assertRefused(t, 'HSBC', draw({ drawing_id: 'd-sat' }), 'FACILITY_NOT_BUSINESS_DAY');
  });

  test('reference rates: published by the operator once per date, the latest three used', () => {
    const t = facilityMarket('2026-01-05');
    assertRefused(t, 'HSBC', rate('SHIBOR_1M', '2026-01-05', '1'), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', rate('SHIBOR_1M', '2026-01-04', '1'), 'FACILITY_RATE_EXISTS');
    assertRefused(
      t,
      'operator',
      rate('SHIBOR_1M', '2026-01-06', '1'),
      'FACILITY_RATE_DATE_IN_FUTURE',
    );
    assertRefused(
      t,
      'operator',
      rate('SHIBOR_1M', '2026-01-05', '1000000000001'),
      'FACILITY_RATE_INVALID',
    );
    // A new fixing today moves the three-day average: 1.60, 1.75 and 2.05 % → 1.80 %.
    t.accept('operator', rate('CNH_HIBOR_ON', '2026-01-05', '20500000000'));
    const d = drawn(t, 'HSBC', draw({ tenor: 'intraday' }));
    assert.equal(d.rate_e12, 18_000_000_000n);
    // Eleven days on, the newest fixing is too old to price a drawing.
    t.now_us = timestampAt('2026-01-16', '10:00');
    t.accept('operator', tick);
    assertRefused(t, 'HSBC', draw({ drawing_id: 'd-2' }), 'FACILITY_RATE_MISSING');
  });
});
