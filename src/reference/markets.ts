/**
 * Markets (MIC-style codes), their boards and the kinds of instrument each lists.
 * @module
 */

/**
 * SSE, SZSE, SEHK, a licensed HK virtual-asset platform, the HKMA's bond CSD, and the China
 * interbank bond market (bilateral: no order book, no CCP; bonds held at CCDC or SHCH).
 */
export const MARKETS = ['XSHG', 'XSHE', 'XHKG', 'VATP', 'CMU', 'CIBM'] as const;
/** One of `MARKETS`. */
export type Market = (typeof MARKETS)[number];

/** Boards. `unlisted` is for instruments held in a CSD without an exchange listing (CMU bonds). */
export const BOARDS = ['main', 'star', 'chinext', 'gem', 'unlisted'] as const;
/** One of `BOARDS`. */
export type Board = (typeof BOARDS)[number];

/** What a security is: a share, an exchange-traded fund, a bond, or a token on a VATP. */
export const SECURITY_KINDS = ['stock', 'etf', 'bond', 'token'] as const;
/** One of `SECURITY_KINDS`. */
export type SecurityKind = (typeof SECURITY_KINDS)[number];

/** Mainland risk-alert flags: ST (特别处理) and *ST (delisting risk). */
export const SPECIAL_TREATMENTS = ['none', 'st', '*st'] as const;
/** One of `SPECIAL_TREATMENTS`. */
export type SpecialTreatment = (typeof SPECIAL_TREATMENTS)[number];

/**
 * The index or product class that puts an SEHK security under the volatility control mechanism
 * (HKEX VCM: HSI, HSCEI and Hang Seng Composite LargeCap/MidCap/SmallCap constituents, and listed
 * ETPs), which sets its trigger tier; `none` = no VCM. docs/market.md §5.
 */
export const VCM_INDICES = [
  'none',
  'hsi',
  'hscei',
  'hsci_largecap',
  'hsci_midcap',
  'hsci_smallcap',
  'etp',
] as const;
/** One of `VCM_INDICES`. */
export type VcmIndex = (typeof VCM_INDICES)[number];

/** What each market lists and how its symbols look. */
export interface MarketInfo {
  readonly code: Market;
  readonly name: string;
  readonly boards: readonly Board[];
  readonly kinds: readonly SecurityKind[];
  /** How a venue code (symbol) is written on this market. */
  readonly symbol_pattern: RegExp;
}

const MARKET_INFO: { readonly [code in Market]: MarketInfo } = {
  XSHG: {
    code: 'XSHG',
    name: 'Shanghai Stock Exchange',
    boards: ['main', 'star'],
    kinds: ['stock', 'etf', 'bond'],
    symbol_pattern: /^[0-9]{6}$/,
  },
  XSHE: {
    code: 'XSHE',
    name: 'Shenzhen Stock Exchange',
    boards: ['main', 'chinext'],
    kinds: ['stock', 'etf', 'bond'],
    symbol_pattern: /^[0-9]{6}$/,
  },
  XHKG: {
    code: 'XHKG',
    name: 'The Stock Exchange of Hong Kong',
    boards: ['main', 'gem'],
    kinds: ['stock', 'etf', 'bond'],
    symbol_pattern: /^[0-9]{4,5}$/, // written 0700 or 00700; the demo uses 4 digits
  },
  VATP: {
    code: 'VATP',
    name: 'A licensed Hong Kong virtual-asset trading platform',
    boards: ['main'],
    kinds: ['token'],
    symbol_pattern: /^[A-Z0-9][A-Z0-9.-]{0,19}$/,
  },
  CMU: {
    code: 'CMU',
    name: 'Central Moneymarkets Unit (HKMA bond CSD)',
    boards: ['unlisted'],
    kinds: ['bond'],
    symbol_pattern: /^[A-Z0-9][A-Z0-9.-]{0,19}$/,
  },
  CIBM: {
    code: 'CIBM',
    name: 'China Interbank Bond Market (bilateral; bonds held at CCDC or SHCH)',
    boards: ['unlisted'],
    kinds: ['bond'],
    symbol_pattern: /^[A-Z0-9][A-Z0-9.-]{0,19}$/,
  },
};

/**
 * The onshore CSDs of the interbank market: CCDC (China Central Depository & Clearing) and SHCH
 * (Shanghai Clearing House). Bond Connect settles DvP through CMU's nominee accounts at both
 * (bonds-financing-payments-scale.md §1).
 */
export const INTERBANK_CSDS = ['CCDC', 'SHCH'] as const;
/** One of `INTERBANK_CSDS`. */
export type InterbankCsd = (typeof INTERBANK_CSDS)[number];

/** Whether `code` is one of `MARKETS`. */
export function isMarket(code: unknown): code is Market {
  return typeof code === 'string' && (MARKETS as readonly string[]).includes(code);
}

/** The boards, kinds and symbol format of a market. */
export function marketInfo(code: Market): MarketInfo {
  return MARKET_INFO[code];
}

/** Whether the Mainland exchanges' rules (A shares, ST flags) apply. */
export function isMainlandExchange(code: Market): boolean {
  return code === 'XSHG' || code === 'XSHE';
}
