/**
 * What opening and closing a repo does to the collateral register and the HKMA report
 * (docs/financing.md §10), called by repo.ts: checks before the leg is captured, records after.
 *
 * - Opening with `reuse_of`: the seller delivers bonds it received in that repo (re-use case a,
 *   from 25 Aug 2025); the re-use is recorded against it.
 * - Opening without: the seller delivers its own bonds. Received bonds not declared as re-use
 *   stay locked: `REPO_COLLATERAL_LOCKED` when only they would make up the face.
 * - Either way the buyer's received collateral grows by the face.
 * - Closing: refused while any of the repo's received collateral is out on re-use
 *   (`REPO_COLLATERAL_REUSED`); after it, the buyer's received face shrinks, and if the repo
 *   was itself a re-use, that re-use has come back to its seller.
 * @module
 */

import type { RepoTerms } from '../../financing/index.js';
import { type Rejection, reject } from '../../kernel/index.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { freeOwnFaceMinor, heldFaceMinor } from './collateral_positions.js';
import {
  checkReceivedBack,
  planReuse,
  receivedFaceMinor,
  recordReceived,
  releaseReceived,
  returnReused,
  reuseCollateral,
  reusedFaceMinor,
  reuseKey,
} from './collateral_register.js';
import type { ReuseRecord } from './collateral_types.js';
import { recordRepoReport } from './hkma_report.js';

/** The seller may deliver the face: re-used from `reuse_of`, or its own free bonds. */
export function checkRepoCollateral(
  state: HubState,
  terms: RepoTerms,
  reuse_of: string | null,
): Rejection | undefined {
  if (reuse_of !== null) {
    const reuse = {
      ...{ party: terms.seller, isin: terms.isin, face_minor: terms.face_minor },
      ...{ use_case: 'offshore_repo' as const, target_id: terms.repo_id },
      date: terms.purchase_date,
    };
    const sources = planReuse(state.financing.collateral, reuse, reuse_of);
    return Array.isArray(sources) ? undefined : (sources as Rejection);
  }
  return checkOwnFree(state, terms.seller, terms.isin, terms.face_minor);
}

/**
 * Own bonds suffice for `face_minor`, or the received ones would be needed:
 * `REPO_COLLATERAL_LOCKED`. A party with nothing received is left to the ledger's own check.
 */
export function checkOwnFree(
  state: HubState,
  party: string,
  isin: string,
  face_minor: bigint,
): Rejection | undefined {
  const register = state.financing.collateral;
  const locked = receivedFaceMinor(register, party, isin) - reusedFaceMinor(register, party, isin);
  if (locked === 0n) return undefined;
  const free = freeOwnFaceMinor(state, party, isin);
  if (face_minor <= free) return undefined;
  return reject('REPO_COLLATERAL_LOCKED', 'Received collateral moves only as declared re-use', {
    party,
    isin,
    face_minor,
    free_own_minor: free,
    received_not_reused_minor: locked,
    held_minor: heldFaceMinor(state, party, isin),
  });
}

/** After the start leg: the re-use (if any), the buyer's received face, the report line. */
export function recordRepoOpened(
  state: HubState,
  terms: RepoTerms,
  reuse_of: string | null,
  purchase_price_minor: bigint,
  context: CommandContext,
): void {
  if (reuse_of !== null) {
    const { seller, isin, face_minor, repo_id, purchase_date } = terms;
    const refused = reuseCollateral(
      state,
      seller,
      isin,
      face_minor,
      'offshore_repo',
      repo_id,
      purchase_date,
      reuse_of,
    );
    if (refused !== undefined) throw new Error(`re-use refused after its check: ${refused.code}`);
    const record = state.financing.collateral.reuses.get(reuseKey('offshore_repo', repo_id, isin));
    if (record !== undefined) emitReused(record, context);
  }
  const { repo_id, buyer, isin, face_minor } = terms;
  recordReceived(state, { repo_id, party: buyer, isin, face_minor });
  recordRepoReport(state, terms, {
    ...{ date: terms.purchase_date, timestamp_us: context.timestamp_us, action: 'opened' },
    ...{ cash_minor: purchase_price_minor, reuse_of },
  });
}

export function checkRepoClose(state: HubState, repo_id: string): Rejection | undefined {
  return checkReceivedBack(state, repo_id);
}

/** After the end leg: the received face released, a re-use come back, the report line. */
export function recordRepoClosed(
  state: HubState,
  terms: RepoTerms,
  repurchase_price_minor: bigint,
  today: string,
  context: CommandContext,
): void {
  releaseReceived(state, terms.repo_id);
  const returned = returnReused(state, 'offshore_repo', terms.repo_id);
  for (const record of returned) emitReturned(record, context);
  recordRepoReport(state, terms, {
    ...{ date: today, timestamp_us: context.timestamp_us, action: 'closed' },
    ...{ cash_minor: repurchase_price_minor, reuse_of: returned[0]?.sources[0]?.repo_id ?? null },
  });
}

export function emitReused(record: ReuseRecord, context: CommandContext): void {
  context.emit({
    type: 'collateral_reused',
    party: record.party,
    isin: record.isin,
    face_minor: record.face_minor,
    use_case: record.use_case,
    target_id: record.target_id,
    sources: record.sources,
  });
}

export function emitReturned(record: ReuseRecord, context: CommandContext): void {
  context.emit({
    type: 'collateral_returned',
    party: record.party,
    isin: record.isin,
    face_minor: record.face_minor,
    use_case: record.use_case,
    target_id: record.target_id,
  });
}
