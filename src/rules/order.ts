/**
 * What the hub hands the rules for each order, and the context it runs in.
 * @module
 */

import { US_PER_DAY, US_PER_MINUTE, UTC_OFFSET_MINUTES_CHINA } from '../kernel/index.js';
import type { Investor, Party, ReferenceState } from '../reference/index.js';
import type { Link } from './links.js';
import type { RouteOrder } from './route.js';
import type { OrderTypeName } from './windows.js';

/** An order as the rules see it (the hub's `market.submit_order` plus the submitting participant). */
export interface RulesOrder extends RouteOrder {
  readonly side: 'buy' | 'sell';
  readonly order_type: OrderTypeName;
  readonly time_in_force: 'day' | 'gtc' | 'ioc' | 'fok';
  /** Limit price in the instrument's price unit. */
  readonly price_units: number;
  readonly quantity_units: number;
  /** Northbound: the investor's BCAN. */
  readonly bcan?: string | undefined;
}

/**
 * The trade-date position of `owner` in `instrument` through `link`: settled holdings plus
 * unsettled purchases minus unsettled sales of earlier days, in units. The rules ask once per
 * position per day, before any of that day's trades in it, and track the day's changes themselves.
 */
export type HoldingsLookup = (owner: string, instrument: string, link: Link) => number;

/** What an order is checked against. */
export interface RulesContext {
  readonly reference: ReferenceState;
  /** Hub time of the command (microseconds since the epoch). */
  readonly timestamp_us: number;
  readonly holdings: HoldingsLookup;
}

/** An order's beneficial owner: an investor, or the broker itself for a house order. */
export type Owner = Investor | Party;

/** Whether the owner is an investor (not a house order). */
export function isInvestor(owner: Owner): owner is Investor {
  return 'type' in owner;
}

/** Institutional professional investor: an institution or QFII; a broker's own house account. */
export function isInstitutionalProfessional(owner: Owner): boolean {
  return isInvestor(owner) ? owner.institutional : true;
}

/** The country of the owner's identity document (a party's is its jurisdiction). */
export function idDocumentCountry(owner: Owner): string {
  return isInvestor(owner) ? owner.id_document_country : owner.jurisdiction;
}

const OFFSET_US = UTC_OFFSET_MINUTES_CHINA * US_PER_MINUTE;

/** The local (UTC+8) day number of a timestamp, without building a date string. */
export function localDayNumber(timestamp_us: number): number {
  return Math.floor((timestamp_us + OFFSET_US) / US_PER_DAY);
}
