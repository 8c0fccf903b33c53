/**
 * Payment Connect in ISO 20022 (docs/payments.md §10): `POST /v1/payments/iso20022` takes a
 * pacs.008 (→ `payments.submit`), a camt.056 (→ `payments.recall`) or a pacs.004
 * (→ `payments.return`) as application/xml (at most 64 KiB), validated against its XSD and read
 * by the gateway (src/payments/iso20022). A message that does not validate is a 400 naming the
 * field and the rule with its stable code (`ISO_XML_INVALID`, `ISO_FIELD_UNSUPPORTED`,
 * `ISO_XML_TOO_LONG`). Otherwise the command is sent as the caller, and the answer is XML: a
 * pacs.002 built from the hub's payment after the command, or RJCT with the hub's refusal code
 * (`StsRsnInf/Rsn/Prtry`) and message (`AddtlInf`).
 * @module
 */

import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CommandResult } from '../../hub/index.js';
import type { Payment } from '../../payments/index.js';
import {
  buildPacs002,
  type IsoRequest,
  readIsoRequest,
  refusedPayment,
} from '../../payments/iso20022/index.js';
import { parseCommand } from '../../protocol/index.js';
import { principalOf } from './auth.js';
import { ApiError, invalidRequest, problem } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { PACS002_XML } from './payments_schemas.js';
import { idempotencyKeyOf } from './routes_commands.js';

/** The parser's limit for an XML body: the gateway's own (ISO_XML_LENGTH_MAX). */
export const XML_BODY_LIMIT_BYTES = 64 * 1024;

const XML_BODY = 'A pacs.008.001.09, camt.056.001.09 or pacs.004.001.10 document';

export function registerPaymentIsoRoute(app: FastifyInstance, gateway: Gateway): void {
  app.post(
    '/v1/payments/iso20022',
    {
      bodyLimit: XML_BODY_LIMIT_BYTES,
      schema: routeSchema({
        summary: 'Send a pacs.008, camt.056 or pacs.004 (application/xml); answered by a pacs.002',
        tags: ['payments', 'commands'],
        body: z.strictObject({ xml: z.string() }),
        xml_body: `${XML_BODY} (Content-Type: application/xml)`,
        response: PACS002_XML,
        response_type: 'application/xml',
        errors: {
          400: 'ISO_XML_INVALID, ISO_FIELD_UNSUPPORTED, ISO_XML_TOO_LONG: details.field, details.rule',
        },
      }),
    },
    async (request, reply) => {
      const xml = request.body;
      if (typeof xml !== 'string')
        throw problem('body', 'invalid_type', `send ${XML_BODY} as application/xml`);
      const read = readIsoRequest(xml);
      if (!read.ok) throw new ApiError(400, read.code, read.message, read.details);
      const result = await submitRead(
        gateway,
        principalOf(request).participant,
        read.value,
        request,
      );
      return answer(reply, gateway, read.value, result);
    },
  );
}

async function submitRead(
  gateway: Gateway,
  participant: string,
  read: IsoRequest,
  request: Parameters<typeof idempotencyKeyOf>[0],
): Promise<CommandResult> {
  const parsed = parseCommand(read.command);
  if (!parsed.ok) throw invalidRequest(parsed.problems);
  const result = gateway.engine.submit(participant, parsed.command, idempotencyKeyOf(request));
  if (result.seq === 0) {
    const rejection = result.rejection;
    throw new ApiError(503, rejection?.code ?? 'UNAVAILABLE', rejection?.message ?? 'Busy');
  }
  await gateway.engine.committed();
  return result;
}

/** The payment as the pacs.002 reports it: kept by the hub, or refused with the hub's code. */
function reported(gateway: Gateway, read: IsoRequest, result: CommandResult): Payment {
  const state = hubState(gateway);
  const kept = state.payments.book.payments.get(read.end_to_end_id)?.payment;
  const rejection = result.rejection;
  if (result.status !== 'rejected' || rejection === null) {
    if (kept !== undefined) return kept;
  }
  const instruction = read.instruction ?? kept?.instruction ?? unknownInstruction(read);
  const refusal = rejection ?? { code: 'PAYMENT_UNKNOWN', message: 'No payment is kept' };
  return refusedPayment(instruction, state.now_us, refusal);
}

/** A payment the hub does not know: only its end-to-end id is reported. */
function unknownInstruction(read: IsoRequest): Payment['instruction'] {
  return {
    ...{ end_to_end_id: read.end_to_end_id, direction: 'northbound', amount_minor: 0n },
    payer: { id: '', id_type: 'other', name: '', bank: '', account: '' },
    ...{ payee_proxy: { type: 'mobile', value: '' }, purpose: 'p2p' },
    ...{ send_currency: 'CNY', receive_currency: 'CNY' },
  };
}

function answer(
  reply: FastifyReply,
  gateway: Gateway,
  read: IsoRequest,
  result: CommandResult,
): string {
  const payment = reported(gateway, read, result);
  const header = { msg_id: `HUTONG-${result.seq}`, created_us: hubState(gateway).now_us };
  reply.type('application/xml; charset=utf-8');
  return buildPacs002(header, read.original_msg_id, payment);
}
