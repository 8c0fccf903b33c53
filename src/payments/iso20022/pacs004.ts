/**
 * pacs.004.001.10 (payment return) both ways: the payee bank returns a credited payment, with
 * the amount it returns (in the currency received) and a reason (ExternalReturnReason1Code).
 * @module
 */

import { accept, assert, type Outcome } from '../../kernel/index.js';
import { RETURN_REASONS } from '../returns.js';
import type { Payment, PaymentCurrency, ReturnReason } from '../types.js';
import { readIsoXml } from './validate.js';
import {
  amountElement,
  buildDocument,
  isoDateTime,
  type MessageHeader,
  type Node,
  readAboutPayment,
  single,
  text,
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
  const root = readIsoXml(MESSAGE, xml, ROOT);
  return root.ok ? readPacs004(root.value) : root;
}

/** The pacs.004 read from its validated tree (its root element's content). */
export function readPacs004(root: Node): Outcome<ReturnMessage> {
  const tx = single(MESSAGE, root, 'TxInf', TX);
  if (!tx.ok) return tx;
  const about = readAboutPayment(MESSAGE, tx.value, TX, {
    ...{ amount: 'RtrdIntrBkSttlmAmt', reason: 'RtrRsnInf/Rsn/Cd', reasons: RETURN_REASONS },
  });
  if (!about.ok) return about;
  const { currency, amount_minor, reason, ...original } = about.value;
  return accept({
    return_id: text(tx.value, 'RtrId') ?? '',
    ...original,
    ...{ currency, returned_minor: amount_minor, reason },
  });
}
