/**
 * Northbound bonds posted as margin at OTC Clear (docs/financing.md §10), on the ledger: the bonds
 * move from the member's own account in the bond (its nominee chain) to an OTC Clear margin
 * account for the member and account category, a sub-account of OTC Clear's own tier in CMU
 * (`<ISIN>/OTCC/margin/<member>/<category>`, opened on first use), and back on release.
 *
 * The rules are src/financing's `checkOtcClearPosting` (dates, CGB and policy-bank bonds only,
 * House and Client Category 1 only, initial margin only, the member's cap). The posting is valued
 * at the given clean price plus accrued, less OTC Clear's haircut (`OTC_CLEAR_BOND_SCHEDULE`,
 * an assumption); the cap, set by the operator for OTC Clear, is on that value (no cap set:
 * nothing may be posted). Own bonds, or received repo collateral with `reuse_of` (case b).
 * @module
 */

import {
  checkOtcClearPosting,
  collateralValueMinor,
  OTC_CLEAR_BOND_SCHEDULE,
  type OtcClearAccount,
  scheduleHaircut,
} from '../../financing/index.js';
import { dayNumber, marketDate, type Rejection, reject } from '../../kernel/index.js';
import { createTransfers, OPERATOR_ACTOR } from '../../ledger/index.js';
import type { PostOtcMargin, ReleaseOtcMargin, SetOtcCap } from '../../protocol/financing.js';
import { tradeMoney } from '../bonds/trade.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';
import { planReuse, returnReused, reuseCollateral } from './collateral_register.js';
import type { OtcAccountCategory, OtcPosting } from './collateral_types.js';
import { checkMoveable, OTC_CLEAR_PARTY, openOtcAccounts, otcMarginChain } from './otc_accounts.js';
import { checkOwnFree, emitReturned, emitReused } from './repo_collateral.js';

const ACCOUNTS: Record<OtcAccountCategory, OtcClearAccount> = {
  house: 'house',
  client_cat1: 'client_category_1',
  client_cat2: 'client_category_2',
};

export function setOtcCap(state: HubState, c: SetOtcCap, context: CommandContext) {
  const refused = operatorOnly(context, "set OTC Clear's cap on a member's bond collateral");
  if (refused !== undefined) return refused;
  if (!state.reference.parties.has(c.member)) {
    return reject('OTCC_MEMBER_UNKNOWN', 'No party has this id', { member: c.member });
  }
  state.financing.otc.caps.set(c.member, c.amount_minor);
  context.emit({ type: 'otc_cap_set', member: c.member, cap_minor: c.amount_minor });
  return undefined;
}

export function postOtcMargin(
  state: HubState,
  c: PostOtcMargin,
  context: CommandContext,
): Rejection | undefined {
  const today = marketDate(context.timestamp_us);
  const planned = planPosting(state, c, today, context);
  if (!('posting_id' in planned)) return planned;
  openOtcAccounts(state, planned, context);
  const moved = moveBonds(state, planned, 'post', context);
  // Everything the ledger checks was checked first: a refusal here is a bug.
  if (moved !== undefined) throw new Error(`OTC Clear posting refused late: ${moved.code}`);
  if (planned.reuse_of !== null) {
    const { member, isin, face_minor, posting_id, reuse_of } = planned;
    const refused = reuseCollateral(
      state,
      member,
      isin,
      face_minor,
      'otc_clear_margin',
      posting_id,
      today,
      reuse_of,
    );
    if (refused !== undefined) throw new Error(`re-use refused late: ${refused.code}`);
    const key = `otc_clear_margin|${posting_id}|${isin}`;
    const record = state.financing.collateral.reuses.get(key);
    if (record !== undefined) emitReused(record, context);
  }
  state.financing.otc.postings.set(planned.posting_id, planned);
  context.emit({
    type: 'otc_margin_posted',
    ...{ posting_id: planned.posting_id, member: planned.member },
    ...{ account_category: planned.account_category, isin: planned.isin },
    ...{ face_minor: planned.face_minor, market_value_minor: planned.market_value_minor },
    ...{ haircut_ppm: planned.haircut_ppm, value_minor: planned.value_minor },
    reuse_of: planned.reuse_of,
  });
  return undefined;
}

/** Every check, then the posting as it will be recorded. */
function planPosting(
  state: HubState,
  c: PostOtcMargin,
  today: string,
  context: CommandContext,
): OtcPosting | Rejection {
  if (!context.actor.operator && !context.actor.actsFor(c.member)) {
    return reject('NOT_AUTHORIZED', 'A clearing member, or the operator, posts its margin', {
      participant: context.actor.participant,
    });
  }
  if (!state.reference.parties.has(OTC_CLEAR_PARTY)) {
    return reject('OTCC_NOT_SET_UP', 'OTC Clear is not a registered party', {
      party: OTC_CLEAR_PARTY,
    });
  }
  if (state.financing.otc.postings.has(c.posting_id)) {
    return reject('OTCC_POSTING_EXISTS', 'A posting with this id is open', {
      posting_id: c.posting_id,
    });
  }
  const valued = valuePosting(state, c, today);
  if (!('value_minor' in valued)) return valued;
  const reuse_of = c.reuse_of ?? null;
  const source = checkSource(state, c, reuse_of, today);
  if (source !== undefined) return source;
  const chain = otcMarginChain(state, c.member, c.isin, c.account_category);
  if (!('margin_account_id' in chain)) return chain;
  const moveable = checkMoveable(state, chain, valued.units);
  if (moveable !== undefined) return moveable;
  return {
    ...{ posting_id: c.posting_id, member: c.member, account_category: c.account_category },
    ...{ margin_type: 'initial', isin: c.isin, face_minor: c.face_minor, units: valued.units },
    ...{ market_value_minor: valued.market_value_minor, haircut_ppm: valued.haircut_ppm },
    ...{ value_minor: valued.value_minor, from_account_id: chain.from_account_id },
    ...{ margin_account_id: chain.margin_account_id, reuse_of, date: today },
  };
}

interface Valued {
  readonly units: bigint;
  readonly market_value_minor: bigint;
  readonly haircut_ppm: number;
  readonly value_minor: bigint;
}

/** The bond's eligibility, the posting's value after haircut, and the rules with the cap. */
function valuePosting(state: HubState, c: PostOtcMargin, today: string): Valued | Rejection {
  const bond = state.bonds.bonds.get(c.isin);
  if (bond === undefined || state.reference.securities.get(c.isin)?.market !== 'CIBM') {
    return reject('OTCC_BOND_NOT_ELIGIBLE', 'Only bonds held through Northbound Bond Connect', {
      isin: c.isin,
    });
  }
  const face_value = bond.terms.face_value_minor;
  if (c.face_minor <= 0n || c.face_minor % face_value !== 0n) {
    return reject('OTCC_FACE_INVALID', "Post a positive whole number of the bond's units", {
      face_minor: c.face_minor,
      face_value_minor: face_value,
    });
  }
  const money = tradeMoney(bond, c.face_minor, c.px_e8, today, undefined);
  if (!money.ok) return money;
  const market_value_minor = money.value.settlement_amount_minor;
  const terms = bond.terms;
  const rules = checkOtcClearPosting({
    ...{ date: today, issuer_kind: terms.issuer_kind, account: ACCOUNTS[c.account_category] },
    ...{ use: c.use ?? 'other_derivatives', margin_type: c.margin_type },
    // The cap is checked below on the value after haircut; a positive amount passes here.
    ...{ amount_minor: 1n, posted_minor: 0n, cap_minor: 1n },
  });
  if (rules !== undefined) return rules;
  const collateral_bond = {
    ...{ isin: c.isin, issuer_kind: terms.issuer_kind, issuer: terms.issuer_name },
    ...{ currency: terms.currency, maturity_day: dayNumber(terms.maturity_date) },
  };
  const haircut = scheduleHaircut(OTC_CLEAR_BOND_SCHEDULE, collateral_bond, dayNumber(today));
  if (!haircut.ok) return haircut;
  const value_minor = collateralValueMinor(market_value_minor, haircut.value);
  const cap = checkOtcClearPosting({
    ...{ date: today, issuer_kind: terms.issuer_kind, account: ACCOUNTS[c.account_category] },
    ...{ use: c.use ?? 'other_derivatives', margin_type: c.margin_type },
    amount_minor: value_minor,
    posted_minor: postedValueMinor(state, c.member),
    cap_minor: state.financing.otc.caps.get(c.member) ?? 0n,
  });
  if (cap !== undefined) return cap;
  const units = c.face_minor / face_value;
  return { units, market_value_minor, haircut_ppm: haircut.value, value_minor };
}

/** A member's postings' value after haircut, as counted against its cap. */
export function postedValueMinor(state: HubState, member: string): bigint {
  let total = 0n;
  for (const p of state.financing.otc.postings.values()) {
    if (p.member === member) total += p.value_minor;
  }
  return total;
}

/** Received collateral from `reuse_of` (case b, from 25 Aug 2025), or own free bonds. */
function checkSource(
  state: HubState,
  c: PostOtcMargin,
  reuse_of: string | null,
  today: string,
): Rejection | undefined {
  if (reuse_of === null) return checkOwnFree(state, c.member, c.isin, c.face_minor);
  const reuse = {
    ...{ party: c.member, isin: c.isin, face_minor: c.face_minor },
    ...{ use_case: 'otc_clear_margin' as const, target_id: c.posting_id, date: today },
  };
  const sources = planReuse(state.financing.collateral, reuse, reuse_of);
  return Array.isArray(sources) ? undefined : (sources as Rejection);
}

export function releaseOtcMargin(
  state: HubState,
  c: ReleaseOtcMargin,
  context: CommandContext,
): Rejection | undefined {
  const posting = state.financing.otc.postings.get(c.posting_id);
  if (posting === undefined) {
    return reject('OTCC_POSTING_UNKNOWN', 'No open posting has this id', {
      posting_id: c.posting_id,
    });
  }
  const actor = context.actor;
  if (!actor.operator && !actor.actsFor(posting.member) && !actor.actsFor(OTC_CLEAR_PARTY)) {
    return reject('NOT_AUTHORIZED', 'OTC Clear, the member or the operator releases margin', {
      participant: actor.participant,
    });
  }
  const moved = moveBonds(state, posting, 'release', context);
  if (moved !== undefined) return moved;
  state.financing.otc.postings.delete(c.posting_id);
  for (const r of returnReused(state, 'otc_clear_margin', c.posting_id)) emitReturned(r, context);
  context.emit({
    type: 'otc_margin_released',
    ...{ posting_id: posting.posting_id, member: posting.member, isin: posting.isin },
    ...{ face_minor: posting.face_minor, value_minor: posting.value_minor },
  });
  return undefined;
}

/** The posting's units from the member to OTC Clear's margin account, or back. */
function moveBonds(
  state: HubState,
  posting: OtcPosting,
  way: 'post' | 'release',
  context: CommandContext,
): Rejection | undefined {
  const [from, to] =
    way === 'post'
      ? [posting.from_account_id, posting.margin_account_id]
      : [posting.margin_account_id, posting.from_account_id];
  const moved = createTransfers(
    state.ledger,
    [
      {
        id: `OTCC:${context.seq}:${way}`,
        debit_account_id: from,
        credit_account_id: to,
        amount_minor: posting.units,
        code: way === 'post' ? 'otc_margin_post' : 'otc_margin_release',
      },
    ],
    { actor: OPERATOR_ACTOR, timestamp_us: context.timestamp_us, sink: context },
  );
  return moved.ok ? undefined : moved;
}
