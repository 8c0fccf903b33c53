/**
 * pacs.002.001.11 (FI to FI payment status report) both ways. Out: the status of a payment,
 * answering its pacs.008. In: a bank's report on a payment (the payee bank's ACCC confirms the
 * credit; RJCT refuses it). Status codes (ExternalPaymentTransactionStatus1Code):
 * PDNG before funds are reserved, ACSP reserved, ACSC settled, ACCC credited (and after),
 * RJCT rejected, timed out or recalled, with the stable code in StsRsnInf/Rsn/Prtry.
 * @module
 */

import { accept, type Outcome } from '../../kernel/index.js';
import type { Payment, PaymentState } from '../types.js';
import { readIsoXml } from './validate.js';
import {
  buildDocument,
  isoDateTime,
  type MessageHeader,
  type Node,
  single,
  text,
  unsupported,
  type XmlTree,
} from './xml.js';

const MESSAGE = 'pacs.002.001.11';
const ROOT = 'FIToFIPmtStsRpt';
const TX = `/Document/${ROOT}/TxInfAndSts`;

export type TransactionStatus = 'PDNG' | 'ACSP' | 'ACSC' | 'ACCC' | 'RJCT';
const STATUSES: readonly string[] = ['PDNG', 'ACSP', 'ACSC', 'ACCC', 'RJCT'];

const STATUS_OF: Readonly<Record<PaymentState, TransactionStatus>> = {
  initiated: 'PDNG',
  looked_up: 'PDNG',
  limits_reserved: 'PDNG',
  fx_quoted: 'PDNG',
  funds_reserved: 'ACSP',
  settled: 'ACSC',
  credited: 'ACCC',
  return_requested: 'ACCC',
  returned: 'ACCC',
  rejected: 'RJCT',
  timed_out: 'RJCT',
  recalled: 'RJCT',
};

export function transactionStatus(state: PaymentState): TransactionStatus {
  return STATUS_OF[state];
}

/** A status report as read: the payment it is about, its status and why. */
export interface StatusReport {
  readonly original_msg_id: string;
  readonly end_to_end_id: string;
  readonly status: TransactionStatus;
  readonly reason_code: string | null;
  readonly reason_text: string | null;
}

/** AddtlInf is Max105Text. */
const REASON_TEXT_MAX = 105;

export function buildPacs002(
  header: MessageHeader,
  original_msg_id: string,
  payment: Payment,
): string {
  const status = transactionStatus(payment.state);
  const tx: Record<string, XmlTree | string> = {
    OrgnlGrpInf: { OrgnlMsgId: original_msg_id, OrgnlMsgNmId: 'pacs.008.001.09' },
    OrgnlEndToEndId: payment.instruction.end_to_end_id,
    OrgnlTxId: payment.instruction.end_to_end_id,
    TxSts: status,
  };
  if (payment.failure !== null) {
    tx.StsRsnInf = {
      Rsn: { Prtry: payment.failure.code },
      AddtlInf: payment.failure.message.slice(0, REASON_TEXT_MAX),
    };
  }
  return buildDocument(MESSAGE, ROOT, {
    GrpHdr: { MsgId: header.msg_id, CreDtTm: isoDateTime(header.created_us) },
    TxInfAndSts: tx,
  });
}

export function parsePacs002(xml: string): Outcome<StatusReport> {
  const root = readIsoXml(MESSAGE, xml, ROOT);
  return root.ok ? readPacs002(root.value) : root;
}

/** The pacs.002 read from its validated tree (its root element's content). */
export function readPacs002(root: Node): Outcome<StatusReport> {
  const tx = single(MESSAGE, root, 'TxInfAndSts', TX);
  if (!tx.ok) return tx;
  const status = text(tx.value, 'TxSts');
  if (status === undefined || !STATUSES.includes(status)) {
    return unsupported(MESSAGE, `${TX}/TxSts`, 'one of PDNG, ACSP, ACSC, ACCC, RJCT');
  }
  const end_to_end_id = text(tx.value, 'OrgnlEndToEndId');
  const original_msg_id = text(tx.value, 'OrgnlGrpInf/OrgnlMsgId');
  if (end_to_end_id === undefined || original_msg_id === undefined) {
    return unsupported(MESSAGE, `${TX}/OrgnlEndToEndId`, 'the original payment is named');
  }
  return accept({
    original_msg_id,
    end_to_end_id,
    status: status as TransactionStatus,
    reason_code:
      text(tx.value, 'StsRsnInf/Rsn/Prtry') ?? text(tx.value, 'StsRsnInf/Rsn/Cd') ?? null,
    reason_text: text(tx.value, 'StsRsnInf/AddtlInf') ?? null,
  });
}
