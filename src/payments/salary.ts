/**
 * Salary payments' bank pre-approval (connect-rules.md §3, use cases: "Salary remittance needs
 * bank pre-approval"; jsktz.com, frominsideasia.com). A payment with purpose `salary` goes only
 * if the payer's bank has approved that payer for salary payments; an approval holds until the
 * bank revokes it (*assumption*: no source gives it an expiry). Either direction: the source
 * does not limit it to one.
 * @module
 */

import { accept, type Outcome, type Rejection, reject } from '../kernel/index.js';
import type { PaymentInstruction, SalaryApproval, SalaryApprovals } from './types.js';

export function emptySalaryApprovals(): SalaryApprovals {
  return { approvals: new Map() };
}

export function salaryApprovalKey(bank: string, payer_id: string): string {
  return `${bank}|${payer_id}`;
}

/** The bank approves its customer `payer_id` (their identity document number) for salaries. */
export function approveSalaryPayer(
  book: SalaryApprovals,
  bank: string,
  payer_id: string,
  now_us: number,
): Outcome<SalaryApproval> {
  const key = salaryApprovalKey(bank, payer_id);
  const known = book.approvals.get(key);
  if (known !== undefined) {
    return reject(
      'PAYMENT_SALARY_APPROVAL_EXISTS',
      `${bank} has already approved this payer for salary payments`,
      { bank, payer_id, approved_us: known.approved_us },
    );
  }
  const approval: SalaryApproval = { bank, payer_id, approved_us: now_us };
  book.approvals.set(key, approval);
  return accept(approval);
}

/** The bank withdraws its approval: the payer's next salary payment through it is refused. */
export function revokeSalaryPayer(
  book: SalaryApprovals,
  bank: string,
  payer_id: string,
): Outcome<SalaryApproval> {
  const key = salaryApprovalKey(bank, payer_id);
  const known = book.approvals.get(key);
  if (known === undefined) {
    return reject(
      'PAYMENT_SALARY_APPROVAL_UNKNOWN',
      `${bank} has not approved this payer for salary payments: there is nothing to revoke`,
      { bank, payer_id },
    );
  }
  book.approvals.delete(key);
  return accept(known);
}

/** A salary payment needs its payer approved by the payer's bank; any other purpose does not. */
export function checkSalaryApproval(
  book: SalaryApprovals,
  instruction: PaymentInstruction,
): Rejection | undefined {
  if (instruction.purpose !== 'salary') return undefined;
  const { bank, id } = instruction.payer;
  if (book.approvals.has(salaryApprovalKey(bank, id))) return undefined;
  return reject(
    'PAYMENT_SALARY_NOT_APPROVED',
    `A salary payment needs the payer's bank's pre-approval, and ${bank} has not approved this payer`,
    { bank, payer_id: id },
  );
}
