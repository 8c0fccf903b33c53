/**
 * Salary payments' bank pre-approval (docs/payments.md §2): approve, revoke, their refusals with
 * the book unchanged, and a salary payment refused before anything moves unless approved.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  approveSalaryPayer,
  checkSalaryApproval,
  emptySalaryApprovals,
  revokeSalaryPayer,
  submitPayment,
} from './index.js';
import { context, fundedLedger, hk, northbound } from './testing.js';

const AT = hk('2025-07-01', '10:00');
/** Northbound RMB to RMB (no quote), from LEE Siu Ming at BOCHK. */
const SALARY = northbound({ send_currency: 'CNY', purpose: 'salary' });
const PAYER = SALARY.payer.id;

describe('salary approvals', () => {
  test('approved until revoked; approving twice and revoking what is not approved are refused', () => {
    const book = emptySalaryApprovals();
    const approved = approveSalaryPayer(book, 'BOCHK', PAYER, AT);
    assert.deepEqual(approved, {
      ok: true,
      value: { bank: 'BOCHK', payer_id: PAYER, approved_us: AT },
    });
    const again = approveSalaryPayer(book, 'BOCHK', PAYER, AT + 1);
    assert.equal(again.ok ? 'accepted' : again.code, 'PAYMENT_SALARY_APPROVAL_EXISTS');
    assert.equal(book.approvals.get(`BOCHK|${PAYER}`)?.approved_us, AT);
    assert.equal(revokeSalaryPayer(book, 'BOCHK', PAYER).ok, true);
    assert.equal(book.approvals.size, 0);
    const nothing = revokeSalaryPayer(book, 'BOCHK', PAYER);
    assert.deepEqual(nothing, {
      ok: false,
      code: 'PAYMENT_SALARY_APPROVAL_UNKNOWN',
      message: 'BOCHK has not approved this payer for salary payments: there is nothing to revoke',
      details: { bank: 'BOCHK', payer_id: PAYER },
    });
    assert.equal(book.approvals.size, 0);
  });

  test("only a salary payment needs it, and only the payer's own bank's approval counts", () => {
    const book = emptySalaryApprovals();
    assert.equal(checkSalaryApproval(book, northbound({ purpose: 'p2p' })), undefined);
    assert.equal(checkSalaryApproval(book, SALARY)?.code, 'PAYMENT_SALARY_NOT_APPROVED');
    approveSalaryPayer(book, 'HSBC', PAYER, AT);
    assert.equal(checkSalaryApproval(book, SALARY)?.code, 'PAYMENT_SALARY_NOT_APPROVED');
    approveSalaryPayer(book, 'BOCHK', 'Z999999(9)', AT);
    assert.equal(checkSalaryApproval(book, SALARY)?.code, 'PAYMENT_SALARY_NOT_APPROVED');
    approveSalaryPayer(book, 'BOCHK', PAYER, AT);
    assert.equal(checkSalaryApproval(book, SALARY), undefined);
  });
});

describe('a salary payment', () => {
  test('not approved: rejected at initiation, nothing moved, no limit used', () => {
    const ctx = context(AT, fundedLedger(), null);
    const out = submitPayment(SALARY, ctx);
    assert.ok(out.ok);
    assert.equal(out.value.state, 'rejected');
    assert.deepEqual(out.value.failure, {
      code: 'PAYMENT_SALARY_NOT_APPROVED',
      message:
        "A salary payment needs the payer's bank's pre-approval, and BOCHK has not approved this payer",
      at_state: 'initiated',
      details: { bank: 'BOCHK', payer_id: PAYER },
    });
    assert.deepEqual(out.value.batches, []);
    assert.equal(ctx.limits.counters.size, 0);
  });

  test('approved: credited; the rules still come first', () => {
    const ctx = context(AT, fundedLedger(), null);
    approveSalaryPayer(ctx.salary_approvals, 'BOCHK', PAYER, AT);
    const out = submitPayment(SALARY, ctx);
    assert.ok(out.ok);
    assert.equal(out.value.state, 'credited');
    const early = context(hk('2025-06-22', '11:59'), fundedLedger(), null);
    const refused = submitPayment({ ...SALARY, end_to_end_id: 'E2E-2' }, early);
    assert.ok(refused.ok);
    assert.equal(refused.value.failure?.code, 'PAYMENT_NOT_IN_FORCE');
  });
});
