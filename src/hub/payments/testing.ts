/**
 * Test helpers for Payment Connect in the hub: the demo genesis (with the two operators, HKICL
 * and CNCC, and a Mainland bank, ICBC, among its parties), the limit rates set, the banks' settlement
 * accounts prefunded, customers with deposits and proxies; a payment builder; balances.
 * @module
 */

import assert from 'node:assert/strict';
import { timestampAt } from '../../kernel/index.js';
import type { AccountInput } from '../../ledger/index.js';
import type { Command } from '../../protocol/index.js';
import { issuanceAccountId } from '../accounts.js';
import { genesis, wire } from '../bonds/testing.js';
import type { TestHub } from '../testing.js';
import {
  customerAccountId,
  customerAccountInput,
  linkAccountId,
  linkBankAccountInputs,
  settlementAccountId,
  settlementAccountInputs,
} from './accounts.js';

export const HK_BANK = 'HSBC';
export const CN_BANK = 'ICBC';
/** Converts HKD and links RMB between FPS (CNH) and IBPS (CNY): the RMB clearing bank. */
export const LINK_BANK = 'BOCHK';

/** HKD per CNY 1.087 and USD per CNY 0.14084507 (docs/payments.md §2 worked figures). */
export const HKD_PER_CNY_E8 = 108_700_000n;
export const USD_PER_CNY_E8 = 14_084_507n;
/** The converting bank's rate: CNY 0.92 per HKD. */
export const CNY_PER_HKD_E8 = 92_000_000n;
export const HKD_PER_CNY_QUOTE_E8 = 108_000_000n;

/** Prefunding of each settlement account and link position, in minor units. */
export const PREFUND_MINOR = 100_000_000_00n;
/** Each customer's opening deposit. */
export const DEPOSIT_MINOR = 50_000_000n;

/** The customers: HK (HSBC) and Mainland (ICBC), with their mobile numbers. */
export const ALICE = {
  id: 'A1234563',
  id_type: 'hk_identity_card',
  name: 'CHAN Tai Man',
  bank: HK_BANK,
  account: 'HK-001',
  mobile: '+852 9123 4567',
} as const;
export const WANG = {
  id: '110101199003074518',
  id_type: 'mainland_identity_card',
  name: '王小明',
  bank: CN_BANK,
  account: 'CN-001',
  mobile: '138 0013 8000',
} as const;
export const LI = {
  id: '110101199204051234',
  id_type: 'mainland_identity_card',
  name: '李华',
  bank: CN_BANK,
  account: 'CN-002',
  mobile: '139 0013 9000',
} as const;

type Person = { id: string; id_type: string; name: string; bank: string; account: string };

export function op(t: TestHub, json: unknown) {
  return t.accept('operator', wire(json));
}

function fund(id: string, asset: string, amount_minor: bigint) {
  const issuer = { HKD: 'HKMA', CNY: 'PBOC', CNH: 'BOCHK' }[asset] as string;
  return {
    id: `fund-${id}`,
    debit_account_id: issuanceAccountId(issuer, asset),
    credit_account_id: id,
    amount_minor: amount_minor.toString(),
  };
}

/** Every account of the day, opened and funded by the operator. */
function accounts(): { inputs: AccountInput[]; funded: [string, string, bigint][] } {
  const inputs: AccountInput[] = [
    ...settlementAccountInputs(HK_BANK, 'HK'),
    ...settlementAccountInputs(CN_BANK, 'MAINLAND'),
    ...linkBankAccountInputs(LINK_BANK),
    customerAccountInput(HK_BANK, ALICE.account, 'HKD'),
    customerAccountInput(HK_BANK, ALICE.account, 'CNH'),
    customerAccountInput(CN_BANK, WANG.account, 'CNY'),
    customerAccountInput(CN_BANK, LI.account, 'CNY'),
  ];
  const funded: [string, string, bigint][] = inputs.map((a) => [
    a.id,
    a.asset,
    a.id.includes('/cust/') ? DEPOSIT_MINOR : PREFUND_MINOR,
  ]);
  return { inputs, funded };
}

/**
 * What makes a hub ready for payments, as `[participant, wire JSON]` in order: the operators and
 * ICBC registered, the limit rates set, the accounts opened and funded, the proxies registered.
 * Sent as they are by the hub tests and over HTTP by the gateway's tests.
 */
export function paymentsSetUp(): Array<[string, Record<string, unknown>]> {
  const { inputs, funded } = accounts();
  const proxy = (
    side: string,
    who: Person & { mobile: string },
  ): [string, Record<string, unknown>] => [who.bank, proxyJson(side, who)];
  return [
    [
      'operator',
      {
        type: 'payments.set_settings',
        hkd_per_cny_e8: HKD_PER_CNY_E8.toString(),
        usd_per_cny_e8: USD_PER_CNY_E8.toString(),
      },
    ],
    ['operator', { type: 'ledger.create_accounts', accounts: inputs }],
    [
      'operator',
      {
        type: 'ledger.create_transfers',
        transfers: funded.map(([id, asset, amount]) => fund(id, asset, amount)),
      },
    ],
    proxy('HK', ALICE),
    proxy('MAINLAND', WANG),
    proxy('MAINLAND', LI),
  ];
}

/** The demo genesis at 10:00 HK time on Monday 5 January 2026, ready for payments. */
export function paymentsHub(start_us = timestampAt('2026-01-05', '10:00')): TestHub {
  const t = genesis();
  t.now_us = start_us;
  // HKICL, CNCC and ICBC are demo parties (src/reference/demo/parties.ts).
  for (const [who, json] of paymentsSetUp()) t.accept(who, wire(json));
  return t;
}

export function registerProxy(
  side: string,
  who: { bank: string; account: string; name: string; mobile: string },
): Command {
  return wire(proxyJson(side, who));
}

function proxyJson(
  side: string,
  who: { bank: string; account: string; name: string; mobile: string },
): Record<string, unknown> {
  return {
    type: 'payments.register_proxy',
    side,
    proxy_type: 'mobile',
    value: who.mobile,
    bank: who.bank,
    account: who.account,
    name: who.name,
  };
}

/** A person-to-person payment in RMB by mobile number, one way or the other. */
function submit(
  direction: 'northbound' | 'southbound',
  e2e: string,
  payer: Person,
  to: string,
  amount_minor: bigint,
  more: Record<string, unknown>,
): Command {
  const { id, id_type, name, bank, account } = payer;
  return wire({
    type: 'payments.submit',
    ...{ end_to_end_id: e2e, direction, payer: { id, id_type, name, bank, account } },
    payee_proxy: { type: 'mobile', value: to },
    ...{ send_currency: 'CNY', receive_currency: 'CNY' },
    ...{ amount_minor: amount_minor.toString(), purpose: 'p2p' },
    ...more,
  });
}

/** A Northbound payment by mobile number from `payer` (HK) to the Mainland mobile `to`. */
export function northbound(
  e2e: string,
  payer: Person,
  to: string,
  amount_minor: bigint,
  more: Record<string, unknown> = {},
): Command {
  return submit('northbound', e2e, payer, to, amount_minor, more);
}

/** A Southbound payment in RMB from `payer` (Mainland) to the HK mobile `to`. */
export function southbound(
  e2e: string,
  payer: Person,
  to: string,
  amount_minor: bigint,
  more: Record<string, unknown> = {},
): Command {
  return submit('southbound', e2e, payer, to, amount_minor, more);
}

/** Posted balance (credits − debits) of an account that must exist. */
export function balance(t: TestHub, id: string): bigint {
  const account = t.hub.state.ledger.accounts.get(id);
  assert.ok(account !== undefined, id);
  return account.credits_posted - account.debits_posted;
}

/** The balances of every payments account, summed per asset: payments move, never make, money. */
export function paymentTotals(t: TestHub): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const a of accounts().inputs) {
    totals.set(a.asset, (totals.get(a.asset) ?? 0n) + balance(t, a.id));
  }
  return totals;
}

export const ids = {
  aliceHkd: customerAccountId(HK_BANK, ALICE.account, 'HKD'),
  aliceCnh: customerAccountId(HK_BANK, ALICE.account, 'CNH'),
  wang: customerAccountId(CN_BANK, WANG.account, 'CNY'),
  li: customerAccountId(CN_BANK, LI.account, 'CNY'),
  hkBankHkd: settlementAccountId(HK_BANK, 'HKD', 'FPS'),
  hkBankCnh: settlementAccountId(HK_BANK, 'CNH', 'FPS'),
  cnBankCny: settlementAccountId(CN_BANK, 'CNY', 'IBPS'),
  linkHkd: settlementAccountId(LINK_BANK, 'HKD', 'FPS'),
  linkCnhFps: settlementAccountId(LINK_BANK, 'CNH', 'FPS'),
  linkCnyIbps: settlementAccountId(LINK_BANK, 'CNY', 'IBPS'),
  linkPosHkd: linkAccountId(LINK_BANK, 'HKD'),
  linkPosCnh: linkAccountId(LINK_BANK, 'CNH'),
  linkPosCny: linkAccountId(LINK_BANK, 'CNY'),
};
