/**
 * Test helpers for the payments domain: a directory with one payee each side, instructions,
 * and a toy ledger that applies batches all-or-nothing and refuses overdrafts on deposits and
 * FX positions. Not exported from the domain's entry.
 * @module
 */

import { type Rejection, reject, timestampAt } from '../kernel/index.js';
import { emptyPaymentBook } from './book.js';
import type { LimitRates, PaymentContext } from './index.js';
import { emptyLimitBook } from './limits.js';
import { emptyProxyDirectory, registerProxy } from './proxy.js';
import { HK_UTC_OFFSET_MINUTES, PAYMENT_CONNECT_SETTINGS } from './rules.js';
import { emptySalaryApprovals } from './salary.js';
import type { FxQuote, PaymentInstruction, ProxyDirectory, TransferInstruction } from './types.js';

/** HK time on a date: `hk('2025-07-01', '10:00')`. */
export function hk(date: string, clock: string): number {
  return timestampAt(date, clock, HK_UTC_OFFSET_MINUTES);
}

/** CNY 7.10 per USD: 1 CNY = 0.14084507 USD (rounded down to 8 places); HKD 1.087 per CNY. */
export const RATES: LimitRates = { usd_per_cny_e8: 14_084_507n, hkd_per_cny_e8: 108_700_000n };

export function directoryWithPayees(): ProxyDirectory {
  const directory = emptyProxyDirectory();
  const at = hk('2025-06-01', '09:00');
  registerProxy(
    directory,
    { side: 'MAINLAND', type: 'mobile', value: '13800138000' },
    { bank: 'ICBC', account: '6222020200112233', name: '王小明' },
    at,
  );
  registerProxy(
    directory,
    { side: 'HK', type: 'mobile', value: '+852 9123 4567' },
    { bank: 'HSBC', account: '004-123456-001', name: 'CHAN Tai Man' },
    at,
  );
  return directory;
}

export function northbound(overrides: Partial<PaymentInstruction> = {}): PaymentInstruction {
  return {
    end_to_end_id: 'E2E-NB-1',
    direction: 'northbound',
    payer: {
      id: 'A123456(7)',
      id_type: 'hk_identity_card',
      name: 'LEE Siu Ming',
      bank: 'BOCHK',
      account: '012-888-0001',
    },
    payee_proxy: { type: 'mobile', value: '13800138000' },
    send_currency: 'HKD',
    receive_currency: 'CNY',
    amount_minor: 100_000n,
    purpose: 'p2p',
    ...overrides,
  };
}

export function southbound(overrides: Partial<PaymentInstruction> = {}): PaymentInstruction {
  return {
    end_to_end_id: 'E2E-SB-1',
    direction: 'southbound',
    payer: {
      id: '110101199003070000',
      id_type: 'mainland_identity_card',
      name: '张伟',
      bank: 'ICBC',
      account: '6222020200998877',
    },
    payee_proxy: { type: 'mobile', value: '91234567' },
    send_currency: 'CNY',
    receive_currency: 'HKD',
    amount_minor: 500_000n,
    purpose: 'tuition',
    ...overrides,
  };
}

export function quote(
  from: FxQuote['from'],
  to: FxQuote['to'],
  rate_e8: bigint,
  expires_us: number,
): FxQuote {
  return {
    quote_id: `Q-${from}${to}`,
    bank: from === 'HKD' ? 'BOCHK' : 'HSBC',
    from,
    to,
    rate_e8,
    expires_us,
  };
}

/** A ledger of balances by account; deposits and FX positions may not go below zero. */
export class ToyLedger {
  readonly balances = new Map<string, bigint>();
  applied = 0;
  /** Refuse the n-th call to apply (0-based), to inject a failure; -1: never. */
  fail_at = -1;
  private calls = 0;

  fund(account: string, amount_minor: bigint): void {
    this.balances.set(account, (this.balances.get(account) ?? 0n) + amount_minor);
  }

  apply = (batch: readonly TransferInstruction[]): Rejection | undefined => {
    const call = this.calls;
    this.calls += 1;
    if (call === this.fail_at) return reject('LEDGER_FAULT', 'injected failure', { call });
    const next = new Map(this.balances);
    for (const t of batch) {
      next.set(t.debit, (next.get(t.debit) ?? 0n) - t.amount_minor);
      next.set(t.credit, (next.get(t.credit) ?? 0n) + t.amount_minor);
    }
    for (const [account, balance] of next) {
      const floored = account.startsWith('cust:') || account.startsWith('fx:');
      if (floored && balance < 0n) {
        return reject('LEDGER_INSUFFICIENT_FUNDS', `${account} would go below zero`, { account });
      }
    }
    for (const [account, balance] of next) this.balances.set(account, balance);
    this.applied += 1;
    return undefined;
  };
}

/** A context with both payees registered and a funded ledger. */
export function context(
  now_us: number,
  ledger: ToyLedger,
  fx: FxQuote | null,
  overrides: Partial<PaymentContext> = {},
): PaymentContext {
  return {
    directory: directoryWithPayees(),
    limits: emptyLimitBook(),
    book: emptyPaymentBook(),
    salary_approvals: emptySalaryApprovals(),
    settings: PAYMENT_CONNECT_SETTINGS,
    rates: RATES,
    quote: fx,
    now_us,
    apply: ledger.apply,
    credit: true,
    ...overrides,
  };
}

export function fundedLedger(): ToyLedger {
  const ledger = new ToyLedger();
  ledger.fund('cust:BOCHK:012-888-0001:HKD', 100_000_000n);
  ledger.fund('cust:BOCHK:012-888-0001:CNY', 100_000_000n);
  ledger.fund('cust:ICBC:6222020200998877:CNY', 100_000_000n);
  ledger.fund('fx:BOCHK:CNY', 1_000_000_000n);
  ledger.fund('fx:HSBC:HKD', 1_000_000_000n);
  return ledger;
}
