/**
 * The eligibility matrix of a shared order book: which orders may match which.
 *
 * An order belongs to a group, `venue × investor_class`. The matrix says, for every pair of groups,
 * whether their orders may trade with each other. It is symmetric by construction (a pair that may
 * not trade one way may not trade the other), so "who may match whom" never depends on who arrived
 * first. Example: retail clients who have not opted in match only their own venue's orders.
 * @module
 */

import { assert } from '../kernel/index.js';

export interface MatchParty {
  readonly venue: number;
  readonly investor_class: number;
}

export interface EligibilityMatrix {
  readonly venues: number;
  readonly classes: number;
  /** `allowed[group_a * groups + group_b]` is 1 when the two groups may trade. */
  readonly allowed: Uint8Array;
  /** Names for documentation and messages, by venue and by class. */
  readonly venue_names: readonly string[];
  readonly class_names: readonly string[];
}

export const ELIGIBILITY_GROUPS_MAX = 64;

export function groupOf(matrix: EligibilityMatrix, venue: number, investor_class: number): number {
  return venue * matrix.classes + investor_class;
}

/** Builds a matrix from a rule; asserts the rule is symmetric. */
export function eligibilityMatrix(
  venue_names: readonly string[],
  class_names: readonly string[],
  canMatch: (a: MatchParty, b: MatchParty) => boolean,
): EligibilityMatrix {
  const venues = venue_names.length;
  const classes = class_names.length;
  const groups = venues * classes;
  assert(groups > 0 && groups <= ELIGIBILITY_GROUPS_MAX, 'eligibility groups out of range');
  const allowed = new Uint8Array(groups * groups);
  for (let a = 0; a < groups; a++) {
    for (let b = 0; b < groups; b++) {
      const party_a = { venue: Math.floor(a / classes), investor_class: a % classes };
      const party_b = { venue: Math.floor(b / classes), investor_class: b % classes };
      allowed[a * groups + b] = canMatch(party_a, party_b) ? 1 : 0;
    }
  }
  for (let a = 0; a < groups; a++) {
    for (let b = 0; b < groups; b++) {
      assert(allowed[a * groups + b] === allowed[b * groups + a], 'eligibility must be symmetric');
    }
  }
  return { venues, classes, allowed, venue_names, class_names };
}

export function mayMatch(matrix: EligibilityMatrix, group_a: number, group_b: number): boolean {
  return matrix.allowed[group_a * matrix.venues * matrix.classes + group_b] === 1;
}

/** Investor classes of the shared VATP book example (SFC circular of 3 Nov 2025). */
export const SharedBookClass = {
  PROFESSIONAL: 0,
  RETAIL_OPTED_IN: 1,
  RETAIL_NOT_OPTED_IN: 2,
} as const;

/**
 * The shared book of a Hong Kong platform (venue 0) and its overseas affiliate (venue 1):
 * professional and opted-in retail clients match across venues; retail clients who have not opted
 * in match only orders entered on their own venue.
 */
export function sharedBookEligibility(
  venue_names: readonly string[] = ['hk_vatp', 'overseas_affiliate'],
): EligibilityMatrix {
  return eligibilityMatrix(
    venue_names,
    ['professional', 'retail_opted_in', 'retail_not_opted_in'],
    (a, b) => {
      const local_only =
        a.investor_class === SharedBookClass.RETAIL_NOT_OPTED_IN ||
        b.investor_class === SharedBookClass.RETAIL_NOT_OPTED_IN;
      return !local_only || a.venue === b.venue;
    },
  );
}
