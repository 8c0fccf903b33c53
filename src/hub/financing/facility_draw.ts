/**
 * `financing.draw_facility` (docs/financing.md §11): a bank draws CNH from the HKMA.
 * - Repo form: the bank delivers eligible bonds to the HKMA's collateral accounts in CMU and
 *   receives the CNH, in one atomic ledger batch (the bonds and the cash cross at once, DvP).
 * - FX-swap form (trade facility): the bank delivers HKD at the spot rate it states (HKD per CNH,
 *   half up) and receives the CNH, in one batch; the far leg is at repayment (facility_repay.ts).
 * The rules of the day are checked first (facility_draw_rules.ts); nothing moves on a refusal.
 * T+1 tenors settle at once with their value date recorded: interest runs from the value date
 * (an *assumption*: the hub keeps no forward-dated facility settlement).
 * @module
 */

import {
  accept,
  divRound,
  marketDate,
  type Outcome,
  type Rejection,
  reject,
} from '../../kernel/index.js';
import { createTransfers, OPERATOR_ACTOR, type TransferInput } from '../../ledger/index.js';
import type { DrawFacility } from '../../protocol/financing.js';
import { cashAccountId } from '../accounts.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { FUNDING_ACCOUNT_ID, HKD_HELD_ACCOUNT_ID, requireAccounts } from './facility_accounts.js';
import { valueCollateral } from './facility_collateral.js';
import { checkBusinessDay, drawingDates } from './facility_dates.js';
import { checkAmount, checkDrawingRules } from './facility_draw_rules.js';
import { checkFacilitySources, recordFacilityReuse } from './facility_reuse.js';
import type { FacilityCollateral, FacilityDrawing, FacilityHkdLeg } from './facility_state.js';
import { overnightUsedMinor } from './facility_usage.js';

const E8 = 100_000_000n;

export function drawFacility(
  state: HubState,
  c: DrawFacility,
  context: CommandContext,
): Rejection | undefined {
  const today = marketDate(context.timestamp_us);
  const drawing = planDrawing(state, c, today, context);
  if (!drawing.ok) return drawing;
  const moved = createTransfers(state.ledger, drawTransfers(drawing.value, context.seq), {
    actor: OPERATOR_ACTOR,
    timestamp_us: context.timestamp_us,
    sink: context,
  });
  if (!moved.ok) return moved;
  const f = state.financing.facilities;
  f.drawings.set(c.drawing_id, drawing.value);
  if (c.tenor === 'overnight' && !drawing.value.plp_line) {
    f.overnight.used_minor = overnightUsedMinor(f, today) + c.amount_minor;
    f.overnight.date = today;
  }
  context.emit({ type: 'facility_drawn', bank: c.bank, drawing: drawing.value });
  recordFacilityReuse(state, c, today, context);
  return undefined;
}

/** Every check, then the drawing as it will be recorded. */
function planDrawing(
  state: HubState,
  c: DrawFacility,
  today: string,
  context: CommandContext,
): Outcome<FacilityDrawing> {
  if (!context.actor.actsFor(c.bank)) {
    return reject('NOT_AUTHORIZED', 'A bank draws for itself (or an operator for it)', {
      participant: context.actor.participant,
    });
  }
  if (state.financing.facilities.drawings.has(c.drawing_id)) {
    return reject('FACILITY_DRAWING_EXISTS', 'A drawing with this id is outstanding', {
      drawing_id: c.drawing_id,
    });
  }
  if (!state.reference.parties.has(c.bank)) {
    return reject('FACILITY_BANK_UNKNOWN', 'No party has this id', { bank: c.bank });
  }
  const refused = checkAmount(c);
  if (refused !== undefined) return refused;
  const open = checkBusinessDay(today);
  if (!open.ok) return open;
  const rate = checkDrawingRules(state, c, today, context.timestamp_us);
  if (!rate.ok) return rate;
  const dates = drawingDates(c.tenor, today);
  if (!dates.ok) return dates;
  const delivered = deliveredForm(state, c, today);
  if (!delivered.ok) return delivered;
  const cash = requireAccounts(state, [cashAccountId(c.bank, 'CNH'), FUNDING_ACCOUNT_ID]);
  if (!cash.ok) return cash;
  return accept({
    ...{ drawing_id: c.drawing_id, bank: c.bank, facility: c.facility, tenor: c.tenor },
    ...{ form: c.form, purpose: c.purpose ?? null, plp_line: c.plp_line === true },
    ...{ amount_minor: c.amount_minor, rate_e12: rate.value, trade_date: today },
    ...dates.value,
    ...delivered.value,
    rolled_overnight: false,
  });
}

/** What the bank delivers: bonds (repo) or HKD (FX swap). */
function deliveredForm(
  state: HubState,
  c: DrawFacility,
  today: string,
): Outcome<{ collateral: FacilityCollateral[]; hkd: FacilityHkdLeg | null }> {
  if (c.form === 'repo') {
    if (c.collateral === undefined) {
      return reject('FACILITY_COLLATERAL_REQUIRED', 'A repo drawing delivers bonds', {
        drawing_id: c.drawing_id,
      });
    }
    const sources = checkFacilitySources(state, c, today);
    if (sources !== undefined) return sources;
    const valued = valueCollateral(state, c.bank, c.collateral, c.amount_minor, today);
    return valued.ok ? accept({ collateral: valued.value, hkd: null }) : valued;
  }
  if (c.collateral !== undefined) {
    return reject('FACILITY_FORM_INVALID', 'An FX-swap drawing delivers HKD, not bonds', {
      drawing_id: c.drawing_id,
    });
  }
  if (c.fx_rate_e8 === undefined || c.fx_rate_e8 === 0n) {
    return reject('FACILITY_FX_RATE_REQUIRED', 'An FX swap states its spot rate (HKD per CNH)', {
      drawing_id: c.drawing_id,
    });
  }
  if (c.hkd_rate_e12 === undefined || c.hkd_rate_e12 < 0n) {
    return reject('FACILITY_HKD_RATE_REQUIRED', 'An FX swap states the HKD rate of its far leg', {
      drawing_id: c.drawing_id,
    });
  }
  const hkd_accounts = requireAccounts(state, [cashAccountId(c.bank, 'HKD'), HKD_HELD_ACCOUNT_ID]);
  if (!hkd_accounts.ok) return hkd_accounts;
  const hkd: FacilityHkdLeg = {
    amount_minor: divRound(c.amount_minor * c.fx_rate_e8, E8, 'half_up'),
    spot_e8: c.fx_rate_e8,
    rate_e12: c.hkd_rate_e12,
  };
  return accept({ collateral: [], hkd });
}

/** The near leg: the CNH to the bank, the bonds or the HKD to the HKMA. */
function drawTransfers(d: FacilityDrawing, seq: number): TransferInput[] {
  const id = `FACILITY:${seq}`;
  const transfers: TransferInput[] = [
    {
      id: `${id}:CNH`,
      debit_account_id: FUNDING_ACCOUNT_ID,
      credit_account_id: cashAccountId(d.bank, 'CNH'),
      amount_minor: d.amount_minor,
      code: 'facility_draw',
    },
  ];
  d.collateral.forEach((c, i) => {
    transfers.push({
      id: `${id}:C${i}`,
      debit_account_id: c.bank_account_id,
      credit_account_id: c.hkma_account_id,
      amount_minor: c.units,
      code: 'facility_collateral',
    });
  });
  if (d.hkd !== null) {
    transfers.push({
      id: `${id}:HKD`,
      debit_account_id: cashAccountId(d.bank, 'HKD'),
      credit_account_id: HKD_HELD_ACCOUNT_ID,
      amount_minor: d.hkd.amount_minor,
      code: 'facility_fx_swap',
    });
  }
  return transfers;
}
