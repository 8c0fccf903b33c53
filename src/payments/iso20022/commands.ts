/**
 * ISO 20022 messages as hub commands, and the hub's answer as a payment for a pacs.002: a
 * pacs.008 becomes `payments.submit`, a camt.056 `payments.recall`, a pacs.004 `payments.return`
 * (docs/payments.md §9.7). Shared by the HTTP endpoint `POST /v1/payments/iso20022` and the
 * end-to-end day's test. Commands are wire JSON (amounts as decimal strings).
 * @module
 */

import { accept, type Outcome, reject } from '../../kernel/index.js';
import type { Payment, PaymentInstruction } from '../types.js';
import { readCamt056 } from './camt056.js';
import { readPacs004 } from './pacs004.js';
import { readPacs008 } from './pacs008.js';
import { isoNamespace } from './schemas.js';
import { readIsoXml } from './validate.js';
import { type Node, text } from './xml.js';

/** The messages a bank sends in: its payment, its recall, its return. */
export const INCOMING_MESSAGES = ['pacs.008.001.09', 'camt.056.001.09', 'pacs.004.001.10'] as const;
export type IncomingMessage = (typeof INCOMING_MESSAGES)[number];

const ROOTS: Readonly<Record<IncomingMessage, { root: string; msg_id: string }>> = {
  'pacs.008.001.09': { root: 'FIToFICstmrCdtTrf', msg_id: 'GrpHdr/MsgId' },
  'camt.056.001.09': { root: 'FIToFIPmtCxlReq', msg_id: 'Assgnmt/Id' },
  'pacs.004.001.10': { root: 'PmtRtr', msg_id: 'GrpHdr/MsgId' },
};

/** An incoming message read: which, its id, the payment it is about, the command it asks. */
export interface IsoRequest {
  readonly message: IncomingMessage;
  readonly msg_id: string;
  /** The payment's pacs.008 MsgId: its own for a pacs.008, the one it names for the others. */
  readonly original_msg_id: string;
  readonly end_to_end_id: string;
  /** The payment instruction, for a pacs.008. */
  readonly instruction: PaymentInstruction | null;
  readonly command: Readonly<Record<string, unknown>>;
}

/** Which incoming message `xml` is, by its document namespace. */
export function incomingMessageOf(xml: string): IncomingMessage | undefined {
  return INCOMING_MESSAGES.find((m) => xml.includes(`"${isoNamespace(m)}"`));
}

/** The command a pacs.008 asks: `payments.submit` with the instruction's fields. */
export function submitCommandOf(i: PaymentInstruction): Record<string, unknown> {
  const { agreed_rate_e8, ...rest } = i;
  return {
    ...{ type: 'payments.submit', ...rest, amount_minor: i.amount_minor.toString() },
    ...(agreed_rate_e8 === undefined ? {} : { agreed_rate_e8: agreed_rate_e8.toString() }),
  };
}

/** Validates and reads an incoming message (pacs.008, camt.056, pacs.004) into its command. */
export function readIsoRequest(xml: string): Outcome<IsoRequest> {
  const message = incomingMessageOf(xml);
  if (message === undefined) {
    const names = INCOMING_MESSAGES.join(', ');
    return reject('ISO_XML_INVALID', `/Document: the namespace of one of ${names}`, {
      field: '/Document',
      rule: `the document's namespace is that of one of ${names}`,
    });
  }
  const { root, msg_id } = ROOTS[message];
  const tree = readIsoXml(message, xml, root);
  if (!tree.ok) return tree;
  const read = readCommand(message, tree.value);
  if (!read.ok) return read;
  const id = text(tree.value, msg_id) ?? '';
  const { original_msg_id, ...rest } = read.value;
  return accept({ message, msg_id: id, original_msg_id: original_msg_id ?? id, ...rest });
}

type Read = Pick<IsoRequest, 'end_to_end_id' | 'instruction' | 'command'> & {
  readonly original_msg_id: string | null;
};

function readCommand(message: IncomingMessage, tree: Node): Outcome<Read> {
  if (message === 'pacs.008.001.09') {
    const read = readPacs008(tree);
    if (!read.ok) return read;
    const i = read.value;
    const command = submitCommandOf(i);
    return accept({
      end_to_end_id: i.end_to_end_id,
      original_msg_id: null,
      instruction: i,
      command,
    });
  }
  const read = message === 'camt.056.001.09' ? readCamt056(tree) : readPacs004(tree);
  if (!read.ok) return read;
  const { end_to_end_id, reason, original_msg_id } = read.value;
  const type = message === 'camt.056.001.09' ? 'payments.recall' : 'payments.return';
  const command = { type, end_to_end_id, reason };
  return accept({ end_to_end_id, original_msg_id, instruction: null, command });
}

/** A payment the hub refused before keeping it, as a pacs.002 RJCT reports it. */
export function refusedPayment(
  instruction: PaymentInstruction,
  now_us: number,
  refusal: { readonly code: string; readonly message: string },
): Payment {
  return {
    ...{ instruction, state: 'rejected', initiated_us: now_us, updated_us: now_us },
    ...{ deadline_us: now_us, payee: null, limit: null, quote: null, receive_minor: null },
    failure: { code: refusal.code, message: refusal.message, at_state: 'initiated' },
    ...{ recall_reason: null, return_reason: null, batches: [] },
  };
}
