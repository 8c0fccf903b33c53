/**
 * The rules of Payment Connect (connect-rules.md §3; bonds-financing-payments-scale.md §3), as
 * settings with their dates and sources in docs/payments.md §2, and the checks on one payment
 * that need no counter: in force, eligible payer, currencies, service hours, single-payment cap.
 * Each check returns the first refusal, or undefined.
 * @module
 */

import {
  marketDate,
  type Rejection,
  reject,
  secondOfDay,
  timestampAt,
  US_PER_SECOND,
  UTC_OFFSET_MINUTES_CHINA,
} from '../kernel/index.js';
import type {
  Direction,
  PaymentConnectSettings,
  PaymentCurrency,
  PaymentInstruction,
  Side,
} from './types.js';

/** Hong Kong and Beijing keep the same time, UTC+8, with no daylight saving. */
export const HK_UTC_OFFSET_MINUTES = UTC_OFFSET_MINUTES_CHINA;
export const PAYMENT_CONNECT_LAUNCH_DATE = '2025-06-22';

/** The launch: noon, Sunday 22 June 2025, Hong Kong time (HKICL; SCMP 3315267). */
export const PAYMENT_CONNECT_LAUNCH_US = timestampAt(
  PAYMENT_CONNECT_LAUNCH_DATE,
  '12:00',
  HK_UTC_OFFSET_MINUTES,
);

/** Settings as published at launch (docs/payments.md §2). */
export const PAYMENT_CONNECT_SETTINGS: PaymentConnectSettings = {
  launch_us: PAYMENT_CONNECT_LAUNCH_US,
  northbound: {
    daily_limit_hkd_minor: 1_000_000n,
    annual_limit_hkd_minor: 20_000_000n,
    cap_unit: 'person_per_institution',
  },
  southbound: {
    annual_quota_usd_minor: 5_000_000n,
    single_cap_cny_minor: { default: 1_000_000n },
    bank_daily_cap_cny_minor: {},
    open_second: 7 * 3600,
    close_second: 23 * 3600,
  },
  timeout_us: 30 * US_PER_SECOND,
  quote_validity_us: 10 * US_PER_SECOND,
};

const PAYER_ID: Readonly<Record<Direction, string>> = {
  northbound: 'hk_identity_card',
  southbound: 'mainland_identity_card',
};
const SEND: Readonly<Record<Direction, readonly PaymentCurrency[]>> = {
  northbound: ['HKD', 'CNY'],
  southbound: ['CNY'],
};
const RECEIVE: Readonly<Record<Direction, readonly PaymentCurrency[]>> = {
  northbound: ['CNY'],
  southbound: ['HKD', 'CNY'],
};

export function payerSide(direction: Direction): Side {
  return direction === 'northbound' ? 'HK' : 'MAINLAND';
}

export function payeeSide(direction: Direction): Side {
  return direction === 'northbound' ? 'MAINLAND' : 'HK';
}

/** The Hong Kong date of a moment: the calendar the counters reset on. */
export function hkDate(now_us: number): string {
  return marketDate(now_us, HK_UTC_OFFSET_MINUTES);
}

export function checkInForce(
  now_us: number,
  settings: PaymentConnectSettings,
): Rejection | undefined {
  if (now_us < settings.launch_us) {
    return reject(
      'PAYMENT_NOT_IN_FORCE',
      'Payment Connect starts at noon on 22 Jun 2025, HK time',
      {
        now_us,
        launch_us: settings.launch_us,
      },
    );
  }
  return undefined;
}

export function checkEligibility(instruction: PaymentInstruction): Rejection | undefined {
  const wanted = PAYER_ID[instruction.direction];
  if (instruction.payer.id_type !== wanted) {
    const who =
      instruction.direction === 'northbound' ? 'HK Identity Card' : 'Mainland Identity Card';
    return reject(
      'PAYMENT_PAYER_NOT_ELIGIBLE',
      `Only ${who} holders may pay ${instruction.direction}`,
      {
        direction: instruction.direction,
        id_type: instruction.payer.id_type,
      },
    );
  }
  return undefined;
}

export function checkCurrencies(instruction: PaymentInstruction): Rejection | undefined {
  const { direction, send_currency, receive_currency } = instruction;
  if (!SEND[direction].includes(send_currency) || !RECEIVE[direction].includes(receive_currency)) {
    return reject(
      'PAYMENT_CURRENCY_NOT_ALLOWED',
      `${direction} sends ${SEND[direction].join(' or ')} and receives ${RECEIVE[direction].join(' or ')}`,
      { direction, send_currency, receive_currency },
    );
  }
  return undefined;
}

/** Northbound runs 24x7; Southbound from 07:00 to 23:00 HK time, 23:00 itself excluded. */
export function checkServiceHours(
  direction: Direction,
  now_us: number,
  settings: PaymentConnectSettings,
): Rejection | undefined {
  if (direction === 'northbound') return undefined;
  const second = secondOfDay(now_us, HK_UTC_OFFSET_MINUTES);
  const { open_second, close_second } = settings.southbound;
  if (second < open_second || second >= close_second) {
    return reject('PAYMENT_OUTSIDE_HOURS', 'Southbound payments run from 07:00 to 23:00 HK time', {
      now_us,
      second_of_day: second,
      open_second,
      close_second,
    });
  }
  return undefined;
}

/** The payer bank's cap on one Southbound payment (RMB 10,000 at the pilot banks). */
export function checkSingleCap(
  instruction: PaymentInstruction,
  settings: PaymentConnectSettings,
): Rejection | undefined {
  if (instruction.direction !== 'southbound') return undefined;
  const caps = settings.southbound.single_cap_cny_minor;
  const bank = instruction.payer.bank;
  const cap = (Object.hasOwn(caps, bank) ? caps[bank] : undefined) ?? caps.default;
  if (instruction.amount_minor > cap) {
    return reject(
      'PAYMENT_SINGLE_CAP',
      `${instruction.payer.bank} caps one payment at ${cap} fen`,
      {
        amount_minor: instruction.amount_minor,
        cap_minor: cap,
        bank: instruction.payer.bank,
      },
    );
  }
  return undefined;
}

/** Everything that needs no counter, in the order a person would fix them. */
export function checkPaymentRules(
  instruction: PaymentInstruction,
  now_us: number,
  settings: PaymentConnectSettings,
): Rejection | undefined {
  if (instruction.amount_minor <= 0n) {
    return reject('PAYMENT_AMOUNT_INVALID', 'A payment is for a positive amount', {
      amount_minor: instruction.amount_minor,
    });
  }
  return (
    checkInForce(now_us, settings) ??
    checkEligibility(instruction) ??
    checkCurrencies(instruction) ??
    checkServiceHours(instruction.direction, now_us, settings) ??
    checkSingleCap(instruction, settings)
  );
}
