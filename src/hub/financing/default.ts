/**
 * Event of default on a missed margin call and close-out netting (GMRA 2011 para 10;
 * docs/financing.md §9). Once the deadline of an unpaid call has passed, the party it is owed to
 * may declare the payer in default with `financing.declare_default`: every open repo between the
 * two ends at once, each is valued (close_out.ts), and the pair's net sum in each currency is
 * settled in cash. No bonds move: the buyer already has title to them. A defaulter that owes
 * pays what cash it has and the rest stays as an unsecured claim; a non-defaulter that owes
 * pays in full (refused with the ledger's code, nothing changed, if it cannot).
 * @module
 */

import { marketDate, type Rejection, reject } from '../../kernel/index.js';
import { availableBalance, createTransfers, OPERATOR_ACTOR } from '../../ledger/index.js';
import type { DeclareDefault } from '../../protocol/financing.js';
import { cashAccountId } from '../accounts.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { allCloseOutFigures, netByCurrency, pairRepos, pricesByIsin } from './close_out.js';
import { releaseOnCloseOut } from './collateral_register.js';
import type { CloseOutSettlement, OutstandingCall } from './life_state.js';
import { partyRepo } from './repo.js';

export function declareDefault(
  state: HubState,
  c: DeclareDefault,
  context: CommandContext,
): Rejection | undefined {
  const record = partyRepo(state, c.repo_id, context);
  if (!('terms' in record)) return record;
  const call = state.financing.margin_calls.get(c.repo_id);
  const refused = checkDeclaration(call, c.repo_id, context);
  if (refused !== undefined || call === undefined) return refused;
  const today = marketDate(context.timestamp_us);
  const repos = pairRepos(state, call.payer, call.payee);
  const prices = pricesByIsin(record.terms.isin, BigInt(c.px_e8), c.prices);
  const figures = allCloseOutFigures(state, repos, call.payer, prices, today);
  if (!Array.isArray(figures)) return figures;
  const settlements = settlementsOf(state, call, netByCurrency(figures), context);
  const moved = settleNet(state, call, settlements, context);
  if (moved !== undefined) return moved;
  for (const f of figures) {
    state.financing.repos.delete(f.repo_id);
    state.financing.margin_calls.delete(f.repo_id);
    state.financing.terminations.delete(f.repo_id);
    releaseOnCloseOut(state, f.repo_id);
  }
  const repo_ids = figures.map((f) => f.repo_id);
  for (const s of settlements) {
    if (s.claim_id === null) continue;
    state.financing.claims.set(s.claim_id, {
      ...{ claim_id: s.claim_id, creditor: call.payee, debtor: call.payer },
      ...{ currency: s.currency, amount_minor: s.claim_minor, repo_ids },
      created_at_us: context.timestamp_us,
    });
  }
  context.emit({
    type: 'repo_defaulted',
    ...{ repo_id: c.repo_id, defaulter: call.payer, non_defaulter: call.payee },
    ...{ missed_call_minor: call.amount_minor, deadline_us: call.deadline_us },
    ...{ repo_ids, settlements },
  });
  for (const f of figures) context.emit({ type: 'repo_closed_out', ...f });
  return undefined;
}

function checkDeclaration(
  call: OutstandingCall | undefined,
  repo_id: string,
  context: CommandContext,
): Rejection | undefined {
  if (call === undefined) {
    return reject('MARGIN_CALL_NONE', 'No margin call on this repo is unpaid', { repo_id });
  }
  if (!context.actor.actsFor(call.payee)) {
    return reject('REPO_DEFAULT_WRONG_PARTY', 'Only the party owed the margin declares a default', {
      repo_id,
      non_defaulter: call.payee,
    });
  }
  if (context.timestamp_us <= call.deadline_us) {
    return reject('MARGIN_DEADLINE_NOT_PASSED', 'The margin call may still be paid', {
      repo_id,
      deadline_us: call.deadline_us,
    });
  }
  return undefined;
}

/** How each currency's net sum is settled: a defaulter pays what it has, the other in full. */
function settlementsOf(
  state: HubState,
  call: OutstandingCall,
  net: ReadonlyMap<string, bigint>,
  context: CommandContext,
): CloseOutSettlement[] {
  const settlements: CloseOutSettlement[] = [];
  for (const [currency, net_minor] of net) {
    if (net_minor <= 0n) {
      settlements.push({
        currency,
        net_minor,
        paid_minor: -net_minor,
        claim_minor: 0n,
        claim_id: null,
      });
      continue;
    }
    const account = state.ledger.accounts.get(cashAccountId(call.payer, currency));
    const available = account === undefined ? 0n : availableBalance(account);
    const paid_minor = available < net_minor ? (available > 0n ? available : 0n) : net_minor;
    const claim_minor = net_minor - paid_minor;
    const claim_id = claim_minor > 0n ? `CLAIM:${context.seq}:${currency}` : null;
    settlements.push({ currency, net_minor, paid_minor, claim_minor, claim_id });
  }
  return settlements;
}

/** The net sums on the ledger in one atomic batch (transfer code `repo_close_out`). */
function settleNet(
  state: HubState,
  call: OutstandingCall,
  settlements: readonly CloseOutSettlement[],
  context: CommandContext,
): Rejection | undefined {
  const transfers = [];
  for (const s of settlements) {
    if (s.paid_minor === 0n) continue;
    const [from, to] = s.net_minor > 0n ? [call.payer, call.payee] : [call.payee, call.payer];
    transfers.push({
      id: `CLOSEOUT:${context.seq}:${s.currency}`,
      debit_account_id: cashAccountId(from, s.currency),
      credit_account_id: cashAccountId(to, s.currency),
      amount_minor: s.paid_minor,
      code: 'repo_close_out',
    });
  }
  if (transfers.length === 0) return undefined;
  const sink = { actor: OPERATOR_ACTOR, timestamp_us: context.timestamp_us, sink: context };
  const moved = createTransfers(state.ledger, transfers, sink);
  return moved.ok ? undefined : moved;
}
