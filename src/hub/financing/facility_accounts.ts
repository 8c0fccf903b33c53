/**
 * The HKMA's accounts for its facilities (docs/financing.md §11). The operator opens them through
 * `ledger.create_accounts` (`facilityAccountInputs`); a drawing that needs one not yet opened is
 * refused `FACILITY_ACCOUNT_MISSING`, so a refused drawing never leaves an account behind.
 *
 * - `HKMA/CNH/issuance`: the CNH the HKMA lends. The HKMA funds the facilities through its
 *   currency swap with the PBOC (connect-rules.md §2.3), so the offshore CNH a drawing creates
 *   comes from an issuance-style account and repaid principal goes back to it;
 * - `HKMA/CNH` (genesis): the interest the HKMA earns;
 * - `HKMA/HKD/facility`: the HKD banks deliver under FX swaps, held until the far leg; the HKD
 *   interest of the far leg is paid from `HKMA/HKD` (genesis);
 * - `<ISIN>/CMU/HKMA.COLLATERAL`: bonds delivered under repo drawings, held by the HKMA in CMU:
 *   a CMU bond directly in CMU, an interbank bond under CMU's nominee account at the onshore CSD
 *   (`<ISIN>/<CSD>/CMU`, which Northbound holders' chains open), so the bonds never leave the
 *   nominee chain on their way to the HKMA.
 * @module
 */

import { accept, type Outcome, reject } from '../../kernel/index.js';
import type { AccountInput } from '../../ledger/index.js';
import type { ReferenceState } from '../../reference/index.js';
import { cashAccountId, csdOf, holdingAccountId, issuanceAccountId } from '../accounts.js';
import type { HubState } from '../state.js';

export const HKMA = 'HKMA';
export const FUNDING_ACCOUNT_ID = issuanceAccountId(HKMA, 'CNH');
export const INTEREST_ACCOUNT_ID = cashAccountId(HKMA, 'CNH');
export const HKD_HELD_ACCOUNT_ID = `${HKMA}/HKD/facility`;
export const HKD_INTEREST_ACCOUNT_ID = cashAccountId(HKMA, 'HKD');

export function collateralAccountId(isin: string): string {
  return holdingAccountId(isin, 'CMU', `${HKMA}.COLLATERAL`);
}

/** The CNH funding and HKD holding accounts, and a collateral account for each bond named. */
export function facilityAccountInputs(
  reference: ReferenceState,
  isins: readonly string[],
): AccountInput[] {
  const accounts: AccountInput[] = [
    {
      ...{ id: FUNDING_ACCOUNT_ID, owner: HKMA, asset: 'CNH', purpose: 'issuance' },
      ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true },
    },
    {
      ...{ id: HKD_HELD_ACCOUNT_ID, owner: HKMA, asset: 'HKD', purpose: 'collateral' },
      ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
    },
  ];
  for (const isin of isins) {
    const security = reference.securities.get(isin);
    if (security === undefined) continue;
    const parent_id =
      security.market === 'CIBM' ? holdingAccountId(isin, csdOf(security), 'CMU') : undefined;
    accounts.push({
      ...{ id: collateralAccountId(isin), owner: HKMA, asset: isin, purpose: 'collateral' },
      ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
      ...(parent_id === undefined ? {} : { parent_id }),
    });
  }
  return accounts;
}

/** Every account named is open, or `FACILITY_ACCOUNT_MISSING` naming the first that is not. */
export function requireAccounts(state: HubState, ids: readonly string[]): Outcome<true> {
  for (const account_id of ids) {
    if (!state.ledger.accounts.has(account_id)) {
      return reject('FACILITY_ACCOUNT_MISSING', 'An account the drawing moves is not open', {
        account_id,
      });
    }
  }
  return accept(true);
}
