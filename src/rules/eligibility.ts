/**
 * Eligible securities per link, as state the operator updates (connect-rules.md §1.1, §1.8,
 * §1.11): each link has its own list of stocks and ETFs. `eligible` trades both ways; `sell_only`
 * is a security removed from the list, which holders may still sell; absent means not tradable
 * through the link at all. On top of the list, reference data decides two Northbound cases: ST and
 * *ST shares are sell-only, and ChiNext and STAR shares may be bought only by institutional
 * professional investors.
 * @module
 */

/** A security's standing on one link's list. */
export type EligibilityStatus = 'eligible' | 'sell_only';

/** One list per link, indexed like `LINKS`. */
export type EligibilityLists = readonly Map<string, EligibilityStatus>[];

/** Four empty lists. */
export function createEligibilityLists(): Map<string, EligibilityStatus>[] {
  return [new Map(), new Map(), new Map(), new Map()];
}
