/**
 * Demo securities. Real ISINs were recalled and their check digits verified (identifiers tests);
 * illustrative ones start with CNEHT or HKHT. Previous closes are round figures near late-2025
 * levels, and shares in issue are approximate: both are demo values, not market data.
 * @module
 */

import { assert, parseDecimal } from '../../kernel/index.js';
import type { SecurityInputJson } from '../commands.js';
import { parsePriceUnits } from '../ticks.js';

function price(text: string, price_scale: number): number {
  const units = parsePriceUnits(text, price_scale);
  assert(units !== undefined, `bad demo price ${text}`);
  return units;
}

/** A coupon written as a percentage ("3.633") in parts per million (36330), exactly. */
function couponPpm(percent: string): number {
  const ppm = parseDecimal(percent, 4);
  assert(ppm !== undefined, `bad demo coupon ${percent}`);
  return Number(ppm);
}

type AShare = Pick<
  SecurityInputJson,
  'id' | 'symbol' | 'name' | 'market' | 'board' | 'listing_date'
>;

function aShare(fields: AShare, close: string, issued_units: string): SecurityInputJson {
  return {
    ...fields,
    kind: 'stock',
    currency: 'CNY',
    lot_size: 100,
    price_scale: 2,
    tick_table: 'cn_a_share',
    previous_close_units: price(close, 2),
    issued_units,
  };
}

type HkListing = Pick<SecurityInputJson, 'id' | 'symbol' | 'name' | 'listing_date' | 'lot_size'>;

function hkStock(fields: HkListing, close: string): SecurityInputJson {
  return {
    ...fields,
    market: 'XHKG',
    board: 'main',
    kind: 'stock',
    currency: 'HKD',
    price_scale: 3,
    tick_table: 'hk_equity',
    previous_close_units: price(close, 3),
    // The demo's HK stocks are all Hang Seng Index constituents (±10 % VCM tier).
    vcm_index: 'hsi',
  };
}

/** A shares on SSE and SZSE (main, STAR, ChiNext), an ST stock and an ETF. */
export function demoMainlandSecurities(): SecurityInputJson[] {
  return [
    aShare(
      {
        id: 'CNE0000018R8',
        symbol: '600519',
        name: 'Kweichow Moutai',
        market: 'XSHG',
        board: 'main',
        listing_date: '2001-08-27',
      },
      '1460.00',
      '1256197800',
    ),
    aShare(
      {
        id: 'CNE000001R84',
        symbol: '601318',
        name: 'Ping An Insurance (Group) A',
        market: 'XSHG',
        board: 'main',
        listing_date: '2007-03-01',
      },
      '58.00',
      '18210234607',
    ),
    aShare(
      {
        id: 'CNE000000VQ8',
        symbol: '000858',
        name: 'Wuliangye Yibin',
        market: 'XSHE',
        board: 'main',
        listing_date: '1998-04-27',
      },
      '115.00',
      '3881608005',
    ),
    aShare(
      {
        id: 'CNE100003662',
        symbol: '300750',
        name: 'Contemporary Amperex Technology (CATL)',
        market: 'XSHE',
        board: 'chinext',
        listing_date: '2018-06-11',
      },
      '370.00',
      '4560000000',
    ),
    {
      // STAR: buy orders of at least 200 shares, then in steps of 1 share
      ...aShare(
        {
          id: 'CNE1000041W8',
          symbol: '688981',
          name: 'Semiconductor Manufacturing International (SMIC) A',
          market: 'XSHG',
          board: 'star',
          listing_date: '2020-07-16',
        },
        '115.00',
        '7990000000',
      ),
      lot_size: 1,
      min_order_units: 200,
    },
    {
      // Fictional risk-alert stock: the ISIN is illustrative and the symbol may not be free
      ...aShare(
        {
          id: 'CNEHT6059993',
          symbol: '605999',
          name: 'ST Hutong Textile (fictional)',
          market: 'XSHG',
          board: 'main',
          listing_date: '2021-06-01',
        },
        '3.12',
        '500000000',
      ),
      special_treatment: 'st',
    },
    {
      // A-share ETFs quote to RMB 0.001: price scale 3, every unit a tick. Illustrative ISIN.
      id: 'CNEHT5103008',
      symbol: '510300',
      name: 'Huatai-PineBridge CSI 300 ETF',
      market: 'XSHG',
      board: 'main',
      kind: 'etf',
      currency: 'CNY',
      lot_size: 100,
      price_scale: 3,
      tick_table: 'uniform',
      listing_date: '2012-05-28',
      previous_close_units: price('4.620', 3),
    },
  ];
}

/** Hong Kong stocks and the Tracker Fund. */
export function demoHongKongSecurities(): SecurityInputJson[] {
  return [
    hkStock(
      {
        id: 'KYG875721634',
        symbol: '0700',
        name: 'Tencent Holdings',
        listing_date: '2004-06-16',
        lot_size: 100,
      },
      '620.000',
    ),
    hkStock(
      {
        id: 'KYG017191142',
        symbol: '9988',
        name: 'Alibaba Group Holding',
        listing_date: '2019-11-26',
        lot_size: 100,
      },
      '155.000',
    ),
    hkStock(
      {
        id: 'GB0005405286',
        symbol: '0005',
        name: 'HSBC Holdings',
        listing_date: '1991-07-10',
        lot_size: 400,
      },
      '105.000',
    ),
    hkStock(
      {
        id: 'HK0941009539',
        symbol: '0941',
        name: 'China Mobile',
        listing_date: '1997-10-23',
        lot_size: 500,
      },
      '85.000',
    ),
    {
      ...hkStock(
        {
          id: 'HK2800008867',
          symbol: '2800',
          name: 'Tracker Fund of Hong Kong',
          listing_date: '1999-11-12',
          lot_size: 500,
        },
        '26.000',
      ),
      kind: 'etf',
      tick_table: 'hk_etp', // ETPs were left out of the 2025 spread reduction
      vcm_index: 'etp',
    },
  ];
}

/**
 * The HKSAR Government's tokenized green bonds of November 2025: four tranches settled through
 * CMU, each with a DTI. Amounts, tenors and coupons are the announced ones; the ISINs, DTIs,
 * issue date and lot are illustrative. One ledger unit is 1.00 of face value.
 */
export function demoGreenBonds(): SecurityInputJson[] {
  const tranche = (
    id: string,
    currency: string,
    years: number,
    coupon: string,
    issued_units: string,
    dti: string,
  ): SecurityInputJson => ({
    id,
    symbol: `HKGB25${currency}${years}Y`,
    name: `HKSAR Government Tokenised Green Bond 2025 ${currency} ${years}-year ${coupon}%`,
    market: 'CMU',
    board: 'unlisted',
    kind: 'bond',
    currency,
    lot_size: 10_000,
    price_scale: 3, // prices per 100 of face value, to 0.001
    tick_table: 'uniform',
    listing_date: '2025-11-19',
    dti,
    issued_units,
    issuer: 'HKSARG',
    bond: {
      coupon_ppm: couponPpm(coupon),
      maturity_date: `${2025 + years}-11-19`,
      face_value_minor: '100',
    },
  });
  return [
    tranche('HKHTGB25HKD0', 'HKD', 2, '2.5', '2500000000', 'HTGB25013'),
    tranche('HKHTGB25CNH6', 'CNH', 5, '1.9', '2500000000', 'HTGB25021'),
    tranche('HKHTGB25USD6', 'USD', 3, '3.633', '300000000', 'HTGB25030'),
    tranche('HKHTGB25EUR6', 'EUR', 4, '2.512', '300000000', 'HTGB2504X'),
  ];
}

/** A fictional tokenized money-market fund on the demo VATP, for the shared order book. */
export function demoTokens(): SecurityInputJson[] {
  return [
    {
      id: 'HKHTMMFTK016',
      symbol: 'HMMF',
      name: 'Harbour Tokenised HKD Money Market Fund (fictional)',
      market: 'VATP',
      board: 'main',
      kind: 'token',
      currency: 'HKD',
      lot_size: 1,
      price_scale: 4,
      tick_table: 'uniform',
      listing_date: '2025-12-01',
      previous_close_units: price('10.0000', 4),
      dti: 'HTMMF0012',
    },
  ];
}
