/**
 * The day's cross-border payments of the demo's residents (docs/sim.md "Payments"), drawn from
 * the seed and the Hong Kong date alone, so a restarted simulator plans the same day with the
 * same end-to-end ids. Seed 000's use cases: person to person both ways, tuition (Southbound, to
 * a Hong Kong university), salaries (Northbound, on Mondays, a Hong Kong employer's Mainland
 * staff), merchants both ways. Northbound at any hour (24x7); Southbound only from 07:00 to
 * 23:00 (a minute before, at the latest).
 * @module
 */

import { Mulberry32 } from '../../kernel/random.js';
import { dayNumber, weekday } from '../../kernel/time.js';
import type { PaymentCurrency } from '../../payments/index.js';
import { RESIDENTS, type Resident, resident } from '../demo_payments.js';

export type Purpose = 'p2p' | 'tuition' | 'salary' | 'merchant';

export interface PlannedPayment {
  readonly end_to_end_id: string;
  /** Seconds after HK midnight the payer pays. */
  readonly due_second: number;
  readonly direction: 'northbound' | 'southbound';
  readonly payer: Resident;
  readonly payee: Resident;
  readonly send_currency: PaymentCurrency;
  readonly receive_currency: PaymentCurrency;
  readonly amount_minor: bigint;
  readonly purpose: Purpose;
  /** Sent whatever the caps say: the payer means to go past the daily cap (refused). */
  readonly deliberate: boolean;
}

const HOUR = 3600;
const DAY_END = 24 * HOUR - 1;
const SOUTH_OPEN = 7 * HOUR;
/** The last second a Southbound payment is planned: a minute before 23:00. */
const SOUTH_LAST = 23 * HOUR - 61;

const byRole = (side: string, roles: readonly string[]) =>
  RESIDENTS.filter((r) => r.side === side && roles.includes(r.role));
const HK_PAYERS = byRole('HK', ['person', 'employer']);
const HK_PAYEES = byRole('HK', ['person', 'employer', 'capped']);
const CN_PEOPLE = byRole('MAINLAND', ['person']);

type Draft = Omit<PlannedPayment, 'end_to_end_id'>;

function yuan(major: number): bigint {
  return BigInt(major) * 100n;
}

function northbound(rng: Mulberry32, payer: Resident, payee: Resident, purpose: Purpose): Draft {
  const send_currency: PaymentCurrency = rng.pick(['HKD', 'CNY'] as const);
  const most = purpose === 'merchant' ? 600 : 2_000;
  return {
    ...{ due_second: rng.int(0, DAY_END), direction: 'northbound', payer, payee },
    ...{ send_currency, receive_currency: 'CNY', purpose, deliberate: false },
    amount_minor: yuan(rng.int(30, most)),
  };
}

function southbound(rng: Mulberry32, payer: Resident, payee: Resident, purpose: Purpose): Draft {
  const receive_currency: PaymentCurrency =
    purpose === 'p2p' ? rng.pick(['HKD', 'CNY'] as const) : 'HKD';
  const amount = purpose === 'tuition' ? rng.int(5_000, 9_500) : rng.int(30, 3_000);
  const due_second =
    purpose === 'tuition' ? rng.int(9 * HOUR, 17 * HOUR) : rng.int(SOUTH_OPEN, SOUTH_LAST);
  return {
    ...{ due_second, direction: 'southbound', payer, payee },
    ...{ send_currency: 'CNY', receive_currency, purpose, deliberate: false },
    amount_minor: yuan(amount),
  };
}

/** Every use case of the day, in the order drawn. */
function drafts(rng: Mulberry32, date: string): Draft[] {
  const out: Draft[] = [];
  for (const payer of HK_PAYERS)
    for (let n = rng.int(0, 2); n > 0; n -= 1)
      out.push(northbound(rng, payer, rng.pick(CN_PEOPLE), 'p2p'));
  for (const payer of CN_PEOPLE)
    for (let n = rng.int(0, 2); n > 0; n -= 1)
      out.push(southbound(rng, payer, rng.pick(HK_PAYEES), 'p2p'));
  for (let n = rng.int(2, 5); n > 0; n -= 1)
    out.push(southbound(rng, rng.pick(CN_PEOPLE), resident('tea-house'), 'merchant'));
  for (let n = rng.int(1, 3); n > 0; n -= 1)
    out.push(northbound(rng, rng.pick(HK_PAYERS), resident('shenzhen-bay'), 'merchant'));
  if (rng.chance(0.5))
    out.push(southbound(rng, rng.pick(CN_PEOPLE), resident('harbour-u'), 'tuition'));
  if (weekday(dayNumber(date)) === 0) out.push(...salaries(rng));
  out.push(...capped(rng));
  return out;
}

/** Mondays: WONG Ka Ho pays his two Mainland staff RMB 3,800 each from his RMB deposit. */
function salaries(rng: Mulberry32): Draft[] {
  const employer = resident('wong');
  return [resident('zhang'), resident('liu')].map((payee) => ({
    ...{ due_second: rng.int(9 * HOUR, 10 * HOUR), direction: 'northbound' as const },
    ...{ payer: employer, payee, send_currency: 'CNY' as const, receive_currency: 'CNY' as const },
    ...{ amount_minor: yuan(3_800), purpose: 'salary' as const, deliberate: false },
  }));
}

/**
 * CHEUNG Siu Fan sends HK$6,000 in the late morning and HK$5,000 in the afternoon: the second
 * goes past the HK$10,000 daily cap and is refused PAYMENT_DAILY_LIMIT, on purpose.
 */
function capped(rng: Mulberry32): Draft[] {
  const payer = resident('cheung');
  const payee = rng.pick(CN_PEOPLE);
  const base = { direction: 'northbound', payer, payee, send_currency: 'HKD' } as const;
  const more = { receive_currency: 'CNY', purpose: 'p2p' } as const;
  return [
    { ...base, ...more, due_second: rng.int(10 * HOUR, 12 * HOUR), amount_minor: yuan(6_000) },
    { ...base, ...more, due_second: rng.int(14 * HOUR, 15 * HOUR), amount_minor: yuan(5_000) },
  ].map((d, n) => ({ ...d, deliberate: n === 1 }));
}

/** The day's payments in the order they are due, with their end-to-end ids. */
export function planPaymentsDay(salt: number, date: string): PlannedPayment[] {
  const rng = new Mulberry32((salt ^ dayNumber(date)) >>> 0);
  const compact = date.replaceAll('-', '');
  return drafts(rng, date)
    .map((d, n) => ({ ...d, end_to_end_id: `PC${compact}-${String(n + 1).padStart(3, '0')}` }))
    .sort((a, b) => a.due_second - b.due_second || a.end_to_end_id.localeCompare(b.end_to_end_id));
}
