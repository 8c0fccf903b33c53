/**
 * Who trades in the demo market, through whom, and where: the cast of the market simulator.
 * @module
 */

export interface Trader {
  /** The beneficial owner: an investor, or a party trading for its own house account. */
  readonly owner: string;
  /** The exchange participant (broker, market maker or platform) that submits the orders. */
  readonly participant: string;
  /** Markets this trader's orders go to. */
  readonly markets: readonly string[];
  /** Typical order size in board lots. */
  readonly lots_typical: number;
}

/** Market makers quote two-sided on every book of their markets. */
export const MARKET_MAKERS: readonly Trader[] = [
  { owner: 'LUJIAZUI', participant: 'LUJIAZUI', markets: ['XSHG', 'XSHE'], lots_typical: 10 },
  { owner: 'LIONROCK', participant: 'LIONROCK', markets: ['XHKG'], lots_typical: 10 },
  // The Hong Kong platform makes the shared book's market; its affiliate takes (below).
  { owner: 'HDX', participant: 'HDX', markets: ['VATP'], lots_typical: 2_000 },
];

/** Investors taking liquidity: home market, Northbound and Southbound. */
export const INVESTORS: readonly Trader[] = [
  {
    owner: 'hk-retail-chan',
    participant: 'HARBOUR',
    markets: ['XHKG', 'XSHG', 'XSHE'],
    lots_typical: 2,
  },
  { owner: 'hk-retail-wong', participant: 'PEAK', markets: ['XHKG', 'XSHG'], lots_typical: 2 },
  { owner: 'hk-retail-li', participant: 'HARBOUR', markets: ['XHKG'], lots_typical: 1 },
  { owner: 'hk-retail-ho', participant: 'KOWLOON', markets: ['XHKG'], lots_typical: 1 },
  { owner: 'hk-pro-lam', participant: 'HARBOUR', markets: ['XHKG', 'XSHE'], lots_typical: 5 },
  {
    owner: 'hk-inst-fund',
    participant: 'HARBOUR',
    markets: ['XSHG', 'XSHE', 'XHKG'],
    lots_typical: 20,
  },
  { owner: 'hk-inst-insurer', participant: 'PEAK', markets: ['XSHG', 'XHKG'], lots_typical: 20 },
  { owner: 'sg-inst-fund', participant: 'HARBOUR', markets: ['XSHG', 'XHKG'], lots_typical: 15 },
  { owner: 'cn-retail-zhang', participant: 'BUND', markets: ['XSHG', 'XSHE'], lots_typical: 2 },
  { owner: 'cn-retail-liu', participant: 'PEARL', markets: ['XSHG', 'XSHE'], lots_typical: 2 },
  { owner: 'cn-pro-zhao', participant: 'BUND', markets: ['XSHG', 'XHKG'], lots_typical: 5 },
  { owner: 'cn-inst-fund', participant: 'PEARL', markets: ['XSHE', 'XHKG'], lots_typical: 20 },
  { owner: 'qfii-us-pension', participant: 'BUND', markets: ['XSHG', 'XSHE'], lots_typical: 30 },
  { owner: 'qfii-jp-bank', participant: 'PEARL', markets: ['XSHG'], lots_typical: 15 },
  // The overseas affiliate takes the tokenized fund for its house account on the shared book
  // (the demo has no VATP investors). One owner per role: a platform that both quoted and took
  // would cancel large quotes right after small fills on the other side, which is what spoofing
  // looks like to surveillance.
  { owner: 'HDXG', participant: 'HDXG', markets: ['VATP'], lots_typical: 1_000 },
];
