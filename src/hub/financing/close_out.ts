/**
 * Close-out figures of a default (GMRA 2011 para 10): for each of the pair's repos the Default
 * Market Value of the bonds, the repurchase price to the day and the cash margin held, netted
 * across the repos into one sum per cash currency. The handler (default.ts) settles the sums.
 * @module
 */

import { dayNumber, type Rejection, reject } from '../../kernel/index.js';
import type { HubState } from '../state.js';
import type { CloseOutFigures } from './life_state.js';
import { marketValueInCash, repurchaseToDayMinor } from './repo.js';
import type { RepoRecord } from './state.js';

/** The open repos between two parties, either way round, in repo id order. */
export function pairRepos(state: HubState, party_a: string, party_b: string): RepoRecord[] {
  const repos: RepoRecord[] = [];
  for (const record of state.financing.repos.values()) {
    const { seller, buyer } = record.terms;
    const pair =
      (seller === party_a && buyer === party_b) || (seller === party_b && buyer === party_a);
    if (pair) repos.push(record);
  }
  return repos.sort((a, b) => (a.terms.repo_id < b.terms.repo_id ? -1 : 1));
}

/**
 * One repo closed out today. Title to the bonds is already the buyer's (classic repo): the buyer
 * keeps them at their Default Market Value instead of delivering equivalent bonds back. So the
 * seller owes the repurchase price, less that value, less the cash margin the buyer holds.
 */
export function closeOutFigures(
  state: HubState,
  record: RepoRecord,
  defaulter: string,
  px_e8: bigint,
  today: string,
): CloseOutFigures | Rejection {
  const { terms } = record;
  const dmv = marketValueInCash(state, terms, px_e8, record.fx_rate_e8, today);
  if (typeof dmv !== 'bigint') return dmv;
  const days = dayNumber(today) - dayNumber(terms.purchase_date);
  const price = repurchaseToDayMinor(record, days);
  const owed_by_seller = price - dmv - record.cash_margin_minor;
  return {
    ...{ repo_id: terms.repo_id, seller: terms.seller, buyer: terms.buyer, defaulter },
    ...{ currency: terms.currency, days, repurchase_price_minor: price },
    ...{ default_market_value_minor: dmv, cash_margin_minor: record.cash_margin_minor },
    owed_by_defaulter_minor: defaulter === terms.seller ? owed_by_seller : -owed_by_seller,
  };
}

/** The clean price of each bond: `px_e8` for the defaulted repo's own, the rest from `prices`. */
export function pricesByIsin(
  own_isin: string,
  px_e8: bigint,
  prices: readonly { readonly isin: string; readonly px_e8: bigint }[] | undefined,
): Map<string, bigint> {
  const by_isin = new Map<string, bigint>();
  for (const price of prices ?? []) by_isin.set(price.isin, BigInt(price.px_e8));
  by_isin.set(own_isin, px_e8);
  return by_isin;
}

/** Every repo's figures, or the first refusal (a bond without a price, a missing FX rate). */
export function allCloseOutFigures(
  state: HubState,
  repos: readonly RepoRecord[],
  defaulter: string,
  prices: ReadonlyMap<string, bigint>,
  today: string,
): CloseOutFigures[] | Rejection {
  const figures: CloseOutFigures[] = [];
  for (const record of repos) {
    const px_e8 = prices.get(record.terms.isin);
    if (px_e8 === undefined) {
      return reject('REPO_DEFAULT_PRICE_MISSING', 'Every bond of the pair needs a price', {
        repo_id: record.terms.repo_id,
        isin: record.terms.isin,
      });
    }
    const one = closeOutFigures(state, record, defaulter, px_e8, today);
    if (!('days' in one)) return one;
    figures.push(one);
  }
  return figures;
}

/** The net sum owed by the defaulter in each currency (negative: owed to it), sorted. */
export function netByCurrency(figures: readonly CloseOutFigures[]): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const f of figures)
    net.set(f.currency, (net.get(f.currency) ?? 0n) + f.owed_by_defaulter_minor);
  return new Map([...net.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
