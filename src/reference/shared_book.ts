/**
 * The SFC shared order book's access rules that are reference data (SFC "Circular on shared
 * liquidity by virtual asset trading platforms", 3 Nov 2025; connect-rules.md §6.1):
 *
 * - a retail client trades against the overseas affiliate's order flow only after the platform
 *   has assessed suitability, given full risk disclosure and received an explicit opt-in; the
 *   opt-in is recorded here (`reference.record_shared_book_opt_in`);
 * - the affiliate and its clients must be in FATF-member jurisdictions with effective regulation;
 *   the hub refuses participants and owners from jurisdictions on the FATF list of high-risk
 *   jurisdictions subject to a call for action (a dated list below).
 * @module
 */

import { accept, type Outcome, type Rejection } from '../kernel/index.js';
import { checkDate } from './checks.js';
import { refuse } from './codes.js';
import type { SharedBookOptInInput } from './commands.js';
import type { Investor, SharedBookOptIn } from './investors.js';
import type { ReferenceState } from './state.js';

/**
 * FATF "High-Risk Jurisdictions subject to a Call for Action" (the "black list"), as published
 * after the FATF plenary of June 2025: the DPRK, Iran and Myanmar (unchanged since October 2022).
 * Not in ../shared/reference: unverified, from the FATF's public statements as we know them.
 * An operator update of this list is a code change (docs/reference-data.md).
 */
export const FATF_HIGH_RISK = {
  as_of: '2025-06-13',
  source: 'FATF public statement "High-Risk Jurisdictions subject to a Call for Action", June 2025',
  jurisdictions: ['KP', 'IR', 'MM'] as readonly string[],
} as const;

/** Whether a jurisdiction (ISO 3166-1 alpha-2) is on the FATF call-for-action list. */
export function isFatfHighRisk(jurisdiction: string): boolean {
  return FATF_HIGH_RISK.jurisdictions.includes(jurisdiction);
}

/** Records a retail investor's opt-in, or refuses it and leaves the state as it was. */
export function recordSharedBookOptIn(
  state: ReferenceState,
  input: SharedBookOptInInput,
): Outcome<Investor> {
  const investor = state.investors.get(input.investor);
  if (investor === undefined) {
    return refuse('UNKNOWN_INVESTOR', `No investor ${input.investor}`, {
      investor: input.investor,
    });
  }
  const refused =
    checkDate('date', input.date) ?? checkOptInApplies(investor) ?? checkOptInComplete(input);
  if (refused !== undefined) return refused;
  const opt_in: SharedBookOptIn = {
    date: input.date,
    suitability_assessed: true,
    risk_disclosure_acknowledged: true,
  };
  const updated: Investor = Object.freeze({ ...investor, shared_book_opt_in: opt_in });
  state.investors.set(updated.id, updated);
  return accept(updated);
}

function checkOptInApplies(investor: Investor): Rejection | undefined {
  if (isFatfHighRisk(investor.jurisdiction)) {
    return refuse(
      'FATF_HIGH_RISK_JURISDICTION',
      `${investor.id} is in ${investor.jurisdiction}, a FATF high-risk jurisdiction`,
      { investor: investor.id, jurisdiction: investor.jurisdiction, as_of: FATF_HIGH_RISK.as_of },
    );
  }
  if (!investor.professional) return undefined;
  return refuse(
    'OPT_IN_NOT_APPLICABLE',
    'Professional investors match across the shared book without an opt-in',
    { investor: investor.id, type: investor.type },
  );
}

function checkOptInComplete(input: SharedBookOptInInput): Rejection | undefined {
  if (input.suitability_assessed && input.risk_disclosure_acknowledged) return undefined;
  return refuse(
    'OPT_IN_INCOMPLETE',
    'A retail opt-in needs a suitability assessment and acknowledged risk disclosure',
    {
      investor: input.investor,
      suitability_assessed: input.suitability_assessed,
      risk_disclosure_acknowledged: input.risk_disclosure_acknowledged,
    },
  );
}
