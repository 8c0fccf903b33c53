/**
 * Substitution of collateral in an open repo (GMRA 2011 para 8; docs/financing.md §9): new bonds
 * for old, worth at least as much after the repo's haircut. The GMRA needs the buyer's consent;
 * *assumption*: the parties agree off the hub, and either of them sending the command is that
 * agreement (no propose/accept step).
 *
 * Why two free-of-payment movements in one ledger batch, not two DvP legs through posttrade:
 * posttrade captures only trades against payment (its instructions are `APMT` with a positive
 * cash amount), so a substitution there would be two legs of equal cash settled one after the
 * other, each able to fail on its own and leave the repo half substituted. One atomic ledger
 * batch moves the old bonds back and the new bonds over together, or neither: between the same
 * leaf accounts posttrade settles to (the settlement resolver), and the ledger moves the nominee
 * chains' omnibus accounts with them. No cash moves, so none has to net to zero.
 * @module
 */

import { purchasePriceMinor, type RepoTerms } from '../../financing/index.js';
import { marketDate, type Rejection, reject } from '../../kernel/index.js';
import { createTransfers, OPERATOR_ACTOR } from '../../ledger/index.js';
import type { SubstituteCollateral } from '../../protocol/financing.js';
import type { CommandContext } from '../context.js';
import { settlementResolver } from '../settlement.js';
import type { HubState } from '../state.js';
import { checkReceivedBack, substituteReceived } from './collateral_register.js';
import { marketValueInCash, partyRepo } from './repo.js';
import type { RepoRecord } from './state.js';

export function substituteCollateral(
  state: HubState,
  c: SubstituteCollateral,
  context: CommandContext,
): Rejection | undefined {
  const record = partyRepo(state, c.repo_id, context);
  if (!('terms' in record)) return record;
  const old_terms = record.terms;
  const new_terms: RepoTerms = {
    ...old_terms,
    isin: c.new_isin,
    face_minor: BigInt(c.new_face_minor),
  };
  // Received bonds re-used elsewhere must have come back before the buyer can return them.
  const refused = checkNewBond(state, old_terms, new_terms) ?? checkReceivedBack(state, c.repo_id);
  if (refused !== undefined) return refused;
  const today = marketDate(context.timestamp_us);
  const values = valuesAfterHaircut(state, record, new_terms, c, today);
  if (!('old_value_minor' in values)) return values;
  const moved = moveBonds(state, old_terms, new_terms, context);
  if (moved !== undefined) return moved;
  state.financing.repos.set(c.repo_id, { ...record, terms: new_terms });
  substituteReceived(state, c.repo_id, new_terms.isin, new_terms.face_minor);
  context.emit({
    type: 'collateral_substituted',
    ...{ repo_id: c.repo_id, seller: old_terms.seller, buyer: old_terms.buyer },
    ...{ old_isin: old_terms.isin, old_face_minor: old_terms.face_minor },
    ...{ new_isin: new_terms.isin, new_face_minor: new_terms.face_minor },
    ...values,
  });
  return undefined;
}

function checkNewBond(state: HubState, old_terms: RepoTerms, new_terms: RepoTerms) {
  if (new_terms.isin === old_terms.isin) {
    return reject('REPO_SUBSTITUTE_SAME_BOND', 'A substitution delivers a different bond', {
      isin: new_terms.isin,
    });
  }
  const bond = state.bonds.bonds.get(new_terms.isin);
  if (state.reference.securities.get(new_terms.isin)?.market !== 'CIBM' || bond === undefined) {
    return reject('REPO_BOND_NOT_NORTHBOUND', 'Repo collateral is a CIBM bond held Northbound', {
      isin: new_terms.isin,
    });
  }
  const unit = bond.terms.face_value_minor;
  if (new_terms.face_minor <= 0n || new_terms.face_minor % unit !== 0n) {
    return reject('REPO_FACE_INVALID', 'The new face is a positive whole number of bond units', {
      face_minor: new_terms.face_minor,
      face_value_minor: unit,
    });
  }
  return undefined;
}

/** Both bonds' value after the repo's haircut (rounded down); the new at least the old. */
function valuesAfterHaircut(
  state: HubState,
  record: RepoRecord,
  new_terms: RepoTerms,
  c: SubstituteCollateral,
  today: string,
): { old_value_minor: bigint; new_value_minor: bigint } | Rejection {
  const fx = record.fx_rate_e8;
  const old_market = marketValueInCash(state, record.terms, BigInt(c.px_e8_old), fx, today);
  if (typeof old_market !== 'bigint') return old_market;
  const new_market = marketValueInCash(state, new_terms, BigInt(c.px_e8_new), fx, today);
  if (typeof new_market !== 'bigint') return new_market;
  const old_value_minor = purchasePriceMinor(old_market, new_terms.haircut_ppm);
  const new_value_minor = purchasePriceMinor(new_market, new_terms.haircut_ppm);
  if (new_value_minor < old_value_minor) {
    return reject('REPO_SUBSTITUTE_VALUE_SHORT', 'The new bonds are worth less after haircut', {
      old_value_minor,
      new_value_minor,
    });
  }
  return { old_value_minor, new_value_minor };
}

/** The old bonds buyer → seller and the new seller → buyer, free of payment, all or nothing. */
function moveBonds(
  state: HubState,
  old_terms: RepoTerms,
  new_terms: RepoTerms,
  context: CommandContext,
): Rejection | undefined {
  const resolver = settlementResolver(state);
  const holding = (owner: string, isin: string) => resolver.accountFor(owner, isin, 'holding');
  const legs = [
    { terms: old_terms, from: old_terms.buyer, to: old_terms.seller, tag: 'OLD' },
    { terms: new_terms, from: new_terms.seller, to: new_terms.buyer, tag: 'NEW' },
  ];
  const transfers = [];
  for (const leg of legs) {
    const from = holding(leg.from, leg.terms.isin);
    const to = holding(leg.to, leg.terms.isin);
    if (from === undefined || to === undefined) {
      return reject('REPO_PARTY_UNKNOWN', 'A party has no holding chain in the bond', {
        isin: leg.terms.isin,
      });
    }
    const unit = state.bonds.bonds.get(leg.terms.isin)?.terms.face_value_minor ?? 1n;
    transfers.push({
      id: `SUBST:${context.seq}:${leg.tag}`,
      ...{ debit_account_id: from, credit_account_id: to },
      amount_minor: leg.terms.face_minor / unit,
      code: 'repo_substitution',
    });
  }
  const sink = { actor: OPERATOR_ACTOR, timestamp_us: context.timestamp_us, sink: context };
  const moved = createTransfers(state.ledger, transfers, sink);
  return moved.ok ? undefined : moved;
}
