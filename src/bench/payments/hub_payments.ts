/**
 * The workload as hub commands: the set-up (limit rates, accounts, funding, the payees' proxies)
 * and, for each payment, BOCHK's quote when the currencies differ and the payer bank's
 * `payments.submit` (lookup, limits, FX, PvP and credit in one command), all parsed at the door
 * before any clock starts. `checkAllCredited` fails the run unless every payment is credited and
 * the payments accounts hold per asset what they were funded with.
 * @module
 */

import { issuanceAccountId } from '../../hub/accounts.js';
import type { Command } from '../../hub/index.js';
import {
  customerAccountId,
  customerAccountInput,
  type HubState,
  linkBankAccountInputs,
  settlementAccountInputs,
} from '../../hub/index.js';
import type { AccountInput } from '../../ledger/index.js';
import { postedBalance } from '../../ledger/index.js';
import { parseCommand } from '../../protocol/index.js';
import {
  type BenchPayment,
  benchPayer,
  benchPayments,
  CN_BANK,
  cnAccount,
  cnMobile,
  DEPOSIT_MINOR,
  HK_BANK,
  HKD_PER_CNY_E8,
  hkAccount,
  hkMobile,
  LINK_BANK,
  PAYEES_PER_SIDE,
  PREFUND_MINOR,
  payersPerSide,
  receivedMinor,
  USD_PER_CNY_E8,
} from './workload.js';

export interface Submission {
  readonly participant: string;
  readonly command: Command;
}

/** A command as a client sends it: the sender and the JSON body of `POST /v1/commands`. */
export interface WireCommand {
  readonly participant: string;
  readonly body: Record<string, unknown>;
}

function wire(participant: string, body: Record<string, unknown>): Submission {
  return parsed({ participant, body });
}

/** The wire command parsed at the door, as the server would. */
export function parsed(c: WireCommand): Submission {
  const result = parseCommand(c.body);
  if (!result.ok) throw new Error(`payments bench: ${JSON.stringify(result.problems)}`);
  return { participant: c.participant, command: result.command };
}

const jsonOf = (v: unknown) =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));

/** Every account of the workload and its opening balance. */
export function benchAccounts(count: number): Array<[AccountInput, bigint]> {
  return accountsFor(payersPerSide(count));
}

/** The banks' accounts, `payers` payers on each side and the payees, with opening balances. */
function accountsFor(payers: number): Array<[AccountInput, bigint]> {
  const out: Array<[AccountInput, bigint]> = [];
  const banks = [
    ...settlementAccountInputs(HK_BANK, 'HK'),
    ...settlementAccountInputs(CN_BANK, 'MAINLAND'),
    ...linkBankAccountInputs(LINK_BANK),
  ];
  for (const a of banks) out.push([a, PREFUND_MINOR]);
  for (let n = 0; n < payers; n += 1) {
    out.push([customerAccountInput(HK_BANK, hkAccount('P', n), 'HKD'), DEPOSIT_MINOR]);
    out.push([customerAccountInput(HK_BANK, hkAccount('P', n), 'CNH'), DEPOSIT_MINOR]);
    out.push([customerAccountInput(CN_BANK, cnAccount('P', n), 'CNY'), DEPOSIT_MINOR]);
  }
  for (let n = 0; n < PAYEES_PER_SIDE; n += 1) {
    out.push([customerAccountInput(HK_BANK, hkAccount('Q', n), 'HKD'), 0n]);
    out.push([customerAccountInput(HK_BANK, hkAccount('Q', n), 'CNH'), 0n]);
    out.push([customerAccountInput(CN_BANK, cnAccount('Q', n), 'CNY'), 0n]);
  }
  return out;
}

const ISSUERS: Readonly<Record<string, string>> = { HKD: 'HKMA', CNY: 'PBOC', CNH: 'BOCHK' };
const CHUNK = 5_000;

/** The untimed set-up after genesis. */
export function setUpSubmissions(count: number): Submission[] {
  return setUpCommands(payersPerSide(count)).map(parsed);
}

/** The set-up for `payers` payers on each side, as wire commands (limit rates, accounts, proxies). */
export function setUpCommands(payers: number): WireCommand[] {
  const out: WireCommand[] = [
    {
      participant: 'operator',
      body: {
        type: 'payments.set_settings',
        hkd_per_cny_e8: HKD_PER_CNY_E8.toString(),
        usd_per_cny_e8: USD_PER_CNY_E8.toString(),
      },
    },
  ];
  const accounts = accountsFor(payers);
  const operator = (body: Record<string, unknown>) => ({ participant: 'operator', body });
  for (let i = 0; i < accounts.length; i += CHUNK) {
    const chunk = accounts.slice(i, i + CHUNK).map(([a]) => jsonOf(a));
    out.push(operator({ type: 'ledger.create_accounts', accounts: chunk }));
  }
  const funded = accounts.filter(([, opening]) => opening > 0n);
  for (let i = 0; i < funded.length; i += CHUNK) {
    const transfers = funded.slice(i, i + CHUNK).map(([a, opening]) => ({
      id: `fund/${a.id}`,
      debit_account_id: issuanceAccountId(ISSUERS[a.asset] as string, a.asset),
      credit_account_id: a.id,
      amount_minor: opening.toString(),
    }));
    out.push(operator({ type: 'ledger.create_transfers', transfers }));
  }
  for (let n = 0; n < PAYEES_PER_SIDE; n += 1) {
    out.push(proxy(HK_BANK, 'HK', hkMobile(n), hkAccount('Q', n), `PAYEE Hk ${n}`));
    out.push(proxy(CN_BANK, 'MAINLAND', cnMobile(n), cnAccount('Q', n), `收款人${n}`));
  }
  return out;
}

function proxy(bank: string, side: string, value: string, account: string, name: string) {
  const body = { type: 'payments.register_proxy', side, proxy_type: 'mobile', value };
  return { participant: bank, body: { ...body, bank, account, name } };
}

/** The commands of one payment: the quote (when converting) and the submission. */
export function paymentSubmissions(p: BenchPayment): Submission[] {
  const out: Submission[] = [];
  const quote_id = p.rate_e8 === null ? undefined : `Q${p.end_to_end_id}`;
  if (quote_id !== undefined) {
    out.push(
      wire(LINK_BANK, {
        ...{ type: 'payments.quote', quote_id, bank: LINK_BANK },
        ...{ from: p.send_currency, to: p.receive_currency, rate_e8: String(p.rate_e8) },
      }),
    );
  }
  const north = p.direction === 'northbound';
  const payer = benchPayer(p.direction, p.payer);
  out.push(
    wire(payer.bank, {
      ...{ type: 'payments.submit', end_to_end_id: p.end_to_end_id, direction: p.direction },
      payer,
      payee_proxy: { type: 'mobile', value: north ? cnMobile(p.payee) : hkMobile(p.payee) },
      ...{ send_currency: p.send_currency, receive_currency: p.receive_currency },
      ...{ amount_minor: p.amount_minor.toString(), purpose: 'p2p' },
      ...(quote_id === undefined ? {} : { quote_id }),
    }),
  );
  return out;
}

/** Every payment's commands, in order. */
export function timedSubmissions(count: number): Submission[] {
  return benchPayments(count).flatMap(paymentSubmissions);
}

/** Throws unless every payment is credited at its amount and the accounts conserve per asset. */
export function checkAllCredited(state: HubState, count: number): void {
  const payments = benchPayments(count);
  let received_total = 0n;
  for (const p of payments) {
    const kept = state.payments.book.payments.get(p.end_to_end_id);
    if (kept === undefined || kept.payment.state !== 'credited')
      throw new Error(`payments bench: ${p.end_to_end_id} is ${kept?.payment.state ?? 'missing'}`);
    if (kept.payment.receive_minor !== receivedMinor(p))
      throw new Error(`payments bench: ${p.end_to_end_id} received ${kept.payment.receive_minor}`);
    received_total += receivedMinor(p);
  }
  const totals = new Map<string, bigint>();
  const opening = new Map<string, bigint>();
  for (const [a, funded] of benchAccounts(count)) {
    const account = state.ledger.accounts.get(a.id);
    if (account === undefined) throw new Error(`payments bench: no account ${a.id}`);
    totals.set(a.asset, (totals.get(a.asset) ?? 0n) + postedBalance(account));
    opening.set(a.asset, (opening.get(a.asset) ?? 0n) + funded);
  }
  for (const [asset, total] of totals) {
    if (total !== opening.get(asset))
      throw new Error(`payments bench: ${asset} not conserved: ${total} ≠ ${opening.get(asset)}`);
  }
  let payees_total = 0n;
  for (let n = 0; n < PAYEES_PER_SIDE; n += 1) {
    for (const id of [
      customerAccountId(HK_BANK, hkAccount('Q', n), 'HKD'),
      customerAccountId(HK_BANK, hkAccount('Q', n), 'CNH'),
      customerAccountId(CN_BANK, cnAccount('Q', n), 'CNY'),
    ]) {
      const account = state.ledger.accounts.get(id);
      payees_total += account === undefined ? 0n : postedBalance(account);
    }
  }
  if (payees_total !== received_total)
    throw new Error(`payments bench: payees hold ${payees_total}, ${received_total} was sent`);
}
