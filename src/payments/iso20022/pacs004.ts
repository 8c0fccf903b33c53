/**
 * pacs.004.001.10 (payment return) both ways: the payee bank returns a credited payment, with
 * the amount it returns (in the currency received) and a reason (ExternalReturnReason1Code).
 * @module
 */

import { accept, assert, type Outcome } from '../../kernel/index.js';
import { RETURN_REASONS } from '../returns.js';
import type { Payment, PaymentCurrency, ReturnReason } from '../types.js';
import { validateIsoXml } from './validate.js';
import {
  amountElement,
  buildDocument,
  isoDateTime,
  type MessageHeader,
  parseDocument,
  readAmount,
  single,
  text,
  unsupported,
} from './xml.js';

const MESSAGE = 'pacs.004.001.10';
const ROOT = 'PmtRtr';
const TX = `/Document/${ROOT}/TxInf`;

export interface ReturnMessage {
  readonly return_id: string;
  readonly original_msg_id: string;
  readonly end_to_end_id: string;
  readonly currency: PaymentCurrency;
  readonly returned_minor: bigint;
  readonly reason: ReturnReason;
}

/** The return of `payment` (returned, or being returned) for `reason`. */
export function buildPacs004(
  header: MessageHeader,
  original_msg_id: string,
  payment: Payment,
  reason: ReturnReason,
): string {
  const { instruction: i, receive_minor } = payment;
  assert(receive_minor !== null, 'only a settled payment can be returned');
  return buildDocument(MESSAGE, ROOT, {
    GrpHdr: {
      MsgId: header.msg_id,
      CreDtTm: isoDateTime(header.created_us),
      NbOfTxs: '1',
      SttlmInf: { SttlmMtd: 'CLRG' },
    },
    TxInf: {
      RtrId: header.msg_id,
      OrgnlGrpInf: { OrgnlMsgId: original_msg_id, OrgnlMsgNmId: 'pacs.008.001.09' },
      OrgnlEndToEndId: i.end_to_end_id,
      OrgnlTxId: i.end_to_end_id,
      OrgnlIntrBkSttlmAmt: amountElement(i.send_currency, i.amount_minor),
      RtrdIntrBkSttlmAmt: amountElement(i.receive_currency, receive_minor),
      ChrgBr: 'SLEV',
      RtrRsnInf: { Rsn: { Cd: reason } },
    },
  });
}

export function parsePacs004(xml: string): Outcome<ReturnMessage> {
  const valid = validateIsoXml(MESSAGE, xml);
  if (!valid.ok) return valid;
  const tx = single(MESSAGE, parseDocument(xml, ROOT), 'TxInf', TX);
  if (!tx.ok) return tx;
  const amount = readAmount(MESSAGE, tx.value, 'RtrdIntrBkSttlmAmt', `${TX}/RtrdIntrBkSttlmAmt`);
  if (!amount.ok) return amount;
  const reason = text(tx.value, 'RtrRsnInf/Rsn/Cd');
  if (reason === undefined || !(RETURN_REASONS as readonly string[]).includes(reason)) {
    return unsupported(MESSAGE, `${TX}/RtrRsnInf/Rsn/Cd`, `one of ${RETURN_REASONS.join(', ')}`);
  }
  const end_to_end_id = text(tx.value, 'OrgnlEndToEndId');
  const original_msg_id = text(tx.value, 'OrgnlGrpInf/OrgnlMsgId');
  if (end_to_end_id === undefined || original_msg_id === undefined) {
    return unsupported(MESSAGE, `${TX}/OrgnlEndToEndId`, 'the original payment is named');
  }
  return accept({
    return_id: text(tx.value, 'RtrId') ?? '',
    original_msg_id,
    end_to_end_id,
    currency: amount.value.currency,
    returned_minor: amount.value.amount_minor,
    reason: reason as ReturnReason,
  });
}
