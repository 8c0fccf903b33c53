/**
 * OTC Clear's margin accounts on the ledger (docs/financing.md §10): one per member, account
 * category and bond, a sub-account of OTC Clear's own tier in the bond's nominee chain (OTC Clear
 * holds the bonds in CMU; *assumption*: as a CMU member, like any custodian bank), so the CMU
 * omnibus at the CSD still equals what CMU's members hold. Opened on the first posting.
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import { type AccountInput, availableBalance, createAccounts } from '../../ledger/index.js';
import { bondHoldingChain, holdingAccountInput } from '../accounts.js';
import type { CommandContext } from '../context.js';
import { accountDirectoryOf } from '../directory.js';
import type { HubState } from '../state.js';
import type { OtcAccountCategory, OtcPosting } from './collateral_types.js';

/** OTC Clear's party id (the demo registers it, reference/demo/parties.ts). */
export const OTC_CLEAR_PARTY = 'OTCC';

export function otcMarginAccountId(isin: string, member: string, category: string): string {
  return `${isin}/${OTC_CLEAR_PARTY}/margin/${member}/${category}`;
}

export interface OtcChain {
  readonly from_account_id: string;
  readonly margin_account_id: string;
  /** OTC Clear's tiers above the margin account and the account itself, top first. */
  readonly margin_path_ids: readonly string[];
}

/** The member's own account in the bond and OTC Clear's margin account for it, or why not. */
export function otcMarginChain(
  state: HubState,
  member: string,
  isin: string,
  category: OtcAccountCategory,
): OtcChain | Rejection {
  const inputs = marginInputs(state, member, isin, category);
  const security = state.reference.securities.get(isin);
  const own = security && bondHoldingChain(state.reference, member, security)?.at(-1)?.id;
  if (inputs === undefined || own === undefined || !state.ledger.accounts.has(own)) {
    return reject('OTCC_NO_HOLDING', 'The member holds no account in this bond', {
      member,
      isin,
    });
  }
  return {
    from_account_id: own,
    margin_account_id: otcMarginAccountId(isin, member, category),
    margin_path_ids: inputs.map((a) => a.id),
  };
}

/** OTC Clear's omnibus tiers in the bond, then the margin account under the last of them. */
function marginInputs(
  state: HubState,
  member: string,
  isin: string,
  category: string,
): AccountInput[] | undefined {
  const security = state.reference.securities.get(isin);
  if (security === undefined) return undefined;
  const chain = bondHoldingChain(state.reference, OTC_CLEAR_PARTY, security);
  if (chain === undefined) return undefined;
  // OTC Clear's chain ends in its own account; its margin accounts sit beside it.
  const tiers = chain.slice(0, -1);
  const parent = tiers.at(-1)?.id;
  const id = otcMarginAccountId(isin, member, category);
  const margin = holdingAccountInput(id, OTC_CLEAR_PARTY, isin, parent);
  return [...tiers, { ...margin, purpose: 'collateral' }];
}

/**
 * The units can move from `from` to `to` (the margin account, perhaps not opened yet): enough
 * available, nothing frozen on either side's path. Checked before any account is opened, so a
 * refused posting leaves the ledger as it was.
 */
export function checkMoveable(
  state: HubState,
  chain: OtcChain,
  units: bigint,
): Rejection | undefined {
  const from_id = chain.from_account_id;
  const from = state.ledger.accounts.get(from_id);
  if (from === undefined || availableBalance(from) < units) {
    return reject('OTCC_INSUFFICIENT_BONDS', 'The member does not hold this face', {
      account_id: from_id,
      units,
      available_units: from === undefined ? 0n : availableBalance(from),
    });
  }
  const to_path = chain.margin_path_ids.map((id) => state.ledger.accounts.get(id));
  const frozen = [...from.path, ...to_path].find((a) => a?.frozen === true);
  if (frozen !== undefined) {
    return reject('ACCOUNT_FROZEN', `Account ${frozen?.id} is frozen`, {
      account_id: frozen?.id,
    });
  }
  return undefined;
}

/** Opens OTC Clear's tiers and the margin account that do not exist yet. */
export function openOtcAccounts(state: HubState, posting: OtcPosting, context: CommandContext) {
  const inputs = marginInputs(state, posting.member, posting.isin, posting.account_category);
  if (inputs === undefined) throw new Error('OTC Clear has no chain in the bond');
  const missing = inputs.filter((a) => !state.ledger.accounts.has(a.id));
  if (missing.length === 0) return;
  const directory = accountDirectoryOf(state);
  const opened = createAccounts(state.ledger, missing, directory, context.timestamp_us, context);
  // The ids are new and the layout fixed: nothing an input can make the ledger refuse.
  if (!opened.ok) throw new Error(`OTC Clear margin account refused: ${opened.code}`);
}
