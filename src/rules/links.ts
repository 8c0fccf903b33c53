/**
 * The four Stock Connect links and the constants they run on.
 *
 * A link is one exchange pair in one direction: Shanghai Connect and Shenzhen Connect, each
 * Northbound (Hong Kong and overseas investors trading SSE/SZSE securities through SEHK) and
 * Southbound (Mainland investors trading SEHK securities through SSE/SZSE). Each link has its own
 * daily quota (connect-rules.md §1.2). Links are indexed 0–3 so per-link state lives in arrays.
 * @module
 */

import { assert } from '../kernel/index.js';

/** The four links, in index order. */
export const LINKS = ['sh_northbound', 'sz_northbound', 'sh_southbound', 'sz_southbound'] as const;
/** One of `LINKS`. */
export type Link = (typeof LINKS)[number];

/** Northbound: into SSE/SZSE; Southbound: into SEHK. */
export type Direction = 'northbound' | 'southbound';

/** The Mainland exchange of a link: its market for Northbound, its channel for Southbound. */
export type MainlandMarket = 'XSHG' | 'XSHE';

/** How an order reached its book; the same names as `OrderRoute` in src/hub/market_events.ts. */
export type RouteName = 'domestic' | 'northbound' | 'southbound' | 'vatp_local' | 'vatp_affiliate';

/** The figures of Stock Connect the rules run on, each traced in docs/connect-rules.md. */
export const CONNECT_CONSTANTS = {
  /** RMB 52 bn per Northbound link, from 1 May 2018 (SFC 18PR39) [P]. */
  northbound_daily_quota_minor: 5_200_000_000_000n,
  /** RMB 42 bn per Southbound link, from 1 May 2018 (SFC 18PR39) [P]. */
  southbound_daily_quota_minor: 4_200_000_000_000n,
  /** The balance is shown only as "sufficient" while at least 30 % remains (2024 change) [S]. */
  disclosure_threshold_percent: 30n,
  /** Southbound individuals: RMB 500,000 of 20-day average assets [P]. */
  southbound_individual_assets_min_minor: 50_000_000n,
  /** One foreign investor: at most 10 % of the shares in issue [S]. */
  single_foreign_limit_ppm: 100_000,
  /** All foreign investors together: at most 30 % [S]. */
  aggregate_foreign_limit_ppm: 300_000,
  /** RMB has two decimal places: every quota figure is in fen. */
  rmb_scale: 2,
} as const;

/** What a link is: its index, direction and Mainland exchange. */
export interface LinkInfo {
  readonly link: Link;
  readonly index: number;
  readonly direction: Direction;
  readonly mainland_market: MainlandMarket;
  readonly default_daily_quota_minor: bigint;
}

const INFO: readonly LinkInfo[] = LINKS.map((link, index) => {
  const direction: Direction = link.endsWith('northbound') ? 'northbound' : 'southbound';
  return Object.freeze({
    link,
    index,
    direction,
    mainland_market: link.startsWith('sh') ? 'XSHG' : 'XSHE',
    default_daily_quota_minor:
      direction === 'northbound'
        ? CONNECT_CONSTANTS.northbound_daily_quota_minor
        : CONNECT_CONSTANTS.southbound_daily_quota_minor,
  });
});

/** The link's facts by name. */
export function linkInfo(link: Link): LinkInfo {
  return INFO[LINKS.indexOf(link)] as LinkInfo;
}

/** The link's facts by index (0–3). */
export function linkAt(index: number): LinkInfo {
  const info = INFO[index];
  if (info === undefined) assert(false, `no link ${index}`);
  return info;
}

/** The link of a direction through a Mainland exchange. */
export function linkFor(direction: Direction, market: MainlandMarket): LinkInfo {
  return INFO[(direction === 'northbound' ? 0 : 2) + (market === 'XSHG' ? 0 : 1)] as LinkInfo;
}

/** Whether a value names a link. */
export function isLink(value: unknown): value is Link {
  return typeof value === 'string' && (LINKS as readonly string[]).includes(value);
}
