/**
 * `financing.repay_facility` (docs/financing.md §11): the bank pays back principal plus interest
 * (ACT/365F from the value date, half up: src/financing `priceDifferentialMinor`) and gets back
 * what it delivered, in one atomic ledger batch.
 * - Due on the maturity date; a term drawing is refused before it (`FACILITY_NOT_DUE`). A late
 *   repayment accrues at the drawing's rate to the day it is made (*assumption*: no penalty).
 * - Intraday funds repaid the same day pay one day at the intraday rate (*assumption*: the
 *   sources give the rate, not its day count).
 * - FX swap, the far leg: the bank pays CNH N·(1 + r_CNH·d/365) and receives HKD
 *   H·(1 + r_HKD·d/365), each half up, where H = N·S is the near leg's HKD. The implied forward is
 *   F = S·(1 + r_HKD·d/365) / (1 + r_CNH·d/365): the spot adjusted by the rate differential
 *   (covered interest parity). The HKD rate is the drawing's input: no HKD fixing is published
 *   in the hub.
 * @module
 */

import { priceDifferentialMinor } from '../../financing/index.js';
import { dayNumber, marketDate, type Rejection, reject } from '../../kernel/index.js';
import { createTransfers, OPERATOR_ACTOR, type TransferInput } from '../../ledger/index.js';
import type { RepayFacility } from '../../protocol/financing.js';
import { cashAccountId } from '../accounts.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import {
  FUNDING_ACCOUNT_ID,
  HKD_HELD_ACCOUNT_ID,
  HKD_INTEREST_ACCOUNT_ID,
  INTEREST_ACCOUNT_ID,
  requireAccounts,
} from './facility_accounts.js';
import { returnFacilityReuse } from './facility_reuse.js';
import type { FacilityDrawing } from './facility_state.js';

export interface Repayment {
  readonly days: number;
  readonly interest_minor: bigint;
  readonly hkd_interest_minor: bigint;
}

/** What repaying `d` on `today` costs: interest days at least one. */
export function repaymentOn(d: FacilityDrawing, today: string): Repayment {
  const days = Math.max(1, dayNumber(today) - dayNumber(d.value_date));
  return {
    days,
    interest_minor: priceDifferentialMinor(d.amount_minor, d.rate_e12, days, 'ACT/365F'),
    hkd_interest_minor:
      d.hkd === null
        ? 0n
        : priceDifferentialMinor(d.hkd.amount_minor, d.hkd.rate_e12, days, 'ACT/365F'),
  };
}

export function repayFacility(
  state: HubState,
  c: RepayFacility,
  context: CommandContext,
): Rejection | undefined {
  const d = state.financing.facilities.drawings.get(c.drawing_id);
  if (d === undefined) {
    return reject('FACILITY_DRAWING_UNKNOWN', 'No outstanding drawing has this id', {
      drawing_id: c.drawing_id,
    });
  }
  if (!context.actor.actsFor(d.bank)) {
    return reject('NOT_AUTHORIZED', 'The bank repays its own drawing (or an operator for it)', {
      participant: context.actor.participant,
    });
  }
  const today = marketDate(context.timestamp_us);
  if (today < d.maturity_date) {
    return reject('FACILITY_NOT_DUE', 'A drawing is repaid on its maturity date', {
      maturity_date: d.maturity_date,
      today,
    });
  }
  const accounts = [INTEREST_ACCOUNT_ID, ...(d.hkd === null ? [] : [HKD_INTEREST_ACCOUNT_ID])];
  const open = requireAccounts(state, accounts);
  if (!open.ok) return open;
  const repayment = repaymentOn(d, today);
  const moved = createTransfers(state.ledger, repayTransfers(d, repayment, context.seq), {
    actor: OPERATOR_ACTOR,
    timestamp_us: context.timestamp_us,
    sink: context,
  });
  if (!moved.ok) return moved;
  state.financing.facilities.drawings.delete(c.drawing_id);
  context.emit({
    type: 'facility_repaid',
    ...{ drawing_id: d.drawing_id, bank: d.bank, facility: d.facility, days: repayment.days },
    ...{ principal_minor: d.amount_minor, interest_minor: repayment.interest_minor },
    hkd_returned_minor: d.hkd?.amount_minor ?? 0n,
    hkd_interest_minor: repayment.hkd_interest_minor,
  });
  returnFacilityReuse(state, d.drawing_id, context);
  return undefined;
}

/** Interest from `payer` to `payee`; a negative rate pays it the other way; none if zero. */
function interestTransfer(
  id: string,
  payer: string,
  payee: string,
  amount_minor: bigint,
): TransferInput[] {
  if (amount_minor === 0n) return [];
  const [debit, credit] = amount_minor > 0n ? [payer, payee] : [payee, payer];
  const amount = amount_minor > 0n ? amount_minor : -amount_minor;
  const transfer = { id, debit_account_id: debit, credit_account_id: credit };
  return [{ ...transfer, amount_minor: amount, code: 'facility_interest' }];
}

/** The far leg: principal and interest to the HKMA, the bonds or the HKD (with interest) back. */
function repayTransfers(d: FacilityDrawing, r: Repayment, seq: number): TransferInput[] {
  const id = `FACILITY:${seq}`;
  const bank_cnh = cashAccountId(d.bank, 'CNH');
  const transfers: TransferInput[] = [
    {
      id: `${id}:CNH`,
      debit_account_id: bank_cnh,
      credit_account_id: FUNDING_ACCOUNT_ID,
      amount_minor: d.amount_minor,
      code: 'facility_repay',
    },
    ...interestTransfer(`${id}:INT`, bank_cnh, INTEREST_ACCOUNT_ID, r.interest_minor),
  ];
  d.collateral.forEach((c, i) => {
    transfers.push({
      id: `${id}:C${i}`,
      debit_account_id: c.hkma_account_id,
      credit_account_id: c.bank_account_id,
      amount_minor: c.units,
      code: 'facility_collateral',
    });
  });
  if (d.hkd !== null) {
    const bank_hkd = cashAccountId(d.bank, 'HKD');
    transfers.push({
      id: `${id}:HKD`,
      debit_account_id: HKD_HELD_ACCOUNT_ID,
      credit_account_id: bank_hkd,
      amount_minor: d.hkd.amount_minor,
      code: 'facility_fx_swap',
    });
    transfers.push(
      ...interestTransfer(`${id}:HKDINT`, HKD_INTEREST_ACCOUNT_ID, bank_hkd, r.hkd_interest_minor),
    );
  }
  return transfers;
}
