/**
 * What a sensible investor knows before sending an order: Northbound ST shares are sell-only,
 * ChiNext and STAR buys are for institutional professionals, STAR buys start at 200 shares, and
 * you can only sell what you held this morning (no short selling; no Northbound day trading).
 * The simulator's investors follow these rules most of the time, so the hub's refusals stay the
 * exception they are in a real market.
 * @module
 */

import { cashAccountId, securitiesAccountId } from '../../hub/accounts.js';
import type { HubState } from '../../hub/index.js';
import { marketDate } from '../../kernel/time.js';
import { postedBalance } from '../../ledger/index.js';
import type { Trader } from './cast.js';

export interface Plan {
  readonly side: 'buy' | 'sell';
  readonly quantity_units: number;
}

/** Market dates of buys an investor keeps counting against its cash (T+2 and a day's margin). */
const SPENT_DATES = 3;

export class TraderKnowledge {
  /** Units each owner has sold today per instrument, and the date they count for. */
  private sold_today = new Map<string, number>();
  private date = '';
  /**
   * Cash each owner committed to buys, per market date, for the last SPENT_DATES dates: buys
   * settle their cash T+1 (Mainland) or T+2 (Hong Kong), so the posted balance does not show them
   * yet, and an investor who counted only it would spend the same money twice and fail
   * settlement short of cash.
   */
  private spent = new Map<string, Map<string, bigint>>();

  /**
   * True when `owner` can pay `notional_minor` of `asset` from its cash account after what it
   * bought in the last few days; records the spend when it can. No cash account: not checked.
   */
  afford(state: HubState, owner: string, asset: string, notional_minor: bigint): boolean {
    this.rollDate(state);
    const account = state.ledger.accounts.get(cashAccountId(owner, asset));
    if (account === undefined) return true;
    const key = `${owner}|${asset}`;
    let committed = 0n;
    for (const by_owner of this.spent.values()) committed += by_owner.get(key) ?? 0n;
    if (postedBalance(account) - committed < notional_minor) return false;
    const today = this.spent.get(this.date) ?? new Map<string, bigint>();
    today.set(key, (today.get(key) ?? 0n) + notional_minor);
    this.spent.set(this.date, today);
    return true;
  }

  plan(
    state: HubState | null,
    trader: Trader,
    instrument: string,
    side: 'buy' | 'sell',
    quantity_units: number,
  ): Plan | null {
    if (state === null) return null;
    this.rollDate(state);
    const security = state.reference.securities.get(instrument);
    if (security === undefined) return null;
    if (side === 'sell') {
      const held = this.sellable(state, trader.owner, instrument);
      if (held >= quantity_units) return this.sell(trader.owner, instrument, quantity_units);
    }
    if (!this.mayBuy(state, trader, instrument)) return null;
    return { side: 'buy', quantity_units: Math.max(quantity_units, security.min_order_units ?? 0) };
  }

  private rollDate(state: HubState): void {
    const date = marketDate(state.now_us);
    if (date === this.date) return;
    this.date = date;
    this.sold_today = new Map();
    // Map order is insertion order: the oldest dates go first.
    for (const old of [...this.spent.keys()].slice(0, Math.max(0, this.spent.size - SPENT_DATES)))
      this.spent.delete(old);
  }

  private sellable(state: HubState, owner: string, instrument: string): number {
    const security = state.reference.securities.get(instrument);
    if (security === undefined) return 0;
    const account_id = securitiesAccountId(state.reference, owner, security);
    const account = account_id === undefined ? undefined : state.ledger.accounts.get(account_id);
    const held = account === undefined ? 0 : Number(postedBalance(account));
    return held - (this.sold_today.get(`${owner}|${instrument}`) ?? 0);
  }

  private sell(owner: string, instrument: string, quantity_units: number): Plan {
    const key = `${owner}|${instrument}`;
    this.sold_today.set(key, (this.sold_today.get(key) ?? 0) + quantity_units);
    return { side: 'sell', quantity_units };
  }

  private mayBuy(state: HubState, trader: Trader, instrument: string): boolean {
    const security = state.reference.securities.get(instrument);
    const investor = state.reference.investors.get(trader.owner);
    const broker = state.reference.parties.get(trader.participant);
    if (security === undefined || broker === undefined) return false;
    const northbound =
      (security.market === 'XSHG' || security.market === 'XSHE') && broker.jurisdiction !== 'CN';
    if (!northbound) return true;
    if (security.special_treatment !== 'none') return false;
    const growth = security.board === 'star' || security.board === 'chinext';
    return !growth || investor === undefined || investor.institutional;
  }
}
