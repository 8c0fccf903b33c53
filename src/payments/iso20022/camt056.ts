/**
 * camt.056.001.09 (FI to FI payment cancellation request: a recall) both ways. The payer bank
 * asks, for a reason (ExternalCancellationReason1Code), to cancel a payment; before credit this
 * cancels it, after credit it becomes a return request to the payee bank (docs/payments.md §3).
 * @module
 */

import { accept, type Outcome } from '../../kernel/index.js';
import { RECALL_REASONS } from '../returns.js';
import { payeeSide } from '../rules.js';
import type { Payment, PaymentCurrency, RecallReason } from '../types.js';
import { readIsoXml } from './validate.js';
import {
  agentElement,
  amountElement,
  buildDocument,
  isoDateTime,
  type MessageHeader,
  type Node,
  readAboutPayment,
  readSystem,
  single,
  text,
} from './xml.js';

const MESSAGE = 'camt.056.001.09';
const ROOT = 'FIToFIPmtCxlReq';
const TX = `/Document/${ROOT}/Undrlyg/TxInf`;

export interface RecallMessage {
  readonly cancellation_id: string;
  readonly original_msg_id: string;
  readonly end_to_end_id: string;
  readonly assigner_bank: string;
  readonly currency: PaymentCurrency;
  readonly amount_minor: bigint;
  readonly reason: RecallReason;
}

/** The payer bank's recall of `payment`, assigned to the payee's system operator. */
export function buildCamt056(
  header: MessageHeader,
  original_msg_id: string,
  payment: Payment,
  reason: RecallReason,
): string {
  const i = payment.instruction;
  const hk_payer = i.direction === 'northbound';
  const operator = payeeSide(i.direction) === 'HK' ? 'HKICL' : 'CNCC';
  return buildDocument(MESSAGE, ROOT, {
    Assgnmt: {
      Id: header.msg_id,
      Assgnr: { Agt: agentElement(hk_payer ? 'FPS' : 'IBPS', i.payer.bank) },
      Assgne: { Agt: agentElement(hk_payer ? 'IBPS' : 'FPS', operator) },
      CreDtTm: isoDateTime(header.created_us),
    },
    Undrlyg: {
      TxInf: {
        CxlId: header.msg_id,
        OrgnlGrpInf: { OrgnlMsgId: original_msg_id, OrgnlMsgNmId: 'pacs.008.001.09' },
        OrgnlEndToEndId: i.end_to_end_id,
        OrgnlTxId: i.end_to_end_id,
        OrgnlIntrBkSttlmAmt: amountElement(i.send_currency, i.amount_minor),
        CxlRsnInf: { Rsn: { Cd: reason } },
      },
    },
  });
}

export function parseCamt056(xml: string): Outcome<RecallMessage> {
  const root = readIsoXml(MESSAGE, xml, ROOT);
  return root.ok ? readCamt056(root.value) : root;
}

/** The camt.056 read from its validated tree (its root element's content). */
export function readCamt056(root: Node): Outcome<RecallMessage> {
  const underlying = single(MESSAGE, root, 'Undrlyg', `/Document/${ROOT}/Undrlyg`);
  if (!underlying.ok) return underlying;
  const tx = single(MESSAGE, underlying.value, 'TxInf', TX);
  if (!tx.ok) return tx;
  const assigner = readSystem(
    MESSAGE,
    root,
    'Assgnmt/Assgnr/Agt',
    `/Document/${ROOT}/Assgnmt/Assgnr/Agt`,
  );
  if (!assigner.ok) return assigner;
  const about = readAboutPayment(MESSAGE, tx.value, TX, {
    ...{ amount: 'OrgnlIntrBkSttlmAmt', reason: 'CxlRsnInf/Rsn/Cd', reasons: RECALL_REASONS },
  });
  if (!about.ok) return about;
  const { currency, amount_minor, reason, ...original } = about.value;
  return accept({
    cancellation_id: text(tx.value, 'CxlId') ?? '',
    ...original,
    assigner_bank: assigner.value.member,
    ...{ currency, amount_minor, reason },
  });
}
