/**
 * The banks' salary pre-approvals in the hub (docs/payments.md §9.3): a bank approves its
 * customer, by identity document number, for salary payments, and may revoke the approval; a
 * salary payment from a payer its bank has not approved is refused at `payments.submit`
 * (`PAYMENT_SALARY_NOT_APPROVED`). Only the bank itself (or the operator for it) may do either.
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import { approveSalaryPayer, revokeSalaryPayer } from '../../payments/index.js';
import type { ApproveSalaryPayer, RevokeSalaryPayer } from '../../protocol/payments.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';

function checkBank(state: HubState, bank: string, context: CommandContext): Rejection | undefined {
  if (!state.reference.parties.has(bank)) {
    return reject('PAYMENT_BANK_UNKNOWN', 'No party has this id', { bank });
  }
  if (!context.actor.actsFor(bank)) {
    return reject(
      'NOT_AUTHORIZED',
      "Only the payer's own bank may approve or revoke a payer for salary payments",
      {
        participant: context.actor.participant,
        bank,
      },
    );
  }
  return undefined;
}

export function approveSalaryPayerCommand(
  state: HubState,
  c: ApproveSalaryPayer,
  context: CommandContext,
): Rejection | undefined {
  const refused = checkBank(state, c.bank, context);
  if (refused !== undefined) return refused;
  const book = state.payments.salary_approvals;
  const out = approveSalaryPayer(book, c.bank, c.payer_id, context.timestamp_us);
  if (!out.ok) return out;
  const { bank, payer_id } = out.value;
  context.emit({ type: 'payment_salary_payer_approved', banks: [bank], bank, payer_id });
  return undefined;
}

export function revokeSalaryPayerCommand(
  state: HubState,
  c: RevokeSalaryPayer,
  context: CommandContext,
): Rejection | undefined {
  const refused = checkBank(state, c.bank, context);
  if (refused !== undefined) return refused;
  const out = revokeSalaryPayer(state.payments.salary_approvals, c.bank, c.payer_id);
  if (!out.ok) return out;
  const { bank, payer_id } = out.value;
  context.emit({ type: 'payment_salary_payer_revoked', banks: [bank], bank, payer_id });
  return undefined;
}
