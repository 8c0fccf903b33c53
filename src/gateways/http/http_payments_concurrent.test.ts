/**
 * A limit is never exceeded under concurrent payments from one payer (issue 16; docs/payments.md
 * §10.5): thirty Northbound payments from Alice, half as pacs.008 and half as JSON, all in flight
 * at once over HTTP, worth together more than the HK$10,000 daily cap.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { customerAccountId } from '../../hub/payments/accounts.js';
import { HKD_PER_CNY_E8 } from '../../hub/payments/testing.js';
import { parsePacs002 } from '../../payments/iso20022/index.js';
import {
  ALICE,
  CN_BANK,
  HK_BANK,
  instruction,
  pacs008Of,
  postXml,
  setUpPayments,
  submitBody,
  WANG,
} from './payments_testing.js';
import type { ErrorReply, Reply, TestServer } from './testing.js';
import { startTestServer } from './testing.js';

const DAILY_CAP_HKD_MINOR = 10_000_00n;
const PAYMENTS = 30;

/** What an RMB amount counts against the HKD cap: at the stated HKD 1.087, rounded up. */
function hkdCounted(cny_minor: bigint): bigint {
  const scaled = cny_minor * HKD_PER_CNY_E8;
  return (scaled + 99_999_999n) / 100_000_000n;
}

/** Accepted or refused (with the code), read from a pacs.002 or a JSON command's reply. */
function outcomeOf(reply: Reply, xml: boolean): string {
  if (xml) {
    assert.equal(reply.status, 200, String(reply.body));
    const report = parsePacs002(reply.body as string);
    assert.ok(report.ok);
    return report.value.status === 'ACCC' ? 'accepted' : String(report.value.reason_code);
  }
  if (reply.status === 200) return 'accepted';
  assert.equal(reply.status, 422, JSON.stringify(reply.body));
  return reply.as<ErrorReply>().error.code;
}

describe('HTTP payments: concurrent payments from one payer', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await setUpPayments(t);
  });
  after(() => t.close());

  test('thirty at once over the daily cap: the accepted stay within it, the counter agrees', async () => {
    const wang = customerAccountId(CN_BANK, WANG.account, 'CNY');
    const ledger = t.server.gateway.node.hub.state.ledger;
    const posted = () => {
      const a = ledger.accounts.get(wang);
      assert.ok(a !== undefined);
      return a.credits_posted - a.debits_posted;
    };
    const wang_before = posted();
    // RMB 300.00, 337.00, … 1,373.00: about RMB 25,000 in all, some HK$27,000 counted.
    const sent = Array.from({ length: PAYMENTS }, (_, n) => {
      const amount_minor = BigInt(300 + 37 * n) * 100n;
      const i = instruction(`NB-C${n}`, 'northbound', ALICE, WANG.mobile, amount_minor);
      return { i, xml: n % 2 === 0 };
    });
    const total = sent.reduce((sum, { i }) => sum + hkdCounted(i.amount_minor), 0n);
    assert.ok(total > 2n * DAILY_CAP_HKD_MINOR);

    const replies = await Promise.all(
      sent.map(({ i, xml }) =>
        xml
          ? postXml(t, HK_BANK, pacs008Of(t, i))
          : t.client(HK_BANK).post('/v1/commands', submitBody(i)),
      ),
    );
    const outcomes = replies.map((reply, n) => outcomeOf(reply, sent[n]?.xml ?? false));
    const accepted = sent.filter((_, n) => outcomes[n] === 'accepted');
    const refused = sent.filter((_, n) => outcomes[n] !== 'accepted');
    assert.ok(accepted.length > 0 && refused.length > 0, outcomes.join(' '));
    for (const [n, outcome] of outcomes.entries()) {
      assert.ok(outcome === 'accepted' || outcome === 'PAYMENT_DAILY_LIMIT', `${n}: ${outcome}`);
    }

    const used = accepted.reduce((sum, { i }) => sum + hkdCounted(i.amount_minor), 0n);
    assert.ok(used <= DAILY_CAP_HKD_MINOR, `${used} over the cap`);
    // Each refusal was right: the usage only grew, so it did not fit even at the end.
    for (const { i } of refused) assert.ok(used + hkdCounted(i.amount_minor) > DAILY_CAP_HKD_MINOR);
    // Wang received exactly what was accepted.
    const received = accepted.reduce((sum, { i }) => sum + i.amount_minor, 0n);
    assert.equal(posted() - wang_before, received);

    const limits = (await t.client(HK_BANK).get(`/v1/payments/limits?payer=${ALICE.id}`)).as<{
      limits: Array<{ direction: string; day_used_minor: string; day_left_minor: string }>;
    }>().limits;
    assert.deepEqual(
      limits.map((l) => [l.direction, l.day_used_minor, l.day_left_minor]),
      [['northbound', `${used}`, `${DAILY_CAP_HKD_MINOR - used}`]],
    );
    const kept = [...t.server.gateway.node.hub.state.payments.book.payments.values()];
    assert.deepEqual(
      kept.map((p) => p.payment.instruction.end_to_end_id).sort(),
      accepted.map(({ i }) => i.end_to_end_id).sort(),
      'only the accepted payments are kept',
    );
  });
});
