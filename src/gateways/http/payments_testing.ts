/**
 * For the payments API, stream and console tests: Payment Connect set up through the API (the
 * hub tests' set-up, src/hub/payments/testing.ts: HKICL, CNCC and ICBC registered, the limit
 * rates, the accounts opened and funded, Alice, Wang and Li's proxies) and payments as the banks
 * would send them, in JSON and in ISO 20022.
 * @module
 */

import assert from 'node:assert/strict';
import { paymentsSetUp } from '../../hub/payments/testing.js';
import type { PaymentInstruction } from '../../payments/index.js';
import { buildPacs008 } from '../../payments/iso20022/index.js';
import type { Reply, TestServer } from './testing.js';

export {
  ALICE,
  CN_BANK,
  HK_BANK,
  LI,
  LINK_BANK,
  WANG,
} from '../../hub/payments/testing.js';

export async function setUpPayments(t: TestServer): Promise<void> {
  for (const [who, body] of paymentsSetUp()) {
    const reply = await t.client(who).post('/v1/commands', body);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  }
}

type Person = {
  readonly id: string;
  readonly id_type: string;
  readonly name: string;
  readonly bank: string;
  readonly account: string;
};

/** A person-to-person payment in RMB by mobile number. */
export function instruction(
  e2e: string,
  direction: 'northbound' | 'southbound',
  payer: Person,
  to: string,
  amount_minor: bigint,
): PaymentInstruction {
  const { id, id_type, name, bank, account } = payer;
  return {
    ...{ end_to_end_id: e2e, direction },
    payer: { id, id_type: id_type as PaymentInstruction['payer']['id_type'], name, bank, account },
    payee_proxy: { type: 'mobile', value: to },
    ...{ send_currency: 'CNY', receive_currency: 'CNY', amount_minor, purpose: 'p2p' },
  };
}

/** The instruction as a `payments.submit` body for `POST /v1/commands`. */
export function submitBody(i: PaymentInstruction, more: Record<string, unknown> = {}) {
  return { type: 'payments.submit', ...i, amount_minor: i.amount_minor.toString(), ...more };
}

/** Posts an ISO 20022 document as `who`. */
export function postXml(t: TestServer, who: string, xml: string): Promise<Reply> {
  return t.client(who).raw('POST', '/v1/payments/iso20022', xml, {
    'content-type': 'application/xml',
  });
}

/** A pacs.008 for the instruction, stamped at the server's hub time. */
export function pacs008Of(t: TestServer, i: PaymentInstruction): string {
  const created_us = t.server.gateway.node.hub.state.now_us;
  return buildPacs008({ msg_id: `M-${i.end_to_end_id}`, created_us }, i);
}
