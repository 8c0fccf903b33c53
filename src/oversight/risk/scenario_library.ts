/**
 * The built-in scenarios (docs/risk.md §4): three historical episodes of the two markets and four
 * hypotheticals. Every figure is either taken from a cited index level or marked an assumption
 * in `source`; assumptions are round, illustrative numbers, not measurements.
 * @module
 */

import type { LiquidityShock, PriceMove, Scenario } from './types.js';

const NO_FREEZE: LiquidityShock = { repo_haircut_add_bp: 0, facility_draw_bp: 0 };

function equities(xshg_bp: number, xshe_bp: number, xhkg_bp: number): PriceMove[] {
  return [
    { market: 'XSHG', kind: 'equity', move_bp: xshg_bp },
    { market: 'XSHE', kind: 'equity', move_bp: xshe_bp },
    { market: 'XHKG', kind: 'equity', move_bp: xhkg_bp },
  ];
}

const A_SHARE_CRASH_2015: Scenario = {
  id: 'hist-2015-a-share-crash',
  name: 'A-share crash, June–July 2015',
  kind: 'historical',
  period: { start: '2015-06-12', end: '2015-07-08' },
  source:
    'SSE Composite −32 % and Shenzhen Composite −40 % from the 12 Jun 2015 peak (UK House of ' +
    'Lords Library briefing LIF-2015-0022, July 2015; SSE peak 5,166, profitconfidential.com, ' +
    'Aug 2015); Hang Seng ' +
    'closed 23,516.56 on 8 Jul 2015 (Xinhua, 8 Jul 2015); its 12 Jun level of about 27,000 and so ' +
    'the −13 % are an assumption. No FX or rate move: the CNY fixing change came on 11 Aug 2015.',
  shocks: {
    price_moves: equities(-3_200, -4_000, -1_300),
    fx_moves: [],
    rate_moves: [],
    liquidity: NO_FREEZE,
  },
};

const COVID_MARCH_2020: Scenario = {
  id: 'hist-2020-03-covid',
  name: 'COVID-19 sell-off, March 2020',
  kind: 'historical',
  period: { start: '2020-03-06', end: '2020-03-23' },
  source:
    'Hang Seng 26,146.67 on 6 Mar 2020 (9 Mar close 25,040.46 after a 1,106.21 fall, The Business ' +
    'Times, 9 Mar 2020) to 21,696.13 on 23 Mar 2020 (Xinhua, 23 Mar 2020): −17 %. SSE Composite ' +
    '3,034.51 on 6 Mar (same Business Times report); its 23 Mar level of about 2,660 and so the ' +
    '−12 % for both Mainland markets are an assumption. CNY and CNH −2 % against HKD (the yuan ' +
    'was 7.025 per USD on 18 Mar 2020, Reuters; the size is an assumption). Repo haircuts +200 bp ' +
    'for the dash for cash: an assumption.',
  shocks: {
    price_moves: equities(-1_200, -1_200, -1_700),
    fx_moves: [
      { currency: 'CNY', move_bp: -200 },
      { currency: 'CNH', move_bp: -200 },
    ],
    rate_moves: [],
    liquidity: { repo_haircut_add_bp: 200, facility_draw_bp: 0 },
  },
};

const RALLY_2024: Scenario = {
  id: 'hist-2024-rally',
  name: 'Stimulus rally, 24 September – 8 October 2024 (hits short positions)',
  kind: 'historical',
  period: { start: '2024-09-24', end: '2024-10-08' },
  source:
    'CSI 300 +15.7 % in the week of the 24 Sep 2024 measures, +8.48 % on 30 Sep and about +6 % on ' +
    '8 Oct (Shanghai Daily, shine.cn, 8 Oct 2024); "major indices have soared more than 25 %" ' +
    '(livemint.com, 3 Oct 2024): +30 % for both Mainland markets, a round figure. Hang Seng ' +
    'closed 23,099.78 on 7 Oct 2024 (Free Press Journal, 8 Oct 2024); its level of about 18,250 ' +
    'before the measures and so the +25 % are an assumption.',
  shocks: {
    price_moves: equities(3_000, 3_000, 2_500),
    fx_moves: [],
    rate_moves: [],
    liquidity: NO_FREEZE,
  },
};

const REVERSAL_2024: Scenario = {
  id: 'hist-2024-reversal',
  name: 'Reversal after the rally, 8–9 October 2024 (hits long positions)',
  kind: 'historical',
  period: { start: '2024-10-08', end: '2024-10-09' },
  source:
    'Hang Seng −9.41 % to 20,926.79 on 8 Oct 2024 (Free Press Journal, 8 Oct 2024). The Mainland ' +
    'markets fell on 9 Oct 2024; the −7 % for both is an assumption.',
  shocks: {
    price_moves: equities(-700, -700, -941),
    fx_moves: [],
    rate_moves: [],
    liquidity: NO_FREEZE,
  },
};

function cnhMove(sign: 1 | -1): Scenario {
  const word = sign < 0 ? 'down' : 'up';
  return {
    id: `hypo-cnh-${word}-5pct`,
    name: `Renminbi ${sign < 0 ? 'falls' : 'rises'} 5 % against HKD (CNH and CNY)`,
    kind: 'hypothetical',
    period: null,
    source: 'Hypothetical; the 5 % size is an assumption.',
    shocks: {
      price_moves: [],
      fx_moves: [
        { currency: 'CNH', move_bp: sign * 500 },
        { currency: 'CNY', move_bp: sign * 500 },
      ],
      rate_moves: [],
      liquidity: NO_FREEZE,
    },
  };
}

const RATES_UP_200: Scenario = {
  id: 'hypo-rates-up-200bp',
  name: 'Yields up 200 bp in every currency',
  kind: 'hypothetical',
  period: null,
  source: 'Hypothetical; the 200 bp parallel shift is the size named in issue 17.',
  shocks: { price_moves: [], fx_moves: [], rate_moves: [{ shift_bp: 200 }], liquidity: NO_FREEZE },
};

const LIQUIDITY_FREEZE: Scenario = {
  id: 'hypo-liquidity-freeze',
  name: 'Liquidity freeze: repo haircuts +10 points, half of each committed facility drawn',
  kind: 'hypothetical',
  period: null,
  source: 'Hypothetical; +1,000 bp on haircuts and a 50 % draw are assumptions.',
  shocks: {
    price_moves: [],
    fx_moves: [],
    rate_moves: [],
    liquidity: { repo_haircut_add_bp: 1_000, facility_draw_bp: 5_000 },
  },
};

export const BUILTIN_SCENARIOS: readonly Scenario[] = [
  A_SHARE_CRASH_2015,
  COVID_MARCH_2020,
  RALLY_2024,
  REVERSAL_2024,
  cnhMove(-1),
  cnhMove(1),
  RATES_UP_200,
  LIQUIDITY_FREEZE,
];
