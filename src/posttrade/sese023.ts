/**
 * ISO 20022 sese.023 (securities settlement transaction instruction, version 11): reading and
 * writing the subset Hutong settles on. Reading checks the XML, then the shape (every element's
 * path named in the error), then the meaning (known instrument, amount in the currency's minor
 * units, credit/debit agreeing with the movement). The element mapping is in docs/settlement.md §8.
 * @module
 */

import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  accept,
  formatMinor,
  type Outcome,
  parseDecimal,
  type Rejection,
} from '../kernel/index.js';
import { type CurrencyCode, currency, type Market } from '../reference/index.js';
import { refuse } from './codes.js';
import { POSTTRADE_LIMITS } from './limits.js';
import {
  PARTY_ID_ISSUER,
  SESE023_NAMESPACE,
  type Sese023Document,
  sese023Schema,
} from './sese023_schema.js';
import type { Instruction } from './types.js';

/** What the hub knows about an instrument, for reading amounts and prices. */
export interface InstrumentInfo {
  readonly market: Market;
  readonly currency: CurrencyCode;
  readonly price_scale: number;
}

/** Reference data lookup injected by the hub. */
export type InstrumentLookup = (isin: string) => InstrumentInfo | undefined;

/** A settlement instruction as sese.023 carries it. */
export interface Sese023Instruction {
  readonly tx_id: string;
  readonly trade_id: string;
  /** Whose message it is: the deliverer's (`DELI`) or the receiver's (`RECE`). */
  readonly movement: 'DELI' | 'RECE';
  readonly payment: 'APMT' | 'FREE';
  readonly trade_date: string;
  readonly settlement_date: string;
  readonly isin: string;
  readonly market: Market;
  readonly quantity_units: bigint;
  /** The instructing party's safekeeping account. */
  readonly safekeeping_account: string;
  readonly cash_asset: string | undefined;
  readonly partial_allowed: boolean;
  readonly deliverer_participant: string;
  readonly deliverer: string;
  readonly receiver_participant: string;
  readonly receiver: string;
  readonly currency: CurrencyCode;
  readonly price_units: number;
  readonly price_scale: number;
  readonly cash_minor: bigint;
}

function invalid(field: string, problem: string): Rejection {
  return refuse('SESE023_INVALID', `sese.023 ${field} ${problem}`, { field, problem });
}

const ROOT = 'Document/SctiesSttlmTxInstr';

/** Parses and checks a sese.023 document; the first problem names its element path. */
export function readSese023(xml: string, lookup: InstrumentLookup): Outcome<Sese023Instruction> {
  if (xml.length > POSTTRADE_LIMITS.sese023_length_max) {
    return invalid('Document', `is longer than ${POSTTRADE_LIMITS.sese023_length_max} characters`);
  }
  const well_formed = XMLValidator.validate(xml);
  if (well_formed !== true) {
    const e = well_formed.err;
    return invalid(
      'Document',
      `is not well-formed XML (line ${e.line}, column ${e.col}: ${e.msg})`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  });
  const parsed = sese023Schema.safeParse(parser.parse(xml));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? [])
      .filter((part) => part !== '#text')
      .map((part) => String(part).replace('@_', '@'))
      .join('/');
    return invalid(path === '' ? 'Document' : path, issue?.message ?? 'is invalid');
  }
  return meaningOf(parsed.data, lookup);
}

function meaningOf(
  document: Sese023Document,
  lookup: InstrumentLookup,
): Outcome<Sese023Instruction> {
  const m = document.Document.SctiesSttlmTxInstr;
  const info = lookup(m.FinInstrmId.ISIN);
  if (info === undefined) return invalid(`${ROOT}/FinInstrmId/ISIN`, 'is not a known instrument');
  const trade_date = m.TradDtls.TradDt.Dt.Dt;
  const settlement_date = m.TradDtls.SttlmDt.Dt.Dt;
  if (settlement_date < trade_date) {
    return invalid(`${ROOT}/TradDtls/SttlmDt/Dt/Dt`, 'is before the trade date');
  }
  const price = priceOf(m.TradDtls.DealPric?.Val.Amt, info);
  if (!price.ok) return price;
  const cash = cashOf(m, info);
  if (!cash.ok) return cash;
  const d = m.DlvrgSttlmPties;
  const r = m.RcvgSttlmPties;
  if (d.Pty2.Id.PrtryId.Id === r.Pty2.Id.PrtryId.Id) {
    return invalid(
      `${ROOT}/RcvgSttlmPties/Pty2/Id/PrtryId/Id`,
      'is the same owner as the deliverer',
    );
  }
  return accept({
    tx_id: m.TxId,
    trade_id: m.TradDtls.TradId ?? m.TxId,
    movement: m.SttlmTpAndAddtlParams.SctiesMvmntTp,
    payment: m.SttlmTpAndAddtlParams.Pmt,
    trade_date,
    settlement_date,
    isin: m.FinInstrmId.ISIN,
    market: info.market,
    quantity_units: BigInt(m.QtyAndAcctDtls.SttlmQty.Qty.Unit),
    safekeeping_account: m.QtyAndAcctDtls.SfkpgAcct.Id,
    cash_asset: m.QtyAndAcctDtls.CshAcct?.Prtry,
    partial_allowed: m.SttlmParams.PrtlSttlmInd === 'PART',
    deliverer_participant: d.Pty1.Id.PrtryId.Id,
    deliverer: d.Pty2.Id.PrtryId.Id,
    receiver_participant: r.Pty1.Id.PrtryId.Id,
    receiver: r.Pty2.Id.PrtryId.Id,
    currency: info.currency,
    price_units: price.value,
    price_scale: info.price_scale,
    cash_minor: cash.value,
  });
}

type Amount = { readonly '#text': string; readonly '@_Ccy': string };

function priceOf(amount: Amount | undefined, info: InstrumentInfo): Outcome<number> {
  if (amount === undefined) return accept(0);
  const field = `${ROOT}/TradDtls/DealPric/Val/Amt`;
  if (amount['@_Ccy'] !== info.currency) return invalid(`${field}/@Ccy`, `is not ${info.currency}`);
  const units = parseDecimal(amount['#text'], info.price_scale);
  if (units === undefined || units > BigInt(Number.MAX_SAFE_INTEGER)) {
    return invalid(field, `has more than ${info.price_scale} decimals or is too large`);
  }
  return accept(Number(units));
}

function cashOf(
  m: Sese023Document['Document']['SctiesSttlmTxInstr'],
  info: InstrumentInfo,
): Outcome<bigint> {
  const field = `${ROOT}/SttlmAmt`;
  const payment = m.SttlmTpAndAddtlParams.Pmt;
  if (payment === 'FREE') {
    return m.SttlmAmt === undefined ? accept(0n) : invalid(field, 'is given for a FREE delivery');
  }
  if (m.SttlmAmt === undefined) return invalid(field, 'is missing (required against payment)');
  const amount = m.SttlmAmt.Amt;
  if (amount['@_Ccy'] !== info.currency) {
    return invalid(`${field}/Amt/@Ccy`, `is not the instrument's currency ${info.currency}`);
  }
  const scale = currency(info.currency)?.minor_units ?? 2;
  const minor = parseDecimal(amount['#text'], scale);
  if (minor === undefined || minor === 0n) {
    return invalid(`${field}/Amt`, `is not a positive amount with at most ${scale} decimals`);
  }
  const expected = m.SttlmTpAndAddtlParams.SctiesMvmntTp === 'DELI' ? 'CRDT' : 'DBIT';
  if (m.SttlmAmt.CdtDbtInd !== expected) {
    return invalid(
      `${field}/CdtDbtInd`,
      `must be ${expected} for ${m.SttlmTpAndAddtlParams.SctiesMvmntTp}`,
    );
  }
  return accept(minor);
}

function partyXml(participant: string, owner: string) {
  const id = (value: string) => ({ Id: { PrtryId: { Id: value, Issr: PARTY_ID_ISSUER } } });
  return { Pty1: id(participant), Pty2: id(owner) };
}

/** Writes an instruction as sese.023 from the deliverer's (`DELI`) or receiver's side. */
export function writeSese023(
  instruction: Instruction,
  movement: 'DELI' | 'RECE',
  safekeeping_account: string,
): Outcome<string> {
  const i = instruction;
  const too_long = [i.id, i.trade_id, safekeeping_account, i.deliverer, i.receiver, i.cash_asset]
    .concat([i.deliverer_participant, i.receiver_participant])
    .find((text) => text.length > 35);
  if (too_long !== undefined) return invalid(ROOT, `cannot carry ${too_long} (over 35 characters)`);
  const scale = currency(i.currency)?.minor_units ?? 2;
  const body = {
    TxId: i.id,
    SttlmTpAndAddtlParams: { SctiesMvmntTp: movement, Pmt: i.payment },
    TradDtls: {
      TradId: i.trade_id,
      TradDt: { Dt: { Dt: i.trade_date } },
      SttlmDt: { Dt: { Dt: i.securities_date } },
      ...(i.price_units > 0
        ? {
            DealPric: {
              Tp: { Yldd: 'false' },
              Val: {
                Amt: {
                  '#text': formatMinor(BigInt(i.price_units), i.price_scale),
                  '@_Ccy': i.currency,
                },
              },
            },
          }
        : {}),
    },
    FinInstrmId: { ISIN: i.isin },
    QtyAndAcctDtls: {
      SttlmQty: { Qty: { Unit: i.quantity_units.toString() } },
      SfkpgAcct: { Id: safekeeping_account },
      CshAcct: { Prtry: i.cash_asset },
    },
    SttlmParams: { SctiesTxTp: { Cd: 'TRAD' }, PrtlSttlmInd: i.partial_allowed ? 'PART' : 'NPAR' },
    DlvrgSttlmPties: partyXml(i.deliverer_participant, i.deliverer),
    RcvgSttlmPties: partyXml(i.receiver_participant, i.receiver),
    ...(i.payment === 'APMT'
      ? {
          SttlmAmt: {
            Amt: { '#text': formatMinor(i.cash_minor, scale), '@_Ccy': i.currency },
            CdtDbtInd: movement === 'DELI' ? 'CRDT' : 'DBIT',
          },
        }
      : {}),
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
  });
  return accept(
    builder.build({
      '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
      Document: { '@_xmlns': SESE023_NAMESPACE, SctiesSttlmTxInstr: body },
    }) as string,
  );
}
