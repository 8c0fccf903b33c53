/**
 * What the simulated bond agents know of their own commitments, so that no trade they conclude
 * fails settlement for want of bonds or cash: every concluded trade reserves what it will take
 * out of the seller's bond account and the buyer's cash account until its settlement date has
 * passed (a T+1 trade settles in the bilateral cycle at 17:00 of that date; T+0 at once). The
 * reservation is kept to the end of the settlement date: conservative, never short.
 * @module
 */

import { accruedInterestMinor, type BondSchedule } from '../../bonds/index.js';
import { cashAccountId, securitiesAccountId } from '../../hub/accounts.js';
import type { HubState } from '../../hub/index.js';
import { dayNumber, divRound } from '../../kernel/index.js';
import { postedBalance } from '../../ledger/index.js';

interface Reservation {
  readonly settlement_date: string;
  readonly account_id: string;
  readonly amount: bigint;
}

export class BondReservations {
  private list: Reservation[] = [];

  reserve(settlement_date: string, account_id: string, amount: bigint): void {
    this.list.push({ settlement_date, account_id, amount });
  }

  /**
   * A simulator started on a hub with bond trades not yet settled (a restart) reserves what
   * they will take, as if it had concluded them itself: settlement's own remaining amounts.
   */
  reserveUnsettled(state: HubState): void {
    for (const i of state.posttrade.instructions.values()) {
      if (!i.trade_id.startsWith('BOND:') || i.status === 'settled' || i.status === 'cancelled')
        continue;
      const security = state.reference.securities.get(i.isin);
      const bonds_at =
        security === undefined
          ? undefined
          : securitiesAccountId(state.reference, i.deliverer, security);
      if (bonds_at !== undefined && !i.securities_settled)
        this.reserve(i.securities_date, bonds_at, i.remaining_quantity_units);
      const cash_at = cashAccountId(i.receiver, i.cash_asset);
      this.reserve(i.cash_date, cash_at, i.remaining_cash_minor);
    }
  }

  /** The account's posted balance less what pending trades will take out of it. */
  available(state: HubState, account_id: string, today: string): bigint {
    this.list = this.list.filter((r) => r.settlement_date >= today);
    const account = state.ledger.accounts.get(account_id);
    if (account === undefined) return 0n;
    let reserved = 0n;
    for (const r of this.list) if (r.account_id === account_id) reserved += r.amount;
    return postedBalance(account) - reserved;
  }
}

/** Clean price per 100 face (10^-8) times face, and 100 × 10^8. */
const PRICE_DIVISOR = 10_000_000_000n;

/**
 * What a buyer pays: face × clean price / 100, rounded half up, plus accrued interest to the
 * settlement date (the hub's own formula, docs/bonds.md §8.2); null when it cannot be priced.
 */
export function settlementAmountMinor(
  schedule: BondSchedule,
  face_minor: bigint,
  clean_px_e8: bigint,
  settlement_date: string,
): bigint | null {
  const accrued = accruedInterestMinor(schedule, dayNumber(settlement_date), face_minor);
  if (!accrued.ok) return null;
  return divRound(face_minor * clean_px_e8, PRICE_DIVISOR, 'half_up') + accrued.value;
}
