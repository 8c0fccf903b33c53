/**
 * Financing as the API shows it (docs/financing.md §13): each open repo with its money to the day,
 * and, when the bonds domain has a closing valuation of its collateral, its exposure at that
 * valuation; exposures netted per pair; the PLPs. A viewer sees the repos it is a party to (or
 * acts for a party of); an operator every repo. Read-only, from the hub's state.
 * @module
 */

import { cleanPriceFromYield } from '../../bonds/index.js';
import {
  priceDifferentialMinor,
  type RepoTerms,
  transactionExposureMinor,
} from '../../financing/index.js';
import { dayNumber, marketDate } from '../../kernel/index.js';
import type { BondViewer } from '../bonds/views.js';
import type { HubState } from '../state.js';
import { marketValueInCash } from './repo.js';
import type { RepoRecord } from './state.js';

/**
 * The collateral valued at the latest price known for the repo: the bond's closing valuation
 * (`bonds.publish_valuation`), or the price its last margin call stated when that is newer.
 */
export interface RepoValuation {
  readonly source: 'closing_valuation' | 'margin_call';
  /** The valuation's own date (it may be an earlier day's close), or the call's market date. */
  readonly date: string;
  /** The call's time (a margin call), or null (a closing valuation). */
  readonly at_us: number | null;
  /** The closing valuation's yield; null for a margin call (it states a price, kept as value). */
  readonly yield_e12: bigint | null;
  /** The clean price at that yield, settling today, per 100 of face in 10^-8; null: a call. */
  readonly px_e8: bigint | null;
  /** Face × (clean + accrued today), in the repo's cash currency. */
  readonly market_value_minor: bigint;
  /**
   * What the buyer is owed net of cash margin, less the collateral after haircut: positive, the
   * seller owes margin; negative, the buyer does (GMRA haircut approach, docs/financing.md §2).
   */
  readonly exposure_minor: bigint;
}

export interface RepoView {
  readonly repo_id: string;
  readonly seller: string;
  readonly buyer: string;
  readonly isin: string;
  /** The bond's own currency, that of `face_minor` (the cash may be another). */
  readonly bond_currency: string;
  readonly face_minor: bigint;
  readonly currency: string;
  readonly purchase_date: string;
  /** Null: an open repo (no fixed end). */
  readonly repurchase_date: string | null;
  readonly rate_e12: bigint;
  readonly day_count: string;
  readonly haircut_ppm: number;
  readonly purchase_price_minor: bigint;
  /** Days from the purchase date to today. */
  readonly days: number;
  /** The term in days; null for an open repo. */
  readonly term_days: number | null;
  /** Purchase price plus the price differential to today. */
  readonly repurchase_price_today_minor: bigint;
  /** At the repurchase date; null for an open repo. */
  readonly repurchase_price_at_end_minor: bigint | null;
  /** Cash margin the buyer holds from the seller (negative: the seller holds the buyer's). */
  readonly cash_margin_minor: bigint;
  readonly minimum_transfer_minor: bigint;
  readonly rounding_minor: bigint;
  readonly fx_rate_e8: bigint | null;
  readonly start_trade_id: string;
  readonly valuation: RepoValuation | null;
}

/** A pair's repos netted (one currency): what margin maintenance would call on the pair. */
export interface PairExposure {
  readonly seller: string;
  readonly buyer: string;
  readonly currency: string;
  readonly repos: number;
  readonly purchase_price_minor: bigint;
  readonly repurchase_price_today_minor: bigint;
  readonly cash_margin_minor: bigint;
  /** Net of the repos with a valuation; null when none has one. */
  readonly exposure_minor: bigint | null;
  /** How many of the pair's repos have a valuation (and so are in `exposure_minor`). */
  readonly valued: number;
}

export function repoVisible(terms: RepoTerms, viewer: BondViewer): boolean {
  return viewer.all || viewer.sees(terms.seller) || viewer.sees(terms.buyer);
}

/**
 * The open repos the viewer may see, as a maturity ladder: by repurchase date (open repos last),
 * then purchase date, then id with its numbers compared as numbers (RP7141 before RP11945).
 */
export function listRepoViews(state: HubState, viewer: BondViewer): RepoView[] {
  const today = marketDate(state.now_us);
  const end = (t: RepoTerms) => t.repurchase_date ?? '9999-12-31';
  return [...state.financing.repos.values()]
    .filter((r) => repoVisible(r.terms, viewer))
    .sort(
      (a, b) =>
        end(a.terms).localeCompare(end(b.terms)) ||
        a.terms.purchase_date.localeCompare(b.terms.purchase_date) ||
        compareIds(a.terms.repo_id, b.terms.repo_id),
    )
    .map((r) => repoView(state, r, today));
}

/** Ids compared with their digit runs as numbers; deterministic (no locale). */
function compareIds(a: string, b: string): number {
  const parts = (id: string) => id.split(/(\d+)/);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.min(pa.length, pb.length); i += 1) {
    const [x, y] = [pa[i] as string, pb[i] as string];
    if (x === y) continue;
    const numeric = i % 2 === 1;
    if (numeric && x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** One open repo, or undefined when there is none the viewer may see. */
export function findRepoView(
  state: HubState,
  repo_id: string,
  viewer: BondViewer,
): RepoView | undefined {
  const record = state.financing.repos.get(repo_id);
  if (record === undefined || !repoVisible(record.terms, viewer)) return undefined;
  return repoView(state, record, marketDate(state.now_us));
}

function repoView(state: HubState, record: RepoRecord, today: string): RepoView {
  const t = record.terms;
  const pp = record.purchase_price_minor;
  const days = Math.max(0, dayNumber(today) - dayNumber(t.purchase_date));
  const owed = (d: number) => pp + priceDifferentialMinor(pp, t.rate_e12, d, t.day_count);
  const term_days =
    t.repurchase_date === null ? null : dayNumber(t.repurchase_date) - dayNumber(t.purchase_date);
  const today_minor = owed(days);
  return {
    ...{ repo_id: t.repo_id, seller: t.seller, buyer: t.buyer, isin: t.isin },
    bond_currency: state.bonds.bonds.get(t.isin)?.terms.currency ?? '',
    ...{ face_minor: t.face_minor, currency: t.currency, purchase_date: t.purchase_date },
    ...{ repurchase_date: t.repurchase_date, rate_e12: t.rate_e12, day_count: t.day_count },
    ...{ haircut_ppm: t.haircut_ppm, purchase_price_minor: pp, days, term_days },
    repurchase_price_today_minor: today_minor,
    repurchase_price_at_end_minor: term_days === null ? null : owed(term_days),
    cash_margin_minor: record.cash_margin_minor,
    minimum_transfer_minor: record.margin_terms.minimum_transfer_minor,
    rounding_minor: record.margin_terms.rounding_minor,
    fx_rate_e8: record.fx_rate_e8,
    start_trade_id: record.start_trade_id,
    valuation: valuationOf(state, record, today, today_minor),
  };
}

/** The repo at its bond's latest closing valuation, or null when the bond has none. */
function valuationOf(
  state: HubState,
  record: RepoRecord,
  today: string,
  owed_minor: bigint,
): RepoValuation | null {
  const t = record.terms;
  const valuation = state.bonds.valuations.get(t.isin);
  const bond = state.bonds.bonds.get(t.isin);
  if (valuation === undefined || bond === undefined) return null;
  const px = cleanPriceFromYield(bond.schedule, dayNumber(today), valuation.yield_e12);
  if (!px.ok) return null;
  const value = marketValueInCash(state, t, px.value, record.fx_rate_e8, today);
  if (typeof value !== 'bigint') return null;
  const exposure_minor = transactionExposureMinor({
    repurchase_price_minor: owed_minor - record.cash_margin_minor,
    market_value_minor: value,
    haircut_ppm: t.haircut_ppm,
  });
  return {
    ...{ source: 'closing_valuation', date: valuation.date, at_us: null },
    ...{ yield_e12: valuation.yield_e12, px_e8: px.value },
    ...{ market_value_minor: value, exposure_minor },
  };
}

/**
 * The view revalued at its last margin call (the call's market value, in the cash currency),
 * for when the call is newer than the bond's closing valuation: the exposure left after it.
 */
export function revaluedAtCall(
  view: RepoView,
  call: { readonly market_value_minor: bigint; readonly timestamp_us: number },
): RepoView {
  const exposure_minor = transactionExposureMinor({
    repurchase_price_minor: view.repurchase_price_today_minor - view.cash_margin_minor,
    market_value_minor: call.market_value_minor,
    haircut_ppm: view.haircut_ppm,
  });
  return {
    ...view,
    valuation: {
      ...{ source: 'margin_call', date: marketDate(call.timestamp_us), at_us: call.timestamp_us },
      ...{ yield_e12: null, px_e8: null, market_value_minor: call.market_value_minor },
      exposure_minor,
    },
  };
}

/** The views netted per seller, buyer and cash currency, in the order the pairs first appear. */
export function pairExposures(views: readonly RepoView[]): PairExposure[] {
  const pairs = new Map<string, PairExposure>();
  for (const v of views) {
    const key = `${v.seller}\u0000${v.buyer}\u0000${v.currency}`;
    const p = pairs.get(key) ?? {
      ...{ seller: v.seller, buyer: v.buyer, currency: v.currency, repos: 0 },
      ...{ purchase_price_minor: 0n, repurchase_price_today_minor: 0n, cash_margin_minor: 0n },
      ...{ exposure_minor: null, valued: 0 },
    };
    const exposure = v.valuation?.exposure_minor;
    pairs.set(key, {
      ...p,
      repos: p.repos + 1,
      purchase_price_minor: p.purchase_price_minor + v.purchase_price_minor,
      repurchase_price_today_minor: p.repurchase_price_today_minor + v.repurchase_price_today_minor,
      cash_margin_minor: p.cash_margin_minor + v.cash_margin_minor,
      exposure_minor:
        exposure === undefined ? p.exposure_minor : (p.exposure_minor ?? 0n) + exposure,
      valued: p.valued + (exposure === undefined ? 0 : 1),
    });
  }
  return [...pairs.values()];
}

/** The operator's Primary Liquidity Providers, with their names (public). */
export function plpViews(state: HubState): Array<{ party: string; name: string }> {
  return [...state.financing.plps]
    .sort()
    .map((party) => ({ party, name: state.reference.parties.get(party)?.name ?? party }));
}
