/**
 * Margin calls on a repo through the hub (docs/financing.md §7): `financing.call_margin` revalues
 * the repo's bonds at a clean price (plus accrued, in the cash currency), nets the cash margin
 * already held, and calls what the GMRA exposure says (src/financing `marginCall`: minimum
 * transfer, whole increments), settled at once in cash on the ledger from the side that owes it
 * to the other. A side that cannot pay is refused with the ledger's code and nothing moves;
 * default and close-out are still to come.
 * @module
 */

import { marginCall, priceDifferentialMinor } from '../../financing/index.js';
import { dayNumber, marketDate, type Rejection, reject } from '../../kernel/index.js';
import { createTransfers, OPERATOR_ACTOR } from '../../ledger/index.js';
import type { CallMargin } from '../../protocol/financing.js';
import { cashAccountId } from '../accounts.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { marketValueInCash, partyRepo } from './repo.js';

export function callMargin(
  state: HubState,
  c: CallMargin,
  context: CommandContext,
): Rejection | undefined {
  const record = partyRepo(state, c.repo_id, context);
  if (!('terms' in record)) return record;
  const { terms } = record;
  const today = marketDate(context.timestamp_us);
  const value = marketValueInCash(state, terms, BigInt(c.px_e8), record.fx_rate_e8, today);
  if (typeof value !== 'bigint') return value;
  const days = dayNumber(today) - dayNumber(terms.purchase_date);
  const pp = record.purchase_price_minor;
  const owed = pp + priceDifferentialMinor(pp, terms.rate_e12, days, terms.day_count);
  // Cash margin already held reduces what the buyer is owed against the bonds.
  const exposure = { repurchase_price_minor: owed - record.cash_margin_minor };
  const call = marginCall(
    [{ ...exposure, market_value_minor: value, haircut_ppm: terms.haircut_ppm }],
    record.margin_terms,
  );
  if (call === null) {
    return reject('MARGIN_BELOW_MINIMUM', 'The exposure is below the minimum transfer amount', {
      repo_id: c.repo_id,
      minimum_transfer_minor: record.margin_terms.minimum_transfer_minor,
    });
  }
  const [payer, payee] =
    call.from === 'seller' ? [terms.seller, terms.buyer] : [terms.buyer, terms.seller];
  const moved = createTransfers(
    state.ledger,
    [
      {
        id: `MARGIN:${context.seq}`,
        debit_account_id: cashAccountId(payer, terms.currency),
        credit_account_id: cashAccountId(payee, terms.currency),
        amount_minor: call.amount_minor,
        code: 'repo_margin',
      },
    ],
    { actor: OPERATOR_ACTOR, timestamp_us: context.timestamp_us, sink: context },
  );
  if (!moved.ok) return moved;
  const signed = call.from === 'seller' ? call.amount_minor : -call.amount_minor;
  const cash_margin_minor = record.cash_margin_minor + signed;
  state.financing.repos.set(c.repo_id, { ...record, cash_margin_minor });
  context.emit({
    type: 'margin_called',
    repo_id: c.repo_id,
    seller: terms.seller,
    buyer: terms.buyer,
    from: call.from,
    amount_minor: call.amount_minor,
    market_value_minor: value,
    cash_margin_minor,
  });
  return undefined;
}
