/**
 * Salary payments' bank pre-approval in the hub (docs/payments.md §2, §9.3): a salary payment is
 * refused until the payer's bank approves the payer; approvals and revocations by the bank (or
 * the operator), their events and refusals, state unchanged on each refusal; in the snapshot and
 * the digest, replayed to the same digest.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../protocol/index.js';
import { assertRefused, wire } from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { ALICE, CN_BANK, HK_BANK, northbound, paymentsHub, WANG } from './testing.js';

const approve = (bank: string, payer_id: string) =>
  wire({ type: 'payments.approve_salary_payer', bank, payer_id });
const revoke = (bank: string, payer_id: string) =>
  wire({ type: 'payments.revoke_salary_payer', bank, payer_id });
/** ALICE (HSBC) pays WANG a salary of RMB 3,800.00 Northbound. */
const salary = (e2e: string) =>
  northbound(e2e, ALICE, WANG.mobile, 3_800_00n, { purpose: 'salary' });

describe('payments in the hub: salary pre-approval', () => {
  it("refused until the payer's bank approves; paid once approved; refused again once revoked", () => {
    const t = paymentsHub();
    assertRefused(t, HK_BANK, salary('SAL-1'), 'PAYMENT_SALARY_NOT_APPROVED');
    const refused = t.submit(HK_BANK, salary('SAL-1'));
    assert.equal(
      refused.rejection?.message,
      "A salary payment needs the payer's bank's pre-approval, and HSBC has not approved this payer",
    );
    assert.deepEqual(refused.rejection?.details, {
      ...{ bank: HK_BANK, payer_id: ALICE.id, end_to_end_id: 'SAL-1', at_state: 'initiated' },
    });
    const approved = t.accept(HK_BANK, approve(HK_BANK, ALICE.id));
    assert.deepEqual(approved.events, [
      {
        ...{ type: 'payment_salary_payer_approved', banks: [HK_BANK] },
        ...{ bank: HK_BANK, payer_id: ALICE.id },
      },
    ]);
    const paid = t.accept(HK_BANK, salary('SAL-1'));
    assert.ok(paid.events.some((e) => e.type === 'payment_credited'));
    const revoked = t.accept(HK_BANK, revoke(HK_BANK, ALICE.id));
    assert.deepEqual(
      revoked.events.map((e) => e.type),
      ['payment_salary_payer_revoked'],
    );
    assertRefused(t, HK_BANK, salary('SAL-2'), 'PAYMENT_SALARY_NOT_APPROVED');
    // The payment made while approved is a replay, not refused: nothing moves again.
    const again = t.accept(HK_BANK, salary('SAL-1'));
    assert.deepEqual(
      again.events.map((e) => e.type),
      ['payment_replayed'],
    );
    // Other purposes never needed it.
    t.accept(HK_BANK, northbound('P2P-1', ALICE, WANG.mobile, 100_00n));
  });

  it("only the payer's bank, or the operator, approves; another bank's approval does not count", () => {
    const t = paymentsHub();
    assertRefused(t, CN_BANK, approve(HK_BANK, ALICE.id), 'NOT_AUTHORIZED');
    assertRefused(t, CN_BANK, revoke(HK_BANK, ALICE.id), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', approve('NOBANK', ALICE.id), 'PAYMENT_BANK_UNKNOWN');
    // ICBC approving Alice (for payments through ICBC) does not approve her at HSBC.
    t.accept(CN_BANK, approve(CN_BANK, ALICE.id));
    assertRefused(t, HK_BANK, salary('SAL-1'), 'PAYMENT_SALARY_NOT_APPROVED');
    t.accept('operator', approve(HK_BANK, ALICE.id));
    t.accept(HK_BANK, salary('SAL-1'));
    assertRefused(t, HK_BANK, approve(HK_BANK, ALICE.id), 'PAYMENT_SALARY_APPROVAL_EXISTS');
    assertRefused(t, CN_BANK, revoke(CN_BANK, WANG.id), 'PAYMENT_SALARY_APPROVAL_UNKNOWN');
    t.accept('operator', revoke(CN_BANK, ALICE.id));
    assertRefused(t, CN_BANK, revoke(CN_BANK, ALICE.id), 'PAYMENT_SALARY_APPROVAL_UNKNOWN');
  });

  it('checked at the door: a bank id and a payer id, nothing else', () => {
    const ok = (json: object) =>
      parseCommand({ type: 'payments.approve_salary_payer', ...json }).ok;
    assert.equal(ok({ bank: HK_BANK, payer_id: ALICE.id }), true);
    assert.equal(ok({ bank: HK_BANK }), false);
    assert.equal(ok({ bank: HK_BANK, payer_id: '' }), false);
    assert.equal(ok({ bank: HK_BANK, payer_id: 'x'.repeat(36) }), false);
    // `|` joins the limit counters' keys: a payer id with one could share another's counter.
    assert.equal(ok({ bank: HK_BANK, payer_id: 'A123456(7)|HSBC' }), false);
    assert.equal(ok({ bank: HK_BANK, payer_id: 'A123456(7)' }), true);
    assert.equal(ok({ bank: 'no bank!', payer_id: ALICE.id }), false);
    assert.equal(ok({ bank: HK_BANK, payer_id: ALICE.id, expires_us: 1 }), false);
  });

  it('in the snapshot and the digest; replayed, the same; an older snapshot restores none', () => {
    const t = paymentsHub();
    const before = t.hub.digest();
    t.accept(HK_BANK, approve(HK_BANK, ALICE.id));
    t.accept(CN_BANK, approve(CN_BANK, WANG.id));
    assert.notEqual(t.hub.digest(), before);
    const replay = new Hub();
    for (const e of t.envelopes) replay.apply(e);
    assert.equal(replay.digest(), t.hub.digest());
    const snapshot = snapshotHub(t.hub.state);
    const restored = new Hub(restoreHub(snapshot));
    assert.equal(restored.digest(), t.hub.digest());
    assert.deepEqual(
      [...restored.state.payments.salary_approvals.approvals.keys()],
      [`${HK_BANK}|${ALICE.id}`, `${CN_BANK}|${WANG.id}`],
    );
    const payments = snapshot.payments;
    assert.ok(payments !== undefined);
    const { salary_approvals: _gone, ...older } = payments;
    const from_older = restoreHub({ ...snapshot, payments: older });
    assert.equal(from_older.payments.salary_approvals.approvals.size, 0);
  });
});
