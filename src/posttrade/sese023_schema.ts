/**
 * The shape of the sese.023 (SecuritiesSettlementTransactionInstructionV11) subset Hutong reads,
 * as a zod schema over the parsed XML, so every problem names its element path. Elements Hutong
 * does not use are allowed and ignored, as a receiving system must.
 * @module
 */

import { z } from 'zod';
import { isIsoDate } from '../kernel/index.js';
import { isIsin } from '../reference/index.js';

/** The namespace of the message version Hutong reads and writes. */
export const SESE023_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:sese.023.001.11';
/** The issuer of the proprietary party ids Hutong writes (`PrtryId/Issr`). */
export const PARTY_ID_ISSUER = 'HUTONG';

function missingOr(problem: string) {
  return (issue: { input: unknown }) => (issue.input === undefined ? 'is missing' : problem);
}

/** Max35Text (ISO 20022). */
const text35 = z
  .string({ error: missingOr('must be text') })
  .min(1, 'is empty')
  .max(35, 'is longer than 35 characters');

const isoDate = z
  .string({ error: missingOr('must be a date') })
  .refine(isIsoDate, 'is not a date YYYY-MM-DD');

const dateChoice = z.object(
  { Dt: z.object({ Dt: isoDate }, { error: missingOr('must hold Dt') }) },
  { error: missingOr('must hold Dt') },
);

const decimalText = z
  .string({ error: missingOr('must be a decimal') })
  .regex(/^\d{1,18}(\.\d{1,17})?$/, 'is not a non-negative decimal');

const amount = z.object(
  {
    '#text': decimalText,
    '@_Ccy': z
      .string({ error: missingOr('must be a currency') })
      .regex(/^[A-Z]{3}$/, 'is not a currency code'),
  },
  { error: missingOr('must be an amount with Ccy') },
);

const party = z.object(
  {
    Id: z.object(
      {
        PrtryId: z.object(
          {
            Id: text35,
            Issr: z.literal(PARTY_ID_ISSUER, { error: missingOr(`must be ${PARTY_ID_ISSUER}`) }),
          },
          { error: missingOr('must hold PrtryId') },
        ),
      },
      { error: missingOr('must hold Id') },
    ),
  },
  { error: missingOr('must hold a party') },
);

const settlementParties = z.object(
  { Pty1: party, Pty2: party },
  { error: missingOr('must hold Pty1 and Pty2') },
);

const instruction = z.object(
  {
    TxId: text35.regex(
      /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/,
      'has characters other than letters, digits or ._:/-',
    ),
    SttlmTpAndAddtlParams: z.object(
      {
        SctiesMvmntTp: z.enum(['DELI', 'RECE'], {
          error: missingOr('is not a known movement type (DELI, RECE)'),
        }),
        Pmt: z.enum(['APMT', 'FREE'], {
          error: missingOr('is not a known payment type (APMT, FREE)'),
        }),
      },
      { error: missingOr('must hold SctiesMvmntTp and Pmt') },
    ),
    TradDtls: z.object(
      {
        TradId: text35.optional(),
        TradDt: dateChoice,
        SttlmDt: dateChoice,
        DealPric: z.object({ Val: z.object({ Amt: amount }) }).optional(),
      },
      { error: missingOr('must hold TradDt and SttlmDt') },
    ),
    FinInstrmId: z.object(
      {
        ISIN: z
          .string({ error: missingOr('must be an ISIN') })
          .refine(isIsin, 'is not a valid ISIN (format, prefix or check digit)'),
      },
      { error: missingOr('must hold ISIN') },
    ),
    QtyAndAcctDtls: z.object(
      {
        SttlmQty: z.object(
          {
            Qty: z.object({
              Unit: z
                .string({ error: missingOr('must be a quantity') })
                .regex(/^[1-9][0-9]{0,11}$/, 'is not a whole number of units from 1 to 10^12'),
            }),
          },
          { error: missingOr('must hold Qty/Unit') },
        ),
        SfkpgAcct: z.object({ Id: text35 }, { error: missingOr('must hold Id') }),
        CshAcct: z.object({ Prtry: text35 }).optional(),
      },
      { error: missingOr('must hold SttlmQty and SfkpgAcct') },
    ),
    SttlmParams: z.object(
      {
        SctiesTxTp: z.object({
          Cd: z.literal('TRAD', { error: missingOr('is not TRAD (trade)') }),
        }),
        PrtlSttlmInd: z.enum(['NPAR', 'PART'], { error: 'is not NPAR or PART' }).optional(),
      },
      { error: missingOr('must hold SctiesTxTp') },
    ),
    DlvrgSttlmPties: settlementParties,
    RcvgSttlmPties: settlementParties,
    SttlmAmt: z
      .object({
        Amt: amount,
        CdtDbtInd: z.enum(['CRDT', 'DBIT'], { error: missingOr('is not CRDT or DBIT') }),
      })
      .optional(),
  },
  { error: missingOr('must hold the instruction') },
);

/** The parsed document. */
export const sese023Schema = z.object({
  Document: z.object(
    {
      '@_xmlns': z.literal(SESE023_NAMESPACE, {
        error: `is the wrong namespace (expected ${SESE023_NAMESPACE})`,
      }),
      SctiesSttlmTxInstr: instruction,
    },
    { error: missingOr('must be the root element') },
  ),
});

/** A parsed, shape-checked sese.023 document. */
export type Sese023Document = z.infer<typeof sese023Schema>;
