/**
 * The foreign-ownership thresholds beyond the 10 % / 30 % limits (connect-rules.md §1.13;
 * docs/connect-rules.md §7):
 *
 * - the **30 % aggregate limit is on a company's A shares**, not all its shares (`a_share_units`
 *   in reference data; `issued_units` when it is not given);
 * - SEHK **suspends Northbound buying** of a stock once foreign investors together hold **28 %**
 *   of its A shares and **resumes it below 26 %** (HKEX China Connect FAQ / Information Book;
 *   unverified: not in our references);
 * - an investor reaching **5 %** of the shares in issue must disclose it within 3 working days and
 *   **may not trade the stock during that period** (connect-rules.md §1.13 [S]).
 *
 * Updated where holdings change (fills, seeded holdings); read by the buy and sell checks.
 * @module
 */

import {
  addBusinessDays,
  calendarFor,
  type Market,
  type ReferenceState,
  type Security,
} from '../reference/index.js';
import type { Holder, InstrumentOwnership } from './ownership.js';

const PPM = 1_000_000n;
export const NB_SUSPEND_PPM = 280_000;
export const NB_RESUME_PPM = 260_000;
export const DISCLOSURE_PPM = 50_000;
/** Working days to disclose after reaching 5 %, trading restricted meanwhile. */
export const DISCLOSURE_DAYS = 3;

/** The units the foreign aggregate limits are taken on: the A shares, else all shares. */
export function aShareBase(security: Security): bigint {
  return security.a_share_units ?? security.issued_units ?? 0n;
}

function share(base: bigint, ppm: number): number {
  return Number((base * BigInt(ppm)) / PPM);
}

/** Units at which Northbound buying is suspended, and below which it resumes. */
export function suspensionUnits(security: Security): { suspend: number; resume: number } {
  const base = aShareBase(security);
  return { suspend: share(base, NB_SUSPEND_PPM), resume: share(base, NB_RESUME_PPM) };
}

/** Sets or clears the Northbound buy suspension after the aggregate holding changed. */
export function updateBuySuspension(entry: InstrumentOwnership, security: Security): void {
  const { suspend, resume } = suspensionUnits(security);
  if (!entry.nb_buying_suspended && entry.aggregate_units >= suspend) {
    entry.nb_buying_suspended = true;
  } else if (entry.nb_buying_suspended && entry.aggregate_units < resume) {
    entry.nb_buying_suspended = false;
  }
}

/**
 * After a holder's units grew from `before_units` on `date`: when they reach 5 % of the shares in
 * issue, the notification period (the trade date and the next 3 trading days) starts.
 */
export function noteDisclosure(
  holder: Holder,
  before_units: number,
  security: Security,
  date: string,
): void {
  const threshold = share(security.issued_units ?? 0n, DISCLOSURE_PPM);
  if (threshold <= 0 || before_units >= threshold || holder.units < threshold) return;
  const calendar = calendarFor(security.market as Market);
  const until =
    calendar === undefined ? undefined : addBusinessDays(calendar, date, DISCLOSURE_DAYS);
  holder.disclosure_until = until?.ok === true ? until.value : date;
}

/** The reference's security record for an instrument the rules follow. */
export function securityOf(reference: ReferenceState, instrument: string): Security | undefined {
  return reference.securities.get(instrument);
}
