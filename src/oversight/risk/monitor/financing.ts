/**
 * Financing: the open repos (cash lent against bonds, GMRA haircut approach, docs/financing.md)
 * with their collateral's last market value and the cash margin held, and the HKMA facility
 * drawings outstanding. Leverage and the bilateral counterparty view are computed from these
 * when read; the opening and closing also feed the `repo` flows.
 * @module
 */

import { mulDiv } from '../../../kernel/money.js';
import { CURRENCY_CODES } from '../../../reference/index.js';
import type { MonitorReference } from './reference.js';
import { growBigint, growInt32, SlotPool } from './tables.js';

export const REPOS_MAX = 1 << 22;

export class FinancingBook {
  private readonly repos = new Map<string, number>();
  private readonly pool = new SlotPool('repos', REPOS_MAX);
  /** Per repo slot: the cash borrower (seller) and lender (buyer), as owner handles. */
  r_seller = new Int32Array(0);
  r_buyer = new Int32Array(0);
  /** Index in CURRENCY_CODES; -1 for a free slot. */
  r_currency = new Int32Array(0);
  readonly r_purchase_minor: bigint[] = [];
  readonly r_market_value_minor: bigint[] = [];
  /** Held by the buyer (+) or by the seller (−). */
  readonly r_cash_margin_minor: bigint[] = [];
  /** Drawings not repaid: id → [bank participant, CNH fen]. */
  readonly drawings = new Map<string, readonly [number, bigint]>();

  constructor(private readonly ref: MonitorReference) {}

  get open_repos(): number {
    return this.pool.size;
  }

  /** Slots ever used: the bound of a scan over open repos (free slots have currency -1). */
  get slots(): number {
    return this.pool.capacity;
  }

  /** Returns the repo's currency index, or -1 when it is not one the monitor counts. */
  onOpened(
    repo_id: string,
    seller: string,
    buyer: string,
    currency: string,
    purchase_minor: bigint,
    market_value_minor: bigint,
  ): number {
    const c = CURRENCY_CODES.indexOf(currency as 'CNY');
    if (c < 0 || this.repos.has(repo_id)) return -1;
    const slot = this.pool.take();
    if (slot >= this.r_seller.length) this.grow(slot + 1);
    this.r_seller[slot] = this.ref.name(seller);
    this.r_buyer[slot] = this.ref.name(buyer);
    this.r_currency[slot] = c;
    this.r_purchase_minor[slot] = purchase_minor;
    this.r_market_value_minor[slot] = market_value_minor;
    this.r_cash_margin_minor[slot] = 0n;
    this.repos.set(repo_id, slot);
    return c;
  }

  /** The repo ended (closed, terminated, closed out): its currency index, or -1 if unknown. */
  onEnded(repo_id: string): number {
    const slot = this.repos.get(repo_id);
    if (slot === undefined) return -1;
    const c = this.r_currency[slot] as number;
    this.r_currency[slot] = -1;
    this.repos.delete(repo_id);
    this.pool.release(slot);
    return c;
  }

  onMarketValue(repo_id: string, market_value_minor: bigint): void {
    const slot = this.repos.get(repo_id);
    if (slot !== undefined) this.r_market_value_minor[slot] = market_value_minor;
  }

  onCashMargin(repo_id: string, cash_margin_minor: bigint): void {
    const slot = this.repos.get(repo_id);
    if (slot !== undefined) this.r_cash_margin_minor[slot] = cash_margin_minor;
  }

  /**
   * New collateral for old: the event gives both after the haircut, so the market value moves
   * in the same ratio (half up).
   */
  onSubstituted(repo_id: string, old_value_minor: bigint, new_value_minor: bigint): void {
    const slot = this.repos.get(repo_id);
    if (slot === undefined || old_value_minor <= 0n) return;
    const before = this.r_market_value_minor[slot] as bigint;
    this.r_market_value_minor[slot] = mulDiv(before, new_value_minor, old_value_minor, 'half_up');
  }

  onDrawn(drawing_id: string, bank: string, amount_minor: bigint): void {
    this.drawings.set(drawing_id, [this.ref.participantOf(this.ref.name(bank)), amount_minor]);
  }

  onRepaid(drawing_id: string): void {
    this.drawings.delete(drawing_id);
  }

  private grow(length: number): void {
    this.r_seller = growInt32(this.r_seller, length);
    this.r_buyer = growInt32(this.r_buyer, length);
    this.r_currency = growInt32(this.r_currency, length, -1);
    const slots = this.r_seller.length;
    growBigint(this.r_purchase_minor, slots);
    growBigint(this.r_market_value_minor, slots);
    growBigint(this.r_cash_margin_minor, slots);
  }
}
