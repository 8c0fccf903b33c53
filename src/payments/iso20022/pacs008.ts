/**
 * pacs.008.001.09 (FI to FI customer credit transfer) ↔ the domain's payment instruction.
 * Mapping (docs/payments.md §4): PmtId/EndToEndId the idempotency key; IntrBkSttlmAmt the amount
 * sent in the send currency; CdtrAcct/Ccy the currency received; DbtrAgt's clearing system (FPS or
 * IBPS) the direction; Dbtr/Id/PrvtId/Othr the payer's identity document; CdtrAcct/Prxy the payee's
 * proxy (CdtrAcct/Id/Othr/Id the account when paying to an account); Purp/Cd the use case; for
 * a converting payment, XchgRate the quote's rate and InstrForNxtAgt/InstrInf `/FXQT/<quote id>`
 * the converting bank's quote (a code word, *assumption*, docs/payments.md §5).
 * @module
 */

import { accept, formatMinor, type Outcome, parseDecimal } from '../../kernel/index.js';
import type {
  PayerIdType,
  PaymentInstruction,
  PaymentPurpose,
  PaymentSystem,
  ProxyType,
} from '../types.js';
import { readIsoXml } from './validate.js';
import {
  agentElement,
  amountElement,
  buildDocument,
  isoDateTime,
  type MessageHeader,
  type Node,
  readAmount,
  readCurrency,
  readSystem,
  single,
  text,
  unsupported,
  type XmlTree,
} from './xml.js';

const MESSAGE = 'pacs.008.001.09';
const ROOT = 'FIToFICstmrCdtTrf';
const TX = `/Document/${ROOT}/CdtTrfTxInf`;

/**
 * The code word naming the converting bank's quote in `InstrForNxtAgt/InstrInf`, in the manner of
 * SWIFT's `/CODE/` words: `/FXQT/<quote id>` (*assumption*: no published Payment Connect word).
 */
export const QUOTE_CODE_WORD = '/FXQT/';
/** XchgRate is read at the scale of the domain's rates: 8 decimals at most. */
const RATE_DECIMALS = 8;

/** CashAccount38 needs an Id even when the payee is found by proxy (market practice). */
export const ACCOUNT_NOT_PROVIDED = 'NOTPROVIDED';

const ID_SCHEME: Readonly<Record<PayerIdType, string>> = {
  hk_identity_card: 'HKID',
  mainland_identity_card: 'CNID',
  passport: 'PASSPORT',
  other: 'OTHER',
};
/** ExternalPurpose1Code: salary, study, goods; person to person as OTHR (*assumption*). */
const PURPOSE_CODE: Readonly<Record<PaymentPurpose, string>> = {
  p2p: 'OTHR',
  tuition: 'STDY',
  salary: 'SALA',
  merchant: 'GDDS',
};
/** ExternalProxyAccountType1Code TELE and EMAL; FPS IDs proprietary. */
const PROXY_CODE: Readonly<Record<Exclude<ProxyType, 'account'>, XmlTree>> = {
  mobile: { Cd: 'TELE' },
  email: { Cd: 'EMAL' },
  fps_id: { Prtry: 'FPSID' },
};

function invert<K extends string>(record: Readonly<Record<K, string>>): Map<string, K> {
  return new Map(Object.entries(record).map(([k, v]) => [v as string, k as K]));
}
/** A quote id as the hub's commands take it (protocol `ID`). */
const QUOTE_ID = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/;

const ID_TYPE_OF = invert(ID_SCHEME);
const PURPOSE_OF = invert(PURPOSE_CODE);

function systems(direction: PaymentInstruction['direction']): [PaymentSystem, PaymentSystem] {
  return direction === 'northbound' ? ['FPS', 'IBPS'] : ['IBPS', 'FPS'];
}

/** A rate × 10^8 as BaseOneRate text, without trailing zeros: 92_000_000n → `0.92`. */
export function rateText(rate_e8: bigint): string {
  return formatMinor(rate_e8, RATE_DECIMALS).replace(/\.?0+$/, '');
}

/** XchgRate (before ChrgBr), when the instruction states the quote's rate. */
function exchange_rate(i: PaymentInstruction): XmlTree {
  return i.agreed_rate_e8 === undefined ? {} : { XchgRate: rateText(i.agreed_rate_e8) };
}

/** InstrForNxtAgt (before Purp), when the instruction names a quote. */
function quote_instruction(i: PaymentInstruction): XmlTree {
  if (i.quote_id === undefined) return {};
  return { InstrForNxtAgt: { InstrInf: `${QUOTE_CODE_WORD}${i.quote_id}` } };
}

function creditor_account(i: PaymentInstruction): XmlTree {
  const { type, value } = i.payee_proxy;
  if (type === 'account') return { Id: { Othr: { Id: value } }, Ccy: i.receive_currency };
  return {
    Id: { Othr: { Id: ACCOUNT_NOT_PROVIDED } },
    Ccy: i.receive_currency,
    Prxy: { Tp: PROXY_CODE[type], Id: value },
  };
}

/**
 * The pacs.008 for `instruction`. The creditor agent is the payee's bank when known, else the
 * operator of the payee's system (HKICL or CNCC), which finds it by the proxy.
 */
export function buildPacs008(
  header: MessageHeader,
  instruction: PaymentInstruction,
  payee_bank: string | null = null,
): string {
  const i = instruction;
  const [from, to] = systems(i.direction);
  const creditor_bank = payee_bank ?? (to === 'FPS' ? 'HKICL' : 'CNCC');
  return buildDocument(MESSAGE, ROOT, {
    GrpHdr: {
      MsgId: header.msg_id,
      CreDtTm: isoDateTime(header.created_us),
      NbOfTxs: '1',
      SttlmInf: { SttlmMtd: 'CLRG' },
    },
    CdtTrfTxInf: {
      PmtId: { EndToEndId: i.end_to_end_id, TxId: i.end_to_end_id },
      IntrBkSttlmAmt: amountElement(i.send_currency, i.amount_minor),
      ...exchange_rate(i),
      ChrgBr: 'SLEV',
      Dbtr: {
        Nm: i.payer.name,
        Id: {
          PrvtId: { Othr: { Id: i.payer.id, SchmeNm: { Prtry: ID_SCHEME[i.payer.id_type] } } },
        },
      },
      DbtrAcct: { Id: { Othr: { Id: i.payer.account } }, Ccy: i.send_currency },
      DbtrAgt: agentElement(from, i.payer.bank),
      CdtrAgt: agentElement(to, creditor_bank),
      Cdtr: {},
      CdtrAcct: creditor_account(i),
      ...quote_instruction(i),
      Purp: { Cd: PURPOSE_CODE[i.purpose] },
    },
  });
}

/** A pacs.008 as the domain's instruction: validated against the XSD, then read. */
export function parsePacs008(xml: string): Outcome<PaymentInstruction> {
  const root = readIsoXml(MESSAGE, xml, ROOT);
  return root.ok ? readPacs008(root.value) : root;
}

/** The pacs.008 read from its validated tree (its root element's content). */
export function readPacs008(root: Node): Outcome<PaymentInstruction> {
  const tx = single(MESSAGE, root, 'CdtTrfTxInf', TX);
  if (!tx.ok) return tx;
  return read_transaction(tx.value);
}

function read_transaction(tx: Node): Outcome<PaymentInstruction> {
  const debtor_agent = readSystem(MESSAGE, tx, 'DbtrAgt', `${TX}/DbtrAgt`);
  if (!debtor_agent.ok) return debtor_agent;
  const amount = readAmount(MESSAGE, tx, 'IntrBkSttlmAmt', `${TX}/IntrBkSttlmAmt`);
  if (!amount.ok) return amount;
  const receive = readCurrency(MESSAGE, text(tx, 'CdtrAcct/Ccy'), `${TX}/CdtrAcct/Ccy`);
  if (!receive.ok) return receive;
  const payer = read_payer(tx);
  if (!payer.ok) return payer;
  const proxy = read_proxy(tx);
  if (!proxy.ok) return proxy;
  const purpose = PURPOSE_OF.get(text(tx, 'Purp/Cd') ?? 'OTHR');
  if (purpose === undefined) {
    return unsupported(MESSAGE, `${TX}/Purp/Cd`, 'one of OTHR, STDY, SALA, GDDS');
  }
  const fx = read_fx(tx, amount.value.currency !== receive.value);
  if (!fx.ok) return fx;
  return accept({
    end_to_end_id: text(tx, 'PmtId/EndToEndId') ?? '',
    direction: debtor_agent.value.system === 'FPS' ? 'northbound' : 'southbound',
    payer: { ...payer.value, bank: debtor_agent.value.member },
    payee_proxy: proxy.value,
    send_currency: amount.value.currency,
    receive_currency: receive.value,
    amount_minor: amount.value.amount_minor,
    purpose,
    ...fx.value,
  });
}

type QuoteFields = Pick<PaymentInstruction, 'quote_id' | 'agreed_rate_e8'>;

/** The quote a converting payment names and the rate it states, each when given. */
function read_fx(tx: Node, converting: boolean): Outcome<QuoteFields> {
  const rate = text(tx, 'XchgRate');
  if (rate !== undefined && !converting) {
    return unsupported(MESSAGE, `${TX}/XchgRate`, 'only a payment converting currencies has one');
  }
  // Exact, no floats: the decimal text read at 8 places, never rounded.
  const agreed_rate_e8 = rate === undefined ? undefined : parseDecimal(rate, RATE_DECIMALS);
  if (rate !== undefined && (agreed_rate_e8 === undefined || agreed_rate_e8 <= 0n)) {
    const rule = `a positive rate with at most ${RATE_DECIMALS} decimals`;
    return unsupported(MESSAGE, `${TX}/XchgRate`, rule);
  }
  const quote_id = read_quote_id(tx);
  if (!quote_id.ok) return quote_id;
  return accept({
    ...(quote_id.value === undefined ? {} : { quote_id: quote_id.value }),
    ...(agreed_rate_e8 === undefined ? {} : { agreed_rate_e8 }),
  });
}

/** The quote id of the one `/FXQT/` code word among the instructions for the next agent. */
function read_quote_id(tx: Node): Outcome<string | undefined> {
  const field = `${TX}/InstrForNxtAgt/InstrInf`;
  const instructions = (tx.InstrForNxtAgt ?? []) as readonly Node[];
  const words = instructions
    .map((instruction) => text(instruction, 'InstrInf') ?? '')
    .filter((info) => info.startsWith(QUOTE_CODE_WORD));
  if (words.length === 0) return accept(undefined);
  const quote_id = (words[0] ?? '').slice(QUOTE_CODE_WORD.length);
  if (words.length > 1 || !QUOTE_ID.test(quote_id)) {
    return unsupported(
      MESSAGE,
      field,
      `one ${QUOTE_CODE_WORD}<quote id> of 1–64 letters, digits or ._:-/`,
    );
  }
  return accept(quote_id);
}

function read_payer(tx: Node): Outcome<Omit<PaymentInstruction['payer'], 'bank'>> {
  const name = text(tx, 'Dbtr/Nm');
  if (name === undefined) return unsupported(MESSAGE, `${TX}/Dbtr/Nm`, 'the payer is named');
  const id = text(tx, 'Dbtr/Id/PrvtId/Othr/Id');
  const id_type = ID_TYPE_OF.get(text(tx, 'Dbtr/Id/PrvtId/Othr/SchmeNm/Prtry') ?? '');
  if (id === undefined || id_type === undefined) {
    return unsupported(
      MESSAGE,
      `${TX}/Dbtr/Id/PrvtId/Othr`,
      'an identity document: HKID, CNID, PASSPORT or OTHER',
    );
  }
  const account = text(tx, 'DbtrAcct/Id/Othr/Id');
  if (account === undefined) {
    return unsupported(MESSAGE, `${TX}/DbtrAcct/Id/Othr/Id`, "the payer's account");
  }
  return accept({ id, id_type, name, account });
}

function read_proxy(tx: Node): Outcome<PaymentInstruction['payee_proxy']> {
  const value = text(tx, 'CdtrAcct/Prxy/Id');
  if (value === undefined) {
    const account = text(tx, 'CdtrAcct/Id/Othr/Id');
    if (account === undefined || account === ACCOUNT_NOT_PROVIDED) {
      return unsupported(MESSAGE, `${TX}/CdtrAcct`, 'a proxy (Prxy) or an account (Id/Othr/Id)');
    }
    return accept({ type: 'account', value: account });
  }
  const code = text(tx, 'CdtrAcct/Prxy/Tp/Cd');
  const proprietary = text(tx, 'CdtrAcct/Prxy/Tp/Prtry');
  const type: ProxyType | undefined =
    code === 'TELE'
      ? 'mobile'
      : code === 'EMAL'
        ? 'email'
        : proprietary === 'FPSID'
          ? 'fps_id'
          : undefined;
  if (type === undefined) {
    return unsupported(MESSAGE, `${TX}/CdtrAcct/Prxy/Tp`, 'TELE, EMAL or proprietary FPSID');
  }
  return accept({ type, value });
}
