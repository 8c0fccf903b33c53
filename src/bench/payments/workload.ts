/**
 * The payments benchmark's workload, shared by the hub and the PostgreSQL peer: Hong Kong payers
 * at HSBC and Mainland payers at ICBC paying payees found by mobile number, BOCHK converting and
 * linking RMB. Payments cycle through four kinds: Northbound HKD → RMB (at BOCHK's quote),
 * Northbound RMB → RMB, Southbound RMB → HKD (at a quote), Southbound RMB → RMB. Each payer makes
 * at most 10 payments of at most HK$900 (or its RMB), so no cap is reached and every payment
 * settles; each deposit holds more than its payer sends.
 * @module
 */

import type { PaymentCurrency } from '../../payments/index.js';

export const HK_BANK = 'HSBC';
export const CN_BANK = 'ICBC';
export const LINK_BANK = 'BOCHK';
export const PAYMENTS_PER_PAYER = 10;
export const PAYEES_PER_SIDE = 1_000;
/** Limit rates and BOCHK's quotes (docs/payments.md §2, §9.6). */
export const HKD_PER_CNY_E8 = 108_700_000n;
export const USD_PER_CNY_E8 = 14_084_507n;
export const CNY_PER_HKD_E8 = 92_000_000n;
export const HKD_PER_CNY_QUOTE_E8 = 108_000_000n;
/** Each payer's deposit in each currency, and each bank's prefunding: more than is ever sent. */
export const DEPOSIT_MINOR = 1_000_000n;
export const PREFUND_MINOR = 1_000_000_000_000n;

export interface BenchPayment {
  readonly end_to_end_id: string;
  readonly direction: 'northbound' | 'southbound';
  /** Index of the payer on its side, of the payee on the other. */
  readonly payer: number;
  readonly payee: number;
  readonly send_currency: PaymentCurrency;
  readonly receive_currency: PaymentCurrency;
  readonly amount_minor: bigint;
  /** The quote's rate when the currencies differ. */
  readonly rate_e8: bigint | null;
}

/** Payers on each side for `count` payments (half of them each way). */
export function payersPerSide(count: number): number {
  return Math.max(1, Math.ceil(count / 2 / PAYMENTS_PER_PAYER));
}

export function hkMobile(payee: number): string {
  return `+8529${String(1_000_000 + payee).padStart(7, '0')}`;
}

export function cnMobile(payee: number): string {
  return `+86138${String(payee).padStart(8, '0')}`;
}

export function hkAccount(payer_or_payee: 'P' | 'Q', n: number): string {
  return `HK-${payer_or_payee}${n}`;
}

export function cnAccount(payer_or_payee: 'P' | 'Q', n: number): string {
  return `CN-${payer_or_payee}${n}`;
}

/** A Hong Kong Identity Card number of a payer (illustrative) and a Mainland one. */
export function hkId(n: number): string {
  return `H${String(n).padStart(7, '0')}`;
}

export function cnId(n: number): string {
  return `440301${String(n).padStart(12, '0')}`;
}

/** Payer `n` of a direction: a Hong Kong resident at HSBC, or a Mainland one at ICBC. */
export function benchPayer(direction: 'northbound' | 'southbound', n: number) {
  return direction === 'northbound'
    ? {
        ...{ id: hkId(n), id_type: 'hk_identity_card' as const, name: `PAYER Hk ${n}` },
        ...{ bank: HK_BANK, account: hkAccount('P', n) },
      }
    : {
        ...{ id: cnId(n), id_type: 'mainland_identity_card' as const, name: `付款人${n}` },
        ...{ bank: CN_BANK, account: cnAccount('P', n) },
      };
}

const KINDS = [
  { direction: 'northbound', send: 'HKD', receive: 'CNY', rate_e8: CNY_PER_HKD_E8 },
  { direction: 'northbound', send: 'CNY', receive: 'CNY', rate_e8: null },
  { direction: 'southbound', send: 'CNY', receive: 'HKD', rate_e8: HKD_PER_CNY_QUOTE_E8 },
  { direction: 'southbound', send: 'CNY', receive: 'CNY', rate_e8: null },
] as const;

/** The `count` payments, the same on both sides of the comparison. */
export function benchPayments(count: number): BenchPayment[] {
  const payers = payersPerSide(count);
  return Array.from({ length: count }, (_, i) => {
    const kind = KINDS[i % 4] as (typeof KINDS)[number];
    // Each direction's payments go round its payers: at most PAYMENTS_PER_PAYER each.
    const payer = Math.floor(i / 4) % payers;
    const major = 100 + ((i * 7_919) % 700); // 100–799 in the currency sent
    return {
      end_to_end_id: `BP${i}`,
      direction: kind.direction,
      payer,
      payee: (i * 31) % PAYEES_PER_SIDE,
      send_currency: kind.send,
      receive_currency: kind.receive,
      amount_minor: BigInt(major) * 100n,
      rate_e8: kind.rate_e8,
    };
  });
}

/** What the payee receives: sent × rate / 10^8 rounded down, or the same amount in RMB. */
export function receivedMinor(p: BenchPayment): bigint {
  return p.rate_e8 === null ? p.amount_minor : (p.amount_minor * p.rate_e8) / 100_000_000n;
}
