/**
 * What the CCPs are still owed and still owe (docs/risk.md §12): the instructions of ChinaClear
 * (`CSDC`) and HKSCC that are not final, read as a member's side of each.
 *
 * An exchange trade is novated into seller → CCP and CCP → buyer (posttrade/types.ts). For the
 * member of each instruction (the party that is not the CCP):
 * - **open position**: the securities still to move (+ to a receiver, − from a deliverer, unless
 *   the securities leg has settled) and the cash still to move the other way, in the instruction's
 *   currency. A CCP margins these with the settled holdings: a bought position not yet delivered
 *   loses value just like a delivered one, against cash that is fixed.
 * - **pay-in**: the cash the member must pay the CCP on the cash date, netted per member,
 *   currency and date where the stream settles net (CNS), gross otherwise; a net receiver pays
 *   nothing. A date already past (a failing instruction) counts as today.
 * Days are calendar days from the hub's market date (Shanghai and Hong Kong share UTC+8).
 * @module
 */

import { dayNumber, marketDate } from '../../kernel/time.js';
import type { CcpId } from '../../oversight/risk/index.js';
import { isFinal } from '../../posttrade/index.js';
import type { CurrencyCode } from '../../reference/index.js';
import type { HubState } from '../state.js';

/** The settlement groups that are CCPs, with the risk core's name of each. */
export const CCP_GROUPS: Readonly<Record<string, CcpId>> = { CSDC: 'chinaclear', HKSCC: 'hkscc' };

export interface UnsettledLeg {
  /** The member's side: the party or investor that is not the CCP. */
  readonly owner: string;
  readonly ccp: CcpId;
  readonly isin: string;
  /** Securities still to arrive (+) or to leave (−). */
  readonly quantity: bigint;
  readonly currency: CurrencyCode;
  /** Cash still to arrive (+) or to leave (−), in minor units of `currency`. */
  readonly cash_minor: bigint;
}

export interface PayIn {
  readonly owner: string;
  readonly ccp: CcpId;
  readonly currency: CurrencyCode;
  /** Calendar days from today; 0 for today and for dates already past. */
  readonly day: number;
  readonly amount_minor: bigint;
}

export interface UnsettledBook {
  readonly legs: readonly UnsettledLeg[];
  readonly pay_ins: readonly PayIn[];
  /** Instructions read (not final, at a CCP). */
  readonly instructions: number;
}

export function unsettledBook(state: HubState): UnsettledBook {
  const today = dayNumber(marketDate(state.now_us));
  const legs: UnsettledLeg[] = [];
  const flows = new Map<string, { flow: Omit<PayIn, 'amount_minor'>; net: bigint }>();
  let instructions = 0;
  for (const instruction of state.posttrade.instructions.values()) {
    const ccp = CCP_GROUPS[instruction.group];
    if (ccp === undefined || isFinal(instruction)) continue;
    const receives = instruction.deliverer === instruction.group;
    const owner = receives ? instruction.receiver : instruction.deliverer;
    const sign = receives ? 1n : -1n;
    instructions += 1;
    const quantity = instruction.securities_settled ? 0n : instruction.remaining_quantity_units;
    const cash = instruction.payment === 'APMT' ? instruction.remaining_cash_minor : 0n;
    legs.push({
      owner,
      ccp,
      isin: instruction.isin,
      quantity: sign * quantity,
      currency: instruction.currency,
      cash_minor: -sign * cash,
    });
    if (cash === 0n) continue;
    const day = Math.max(0, dayNumber(instruction.cash_date) - today);
    const gross = instruction.model === 'gross' ? `\u0000${instruction.id}` : '';
    const key = `${owner}\u0000${ccp}\u0000${instruction.currency}\u0000${day}${gross}`;
    const entry = flows.get(key) ?? {
      flow: { owner, ccp, currency: instruction.currency, day },
      net: 0n,
    };
    entry.net += sign * cash;
    flows.set(key, entry);
  }
  const pay_ins: PayIn[] = [];
  for (const { flow, net } of flows.values()) {
    if (net > 0n) pay_ins.push({ ...flow, amount_minor: net });
  }
  return { legs, pay_ins, instructions };
}
