/**
 * Payment Connect commands on the wire (issue 16; docs/payments.md §9): the operator's settings,
 * the proxy directory, the banks' salary pre-approvals, the converting bank's FX quote, and a
 * payment's life (submit, credit, recall, return, expire). Amounts are minor units as digit
 * strings; rates are × 10^8.
 * @module
 */

import { z } from 'zod';
import { AMOUNT_MINOR, ID } from './fields.js';

const SIDE = z.enum(['HK', 'MAINLAND']);
const CURRENCY = z.enum(['HKD', 'CNY']);
/** The proxy type is checked by the domain (PROXY_TYPE_NOT_SUPPORTED), so any short word. */
const PROXY_TYPE = z.string().min(1).max(16);
/** The proxy as typed: a mobile number in any usual form, an e-mail, an FPS id, an account. */
const PROXY_VALUE = z.string().min(1).max(320);
/** A person's name as the bank has it (any script; checked by the domain). */
const NAME = z.string().min(1).max(140);
/** ISO 20022 Max35Text ids (EndToEndId). */
const E2E_ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,34}$/, 'an id of 1–35 characters');
/**
 * A payer's identity document number (an HK Identity Card's `A123456(7)`, a Mainland one's, a
 * passport's): letters, digits, brackets, hyphens, slashes, dots and spaces. The limits key their
 * counters by it joined with `|`, so `|` is not among them.
 */
const PAYER_ID = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9()./\- ]{0,34}$/, 'an identity document number of 1–35 characters');
/** A cap: a positive amount in minor units. */
const CAP_MINOR = AMOUNT_MINOR.refine((minor) => minor > 0n, 'a cap is a positive amount');

/**
 * The operator's settings: the caps' unit, banks' single and daily caps, the limit rates, the RMB
 * link bank.
 */
export const SET_PAYMENT_SETTINGS = z.strictObject({
  type: z.literal('payments.set_settings'),
  cap_unit: z.enum(['person_per_institution', 'person', 'account']).optional(),
  /** Southbound single-payment caps in CNY minor units by payer bank; `default` for the rest. */
  single_cap_cny_minor: z.record(ID, AMOUNT_MINOR).optional(),
  /**
   * Banks' own caps on a payer's Southbound payments in a HK day, CNY minor units, by payer bank;
   * null lifts a bank's cap. Banks not named keep theirs; a bank never named has none.
   */
  bank_daily_cap_cny_minor: z.record(ID, CAP_MINOR.nullable()).optional(),
  /** The stated rates the limits count at: HKD and USD per CNY, × 10^8. */
  hkd_per_cny_e8: AMOUNT_MINOR.optional(),
  usd_per_cny_e8: AMOUNT_MINOR.optional(),
  /** The bank that links RMB at FPS (CNH) to RMB at IBPS (CNY) one for one. */
  rmb_link_bank: ID.optional(),
  /** How long a converting bank's quote is good for, in seconds of hub time (10 at launch). */
  quote_validity_s: z.number().int().min(1).max(86_400).optional(),
});

const PROXY = {
  side: SIDE,
  proxy_type: PROXY_TYPE,
  value: PROXY_VALUE,
};

/** A bank registers its customer's proxy (or the operator for it). */
export const REGISTER_PROXY = z.strictObject({
  type: z.literal('payments.register_proxy'),
  ...PROXY,
  bank: ID,
  account: ID,
  name: NAME,
});

/** Points a proxy at another account (the holder moved bank, say). */
export const UPDATE_PROXY = z.strictObject({
  type: z.literal('payments.update_proxy'),
  ...PROXY,
  bank: ID,
  account: ID,
  name: NAME,
});

export const REMOVE_PROXY = z.strictObject({
  type: z.literal('payments.remove_proxy'),
  ...PROXY,
});

/** A bank approves its customer (by identity document number) for salary payments, until revoked. */
export const APPROVE_SALARY_PAYER = z.strictObject({
  type: z.literal('payments.approve_salary_payer'),
  bank: ID,
  payer_id: PAYER_ID,
});

/** The bank withdraws the approval: that payer's salary payments through it are refused. */
export const REVOKE_SALARY_PAYER = z.strictObject({
  type: z.literal('payments.revoke_salary_payer'),
  bank: ID,
  payer_id: PAYER_ID,
});

/** The payer's bank asks who is behind a proxy: the answer is an event with the masked name. */
export const LOOKUP_PROXY = z.strictObject({
  type: z.literal('payments.lookup'),
  bank: ID,
  ...PROXY,
});

/** The converting bank's quote: `to = from × rate_e8 / 10^8` rounded down, good for a while. */
export const QUOTE_PAYMENT = z.strictObject({
  type: z.literal('payments.quote'),
  quote_id: ID,
  bank: ID,
  from: CURRENCY,
  to: CURRENCY,
  rate_e8: AMOUNT_MINOR,
});

/** A payment as the payer's bank sends it (a pacs.008 read, or JSON). */
export const SUBMIT_PAYMENT = z.strictObject({
  type: z.literal('payments.submit'),
  end_to_end_id: E2E_ID,
  direction: z.enum(['northbound', 'southbound']),
  payer: z.strictObject({
    id: PAYER_ID,
    id_type: z.enum(['hk_identity_card', 'mainland_identity_card', 'passport', 'other']),
    name: NAME,
    bank: ID,
    account: ID,
  }),
  payee_proxy: z.strictObject({
    type: z.enum(['mobile', 'email', 'fps_id', 'account']),
    value: PROXY_VALUE,
  }),
  send_currency: CURRENCY,
  receive_currency: CURRENCY,
  amount_minor: AMOUNT_MINOR,
  purpose: z.enum(['p2p', 'tuition', 'salary', 'merchant']),
  /** The converting bank's quote, when the currencies differ. */
  quote_id: ID.optional(),
  /** The quote's rate as agreed with the payer (a pacs.008's XchgRate), × 10^8: checked. */
  agreed_rate_e8: AMOUNT_MINOR.optional(),
  /** false: stop once settled; the payee bank's confirmation credits it (default true). */
  credit: z.boolean().optional(),
});

const E2E = { end_to_end_id: E2E_ID };

/** The payee bank confirms the credit of a settled payment (its pacs.002 ACCC). */
export const CONFIRM_CREDIT = z.strictObject({
  type: z.literal('payments.confirm_credit'),
  ...E2E,
});

/** camt.056 from the payer bank: cancels before credit, asks for a return after. */
export const RECALL_PAYMENT = z.strictObject({
  type: z.literal('payments.recall'),
  ...E2E,
  reason: z.string().min(1).max(4),
});

/** pacs.004 from the payee bank: a credited payment (or one asked back) returned. */
export const RETURN_PAYMENT = z.strictObject({
  type: z.literal('payments.return'),
  ...E2E,
  reason: z.string().min(1).max(4),
});

/** The payee bank refuses a return asked for by a recall after credit; the payment stays final. */
export const REFUSE_RETURN = z.strictObject({
  type: z.literal('payments.refuse_return'),
  ...E2E,
});

/** Rolls back a payment past its deadline (anyone may ask; the hub clock decides). */
export const EXPIRE_PAYMENT = z.strictObject({
  type: z.literal('payments.expire'),
  ...E2E,
});

export type SetPaymentSettings = z.infer<typeof SET_PAYMENT_SETTINGS>;
export type RegisterProxy = z.infer<typeof REGISTER_PROXY>;
export type UpdateProxy = z.infer<typeof UPDATE_PROXY>;
export type RemoveProxy = z.infer<typeof REMOVE_PROXY>;
export type LookupProxy = z.infer<typeof LOOKUP_PROXY>;
export type ApproveSalaryPayer = z.infer<typeof APPROVE_SALARY_PAYER>;
export type RevokeSalaryPayer = z.infer<typeof REVOKE_SALARY_PAYER>;
export type QuotePayment = z.infer<typeof QUOTE_PAYMENT>;
export type SubmitPayment = z.infer<typeof SUBMIT_PAYMENT>;
export type ConfirmCredit = z.infer<typeof CONFIRM_CREDIT>;
export type RecallPayment = z.infer<typeof RECALL_PAYMENT>;
export type ReturnPayment = z.infer<typeof RETURN_PAYMENT>;
export type ExpirePayment = z.infer<typeof EXPIRE_PAYMENT>;
export type RefuseReturn = z.infer<typeof REFUSE_RETURN>;
