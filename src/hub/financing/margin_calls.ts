/**
 * Margin calls on a repo through the hub (docs/financing.md §7, §9): `financing.call_margin`
 * revalues the repo's bonds at a clean price (plus accrued, in the cash currency), nets the cash
 * margin already held, and calls what the GMRA exposure says (src/financing `marginCall`:
 * minimum transfer, whole increments), paid at once in cash on the ledger from the side that owes
 * it to the other. A payer whose cash does not cover the call is not refused: the call stays
 * outstanding until `financing.pay_margin` or its deadline (GMRA 2011 para 4), after which the
 * other side may declare a default (default.ts).
 * @module
 */

import { marginCall } from '../../financing/index.js';
import { dayNumber, marketDate, type Rejection, reject } from '../../kernel/index.js';
import { createTransfers, OPERATOR_ACTOR } from '../../ledger/index.js';
import type { CallMargin, PayMargin } from '../../protocol/financing.js';
import { cashAccountId } from '../accounts.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import type { OutstandingCall, RepoSide } from './life_state.js';
import { marketValueInCash, partyRepo, repurchaseToDayMinor } from './repo.js';
import type { RepoRecord } from './state.js';

const US_PER_MINUTE = 60_000_000;

export function callMargin(
  state: HubState,
  c: CallMargin,
  context: CommandContext,
): Rejection | undefined {
  const record = partyRepo(state, c.repo_id, context);
  if (!('terms' in record)) return record;
  const pending = state.financing.margin_calls.get(c.repo_id);
  if (pending !== undefined) {
    return reject('MARGIN_CALL_OUTSTANDING', 'A margin call on this repo is still unpaid', {
      repo_id: c.repo_id,
      amount_minor: pending.amount_minor,
      deadline_us: pending.deadline_us,
    });
  }
  const { terms } = record;
  const today = marketDate(context.timestamp_us);
  const value = marketValueInCash(state, terms, BigInt(c.px_e8), record.fx_rate_e8, today);
  if (typeof value !== 'bigint') return value;
  const days = dayNumber(today) - dayNumber(terms.purchase_date);
  // Cash margin already held reduces what the buyer is owed against the bonds.
  const owed = repurchaseToDayMinor(record, days) - record.cash_margin_minor;
  const call = marginCall(
    [{ repurchase_price_minor: owed, market_value_minor: value, haircut_ppm: terms.haircut_ppm }],
    record.margin_terms,
  );
  if (call === null) {
    return reject('MARGIN_BELOW_MINIMUM', 'The exposure is below the minimum transfer amount', {
      repo_id: c.repo_id,
      minimum_transfer_minor: record.margin_terms.minimum_transfer_minor,
    });
  }
  const outstanding = outstandingOf(record, call.from, call.amount_minor, context);
  const paid = payCall(state, record, outstanding, context);
  if (paid === undefined) {
    context.emit({ type: 'margin_called', ...marginFigures(state, outstanding, value) });
    return undefined;
  }
  // Only a payer short of cash leaves the call outstanding; any other ledger refusal stands.
  if (paid.code !== 'INSUFFICIENT_FUNDS') return paid;
  state.financing.margin_calls.set(c.repo_id, outstanding);
  context.emit({
    type: 'margin_call_outstanding',
    ...{ repo_id: c.repo_id, seller: terms.seller, buyer: terms.buyer, from: call.from },
    ...{ amount_minor: call.amount_minor, market_value_minor: value },
    deadline_us: outstanding.deadline_us,
  });
  return undefined;
}

/** `financing.pay_margin`: the payer's side pays the repo's outstanding call in full. */
export function payMargin(
  state: HubState,
  c: PayMargin,
  context: CommandContext,
): Rejection | undefined {
  const record = partyRepo(state, c.repo_id, context);
  if (!('terms' in record)) return record;
  const call = state.financing.margin_calls.get(c.repo_id);
  if (call === undefined) {
    return reject('MARGIN_CALL_NONE', 'No margin call on this repo is unpaid', {
      repo_id: c.repo_id,
    });
  }
  if (!context.actor.actsFor(call.payer)) {
    return reject(
      'MARGIN_NOT_PAYER',
      'Only the side that owes the margin, or its broker, pays it',
      {
        repo_id: c.repo_id,
        payer: call.payer,
      },
    );
  }
  const paid = payCall(state, record, call, context);
  if (paid !== undefined) return paid;
  state.financing.margin_calls.delete(c.repo_id);
  const { amount_minor, cash_margin_minor } = marginFigures(state, call, 0n);
  context.emit({
    type: 'margin_paid',
    ...{ repo_id: c.repo_id, seller: record.terms.seller, buyer: record.terms.buyer },
    ...{ from: call.from, amount_minor, cash_margin_minor },
  });
  return undefined;
}

function outstandingOf(
  record: RepoRecord,
  from: RepoSide,
  amount_minor: bigint,
  context: CommandContext,
): OutstandingCall {
  const { terms } = record;
  const [payer, payee] =
    from === 'seller' ? [terms.seller, terms.buyer] : [terms.buyer, terms.seller];
  return {
    ...{ repo_id: terms.repo_id, call_id: `MARGIN:${context.seq}`, from, payer, payee },
    ...{ currency: terms.currency, amount_minor, called_at_us: context.timestamp_us },
    deadline_us: context.timestamp_us + record.margin_deadline_minutes * US_PER_MINUTE,
  };
}

/**
 * Moves a call's cash from payer to payee on the ledger (transfer code `repo_margin`) and adds it
 * to the margin the repo holds. Refused (nothing moved) with the ledger's code.
 */
function payCall(
  state: HubState,
  record: RepoRecord,
  call: OutstandingCall,
  context: CommandContext,
): Rejection | undefined {
  const transfer = {
    // A paid outstanding call gets its own id: the call's id was never used on the ledger.
    id: `MARGIN:${context.seq}`,
    debit_account_id: cashAccountId(call.payer, call.currency),
    credit_account_id: cashAccountId(call.payee, call.currency),
    amount_minor: call.amount_minor,
    code: 'repo_margin',
  };
  const sink = { actor: OPERATOR_ACTOR, timestamp_us: context.timestamp_us, sink: context };
  const moved = createTransfers(state.ledger, [transfer], sink);
  if (!moved.ok) return moved;
  const signed = call.from === 'seller' ? call.amount_minor : -call.amount_minor;
  const cash_margin_minor = record.cash_margin_minor + signed;
  state.financing.repos.set(call.repo_id, { ...record, cash_margin_minor });
  return undefined;
}

function marginFigures(state: HubState, call: OutstandingCall, market_value_minor: bigint) {
  const record = state.financing.repos.get(call.repo_id);
  const { seller, buyer } = record?.terms ?? { seller: '', buyer: '' };
  return {
    ...{ repo_id: call.repo_id, seller, buyer, from: call.from, amount_minor: call.amount_minor },
    market_value_minor,
    cash_margin_minor: record?.cash_margin_minor ?? 0n,
  };
}
