/**
 * The demo's Payment Connect (docs/payments.md §11, docs/sim.md "Payments"): the limit rates, the
 * banks' prefunded settlement accounts at FPS and IBPS, the residents on both sides with their
 * deposits and their proxies, and the employers approved by their banks for salary payments.
 * HKICL, CNCC and ICBC are demo parties (src/reference/demo). The set-up comes in stages
 * (settings, accounts, funding, proxies, salary approvals), each computed from the hub state
 * and holding only what is missing, so a restarted simulator sends nothing twice (as
 * demo_financing.ts).
 * @module
 */

import { issuanceAccountId } from '../hub/accounts.js';
import {
  customerAccountId,
  customerAccountInput,
  type HubState,
  linkBankAccountInputs,
  settlementAccountInputs,
} from '../hub/index.js';
import type { AccountInput } from '../ledger/index.js';
import { lookupProxy, type Side, salaryApprovalKey } from '../payments/index.js';
import { parseCommand } from '../protocol/index.js';
import type { Submission } from './genesis.js';

/** The RMB link bank and the demo's converting bank (BOCHK, the RMB clearing bank). */
export const PAYMENTS_LINK_BANK = 'BOCHK';

/**
 * The demo's quotes are good for an hour of hub time: its clock runs a day in about four minutes,
 * so the launch's ten seconds would be gone before a person at the console could send the payment
 * after the quote (an hour is about ten seconds there).
 */
export const DEMO_QUOTE_VALIDITY_S = 3_600;

/** The limit rates (docs/payments.md §2 worked figures): HKD 1.087 and USD 0.14084507 per RMB. */
export const DEMO_HKD_PER_CNY_E8 = 108_700_000n;
export const DEMO_USD_PER_CNY_E8 = 14_084_507n;
/** BOCHK's conversion rates: RMB 0.92 per HKD (Northbound), HKD 1.08 per RMB (Southbound). */
export const DEMO_CNY_PER_HKD_E8 = 92_000_000n;
export const DEMO_HKD_PER_CNY_E8_QUOTE = 108_000_000n;

/** Each bank's settlement accounts and the link bank's positions: 100 m each (major units). */
export const SETTLEMENT_PREFUND_MINOR = 100_000_000_00n;
/** Each resident's opening deposit in each of their currencies. */
export const RESIDENT_DEPOSIT_MINOR = 1_000_000_00n;

export type ResidentRole = 'person' | 'employer' | 'university' | 'merchant' | 'capped';

/** A resident: who they are, where they bank, how they are found. */
export interface Resident {
  readonly key: string;
  readonly side: Side;
  readonly id: string;
  readonly id_type: 'hk_identity_card' | 'mainland_identity_card' | 'other';
  readonly name: string;
  readonly bank: string;
  readonly account: string;
  readonly proxy_type: 'mobile' | 'fps_id' | 'account';
  readonly proxy: string;
  readonly role: ResidentRole;
}

function hk(key: string, id: string, name: string, bank: string, mobile: string): Resident {
  const account = `HK-${key.toUpperCase()}`;
  const base = { key, side: 'HK', id, id_type: 'hk_identity_card', name, bank, account } as const;
  return { ...base, proxy_type: 'mobile', proxy: mobile, role: 'person' };
}

function cn(key: string, id: string, name: string, mobile: string): Resident {
  const account = `CN-${key.toUpperCase()}`;
  const base = { key, side: 'MAINLAND', id, id_type: 'mainland_identity_card', name } as const;
  return { ...base, bank: 'ICBC', account, proxy_type: 'mobile', proxy: mobile, role: 'person' };
}

/**
 * Hong Kong Identity Card holders at HSBC and BOCHK, Mainland Identity Card holders at ICBC, and
 * the payees of seed 000's use cases: a Hong Kong university (tuition), a Hong Kong and a
 * Mainland merchant. Names, ids and numbers are fictional; the numbers are valid mobile numbers
 * for libphonenumber.
 */
export const RESIDENTS: readonly Resident[] = [
  hk('chan', 'A1234563', 'CHAN Tai Man', 'HSBC', '+852 9123 4567'),
  hk('lee', 'B2345674', 'LEE Mei Ling', 'BOCHK', '+852 9234 5678'),
  { ...hk('wong', 'C3456785', 'WONG Ka Ho', 'HSBC', '+852 9345 6789'), role: 'employer' },
  // Pays once a day past the daily cap: the deliberate refusal the console shows.
  { ...hk('cheung', 'D4567896', 'CHEUNG Siu Fan', 'BOCHK', '+852 9456 7890'), role: 'capped' },
  cn('wang', '110101199003074518', '王小明', '+86 138 0013 8000'),
  cn('li', '110101199204051234', '李华', '+86 139 0013 9000'),
  cn('zhang', '440301199506071235', '张伟', '+86 137 0013 7000'),
  cn('liu', '440301199708091236', '刘洋', '+86 136 0013 6000'),
  {
    ...{ key: 'harbour-u', side: 'HK', id: 'HK-UNI-01', id_type: 'other' },
    ...{ name: 'Harbour University (fictional)', bank: 'HSBC', account: 'HK-HARBOUR-U' },
    ...{ proxy_type: 'fps_id', proxy: '1600001', role: 'university' },
  },
  {
    ...{ key: 'tea-house', side: 'HK', id: 'HK-MER-01', id_type: 'other' },
    ...{ name: 'Temple Street Tea House (fictional)', bank: 'BOCHK', account: 'HK-TEA-HOUSE' },
    ...{ proxy_type: 'fps_id', proxy: '1600002', role: 'merchant' },
  },
  {
    ...{ key: 'shenzhen-bay', side: 'MAINLAND', id: 'CN-MER-01', id_type: 'other' },
    ...{ name: '深圳湾茶餐厅（虚构）', bank: 'ICBC', account: 'CN-SHENZHEN-BAY' },
    ...{ proxy_type: 'account', proxy: 'CN-SHENZHEN-BAY', role: 'merchant' },
  },
];

export function resident(key: string): Resident {
  const found = RESIDENTS.find((r) => r.key === key);
  if (found === undefined) throw new Error(`no demo resident ${key}`);
  return found;
}

/** The ledger assets of a resident's deposits: HKD and CNH in Hong Kong, CNY on the Mainland. */
export function residentAssets(r: Resident): readonly string[] {
  return r.side === 'HK' ? ['HKD', 'CNH'] : ['CNY'];
}

/** Every payments account of the demo: banks' settlement, the link bank's, the deposits. */
export function demoPaymentAccounts(): AccountInput[] {
  return [
    ...settlementAccountInputs('HSBC', 'HK'),
    ...settlementAccountInputs('ICBC', 'MAINLAND'),
    ...linkBankAccountInputs(PAYMENTS_LINK_BANK),
    ...RESIDENTS.flatMap((r) =>
      residentAssets(r).map((asset) => customerAccountInput(r.bank, r.account, asset)),
    ),
  ];
}

const OPERATOR = 'operator';
type Json = Record<string, unknown>;

/** What Payment Connect still needs, one stage at a time; empty when all is set up. */
export function paymentsSetUpSubmissions(state: HubState): Submission[] {
  const stages = [settingsStage, accountStage, fundingStage, proxyStage, salaryStage];
  for (const stage of stages) {
    const submissions = stage(state);
    if (submissions.length > 0) return submissions;
  }
  return [];
}

function settingsStage(state: HubState): Submission[] {
  if (state.payments.settings.rates !== null) return [];
  return [
    wire(OPERATOR, {
      type: 'payments.set_settings',
      hkd_per_cny_e8: DEMO_HKD_PER_CNY_E8.toString(),
      usd_per_cny_e8: DEMO_USD_PER_CNY_E8.toString(),
      rmb_link_bank: PAYMENTS_LINK_BANK,
      quote_validity_s: DEMO_QUOTE_VALIDITY_S,
    }),
  ];
}

function accountStage(state: HubState): Submission[] {
  const missing = demoPaymentAccounts().filter((a) => !state.ledger.accounts.has(a.id));
  if (missing.length === 0) return [];
  return [wire(OPERATOR, { type: 'ledger.create_accounts', accounts: missing.map(jsonOf) })];
}

/** An account input as wire JSON. */
function jsonOf(account: AccountInput): Json {
  return JSON.parse(
    JSON.stringify(account, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Json;
}

/** The issuer of each asset's money: HKMA, PBOC and BOCHK (CNH), as the demo's cash assets. */
const ISSUERS: Readonly<Record<string, string>> = { HKD: 'HKMA', CNY: 'PBOC', CNH: 'BOCHK' };

/** The opening balance of each payments account (the merchants and the university start at 0). */
function openingMinor(account: AccountInput): bigint {
  if (!account.id.includes('/cust/')) return SETTLEMENT_PREFUND_MINOR;
  const owner = RESIDENTS.find((r) => account.id.endsWith(`/cust/${r.account}`));
  return owner !== undefined && owner.role !== 'merchant' && owner.role !== 'university'
    ? RESIDENT_DEPOSIT_MINOR
    : 0n;
}

/** Each account funded once from its asset's issuance account (an account never credited). */
function fundingStage(state: HubState): Submission[] {
  const transfers: Json[] = [];
  for (const account of demoPaymentAccounts()) {
    const amount = openingMinor(account);
    if (amount === 0n || state.ledger.accounts.get(account.id)?.credits_posted !== 0n) continue;
    transfers.push({
      id: `payments-setup/${account.id}`,
      debit_account_id: issuanceAccountId(ISSUERS[account.asset] as string, account.asset),
      credit_account_id: account.id,
      amount_minor: amount.toString(),
      code: 'mint',
    });
  }
  return transfers.length === 0
    ? []
    : [wire(OPERATOR, { type: 'ledger.create_transfers', transfers })];
}

/** Each resident's proxy, registered by their bank when the directory does not have it. */
function proxyStage(state: HubState): Submission[] {
  const out: Submission[] = [];
  for (const r of RESIDENTS) {
    if (lookupProxy(state.payments.directory, r.side, r.proxy_type, r.proxy).ok) continue;
    out.push(
      wire(r.bank, {
        ...{ type: 'payments.register_proxy', side: r.side, proxy_type: r.proxy_type },
        ...{ value: r.proxy, bank: r.bank, account: r.account, name: r.name },
      }),
    );
  }
  return out;
}

/** Each employer approved for salary payments by their bank, unless it already is. */
function salaryStage(state: HubState): Submission[] {
  const approvals = state.payments.salary_approvals.approvals;
  return RESIDENTS.filter((r) => r.role === 'employer')
    .filter((r) => !approvals.has(salaryApprovalKey(r.bank, r.id)))
    .map((r) =>
      wire(r.bank, { type: 'payments.approve_salary_payer', bank: r.bank, payer_id: r.id }),
    );
}

/** A resident's deposit account in `asset`. */
export function depositId(r: Resident, asset: string): string {
  return customerAccountId(r.bank, r.account, asset);
}

function wire(participant: string, json: Json): Submission {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(`payments set-up: ${JSON.stringify(parsed.problems)}`);
  return { participant, command: parsed.command };
}
