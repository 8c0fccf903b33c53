import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  checkLiquidityDrawing,
  checkPlpCounterparty,
  checkRepoInForce,
  checkRepoTerms,
  checkReuse,
  checkTradeDrawing,
  liquidityFacilityOn,
  liquidityRateE12,
  marginCall,
  priceDifferentialMinor,
  purchasePriceMinor,
  type RepoTerms,
  repurchasePriceMinor,
  substitutionAllowed,
  type TradeDrawing,
  tradeFacilityOn,
  tradeFacilityRateE12,
} from './index.js';

const BN = 100_000_000_000n; // RMB 1 bn in fen
const code = (r: { code: string } | undefined) => r?.code;

describe('repo economics (GMRA, haircut approach): worked examples', () => {
  test('purchase price: market value less the haircut, rounded down', () => {
    // RMB 10,000,000.00 of bonds at a 2 % haircut: RMB 9,800,000.00.
    assert.equal(purchasePriceMinor(1_000_000_000n, 20_000), 980_000_000n);
    // One fen more of value: 980,000,000.98 fen, the lender lends the whole fen below.
    assert.equal(purchasePriceMinor(1_000_000_001n, 20_000), 980_000_000n);
  });

  test('price differential and repurchase price on ACT/365 and ACT/360', () => {
    // RMB 9.8 m at 1.85 % for 7 days, ACT/365: 18,130,000 × 7 / 365 = 347,698.63 fen → 347,699.
    assert.equal(priceDifferentialMinor(980_000_000n, 18_500_000_000n, 7, 'ACT/365F'), 347_699n);
    assert.equal(repurchasePriceMinor(980_000_000n, 18_500_000_000n, 7, 'ACT/365F'), 980_347_699n);
    // USD 1 m at 4.30 % for 30 days, ACT/360: 358,333.33 cents → 358,333.
    assert.equal(priceDifferentialMinor(100_000_000n, 43_000_000_000n, 30, 'ACT/360'), 358_333n);
  });

  test('a margin call after a price shock, in whole increments, above the minimum', () => {
    const terms = { minimum_transfer_minor: 1_000_000n, rounding_minor: 100_000n };
    // Day 7: owed 980,347,699; the bonds fell to RMB 9.9 m, worth 970,200,000 after the haircut.
    // Exposure 10,147,699 fen: the seller delivers RMB 102,000.00 of margin.
    const shock = { repurchase_price_minor: 980_347_699n, haircut_ppm: 20_000 };
    assert.deepEqual(marginCall([{ ...shock, market_value_minor: 990_000_000n }], terms), {
      from: 'seller',
      amount_minor: 10_200_000n,
    });
    // The bonds rose to RMB 10.1 m: 989,800,000 covers 9,452,301 fen too much; the buyer returns
    // RMB 95,000.00.
    assert.deepEqual(marginCall([{ ...shock, market_value_minor: 1_010_000_000n }], terms), {
      from: 'buyer',
      amount_minor: 9_500_000n,
    });
    // Below the minimum transfer amount: no call.
    const small = { ...shock, market_value_minor: 1_000_865_000n };
    assert.equal(marginCall([small], terms), null);
  });

  test('property: interest is never negative at a non-negative rate, and adds up over days', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 200_000_000_000n }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (price, rate, d1, d2) => {
          const one = priceDifferentialMinor(price, rate, d1, 'ACT/365F');
          const two = priceDifferentialMinor(price, rate, d2, 'ACT/365F');
          const both = priceDifferentialMinor(price, rate, d1 + d2, 'ACT/365F');
          assert.ok(one >= 0n && repurchasePriceMinor(price, rate, d1, 'ACT/365F') >= price);
          const gap = both - one - two;
          assert.ok(gap >= -1n && gap <= 1n, `rounding drift ${gap}`);
        },
      ),
    );
  });

  test('property: a call covers the net exposure by less than one increment', () => {
    const terms = { minimum_transfer_minor: 0n, rounding_minor: 10_000n };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            repurchase_price_minor: fc.bigInt({ min: 0n, max: 10n ** 12n }),
            market_value_minor: fc.bigInt({ min: 0n, max: 10n ** 12n }),
            haircut_ppm: fc.integer({ min: 0, max: 500_000 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (exposures) => {
          const call = marginCall(exposures, terms);
          let net = 0n;
          for (const e of exposures)
            net +=
              e.repurchase_price_minor - purchasePriceMinor(e.market_value_minor, e.haircut_ppm);
          if (call === null) return assert.equal(net, 0n);
          const size = net < 0n ? -net : net;
          assert.equal(call.from, net > 0n ? 'seller' : 'buyer');
          assert.ok(call.amount_minor >= size && call.amount_minor < size + terms.rounding_minor);
        },
      ),
    );
  });
});

describe('Northbound repo rules on their dates', () => {
  const terms: RepoTerms = {
    ...{ repo_id: 'r1', seller: 'fund', buyer: 'HSBC', isin: 'CND10000KX14' },
    ...{ face_minor: 1_000_000_000n, currency: 'CNH', purchase_date: '2025-09-01' },
    ...{ repurchase_date: '2025-09-08', rate_e12: 18_500_000_000n, day_count: 'ACT/365F' },
    haircut_ppm: 20_000,
  };

  test('launch, the currencies and re-use before and after 25 Aug 2025', () => {
    assert.equal(code(checkRepoInForce('2025-02-07', 'CNH')), 'REPO_NOT_IN_FORCE');
    assert.equal(checkRepoInForce('2025-02-10', 'CNH'), undefined);
    assert.equal(code(checkRepoInForce('2025-08-22', 'USD')), 'REPO_CURRENCY_NOT_ALLOWED');
    assert.equal(checkRepoInForce('2025-08-25', 'USD'), undefined);
    assert.equal(code(checkReuse('2025-08-22', 'otc_clear_margin')), 'REPO_REUSE_NOT_ALLOWED');
    assert.equal(checkReuse('2025-08-25', 'otc_clear_margin'), undefined);
    assert.equal(code(checkReuse('2025-09-01', 'securities_lending')), 'REPO_REUSE_NOT_ALLOWED');
  });

  test('a PLP on one side; the terms checked', () => {
    const plp = (party: string) => party === 'HSBC';
    assert.equal(checkPlpCounterparty('fund', 'HSBC', plp), undefined);
    assert.equal(code(checkPlpCounterparty('fund', 'other-fund', plp)), 'REPO_NO_PLP');
    assert.equal(checkRepoTerms(terms), undefined);
    assert.equal(code(checkRepoTerms({ ...terms, face_minor: 0n })), 'REPO_FACE_INVALID');
    assert.equal(code(checkRepoTerms({ ...terms, rate_e12: RATE_OVER })), 'REPO_RATE_INVALID');
    assert.equal(
      code(checkRepoTerms({ ...terms, haircut_ppm: 1_000_000 })),
      'REPO_HAIRCUT_INVALID',
    );
    const backwards = { ...terms, repurchase_date: '2025-09-01' };
    assert.equal(code(checkRepoTerms(backwards)), 'REPO_DATES_INVALID');
    assert.equal(checkRepoTerms({ ...terms, repurchase_date: null }), undefined, 'an open repo');
  });
});

const RATE_OVER = 1_000_000_000_001n;

describe('the HKMA facilities with the rules of their date', () => {
  test('RMB Liquidity Facility: tenors and the overnight total change on 9 Oct 2025', () => {
    assert.deepEqual(liquidityFacilityOn('2025-10-08')?.tenors, [
      'intraday',
      'overnight',
      '1d',
      '1w',
    ]);
    assert.equal(liquidityFacilityOn('2025-10-09')?.overnight_total_minor, 10n * BN);
    const two_weeks = { tenor: '2w' as const, amount_minor: BN, overnight_drawn_today_minor: 0n };
    assert.equal(
      code(checkLiquidityDrawing({ ...two_weeks, date: '2025-10-08' })),
      'FACILITY_TENOR_NOT_OFFERED',
    );
    assert.equal(checkLiquidityDrawing({ ...two_weeks, date: '2025-10-09' }), undefined);
    const overnight = { tenor: 'overnight' as const, amount_minor: 6n * BN };
    const busy = { ...overnight, overnight_drawn_today_minor: 5n * BN };
    assert.equal(checkLiquidityDrawing({ ...busy, date: '2025-10-08' }), undefined, '20 bn then');
    assert.equal(
      code(checkLiquidityDrawing({ ...busy, date: '2025-10-09' })),
      'FACILITY_OVERNIGHT_TOTAL_EXCEEDED',
    );
  });

  test('the overnight rate: three CNH HIBOR fixings averaged, plus 50 bp', () => {
    // (1.50 + 1.60 + 1.75) / 3 = 1.61666…% → 16,166,666,667 (half up), and 2.11666…% overnight.
    const fixings = [15_000_000_000n, 16_000_000_000n, 17_500_000_000n] as const;
    assert.equal(liquidityRateE12('intraday', fixings), 16_166_666_667n);
    assert.equal(liquidityRateE12('overnight', fixings), 21_166_666_667n);
  });

  test('trade financing: the TFLF, then the RMB Business Facility and its phases', () => {
    const drawing: TradeDrawing = {
      ...{ date: '2025-03-03', tenor: '3m', form: 'repo', purpose: 'trade_finance' },
      ...{ amount_minor: 5n * BN, allocation_minor: 10n * BN, drawn_minor: 0n },
    };
    assert.equal(
      code(checkTradeDrawing({ ...drawing, date: '2025-02-27' })),
      'FACILITY_NOT_IN_FORCE',
    );
    assert.equal(checkTradeDrawing(drawing), undefined);
    assert.equal(
      code(checkTradeDrawing({ ...drawing, tenor: '1w' })),
      'FACILITY_TENOR_NOT_OFFERED',
    );
    const capex = { ...drawing, purpose: 'capex_working_capital' as const };
    assert.equal(
      code(checkTradeDrawing({ ...capex, date: '2025-11-03' })),
      'FACILITY_PURPOSE_NOT_ELIGIBLE',
    );
    assert.equal(checkTradeDrawing({ ...capex, date: '2025-12-01' }), undefined);
    const over = { ...drawing, drawn_minor: 6n * BN };
    assert.equal(code(checkTradeDrawing(over)), 'FACILITY_ALLOCATION_EXCEEDED');
    // SHIBOR 3M at 1.65 %: 1.90 % under the TFLF, 1.65 % under the RBF.
    assert.equal(tradeFacilityRateE12('2025-06-02', 16_500_000_000n), 19_000_000_000n);
    assert.equal(tradeFacilityRateE12('2025-10-09', 16_500_000_000n), 16_500_000_000n);
    assert.equal(tradeFacilityOn('2025-10-08')?.name, 'TFLF');
    assert.equal(substitutionAllowed('2026-02-01'), false);
    assert.equal(substitutionAllowed('2026-02-02'), true);
  });
});
