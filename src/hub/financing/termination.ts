/**
 * Early termination of a term repo by agreement (docs/financing.md §9): one party proposes a
 * date with `financing.propose_termination`, the other accepts with
 * `financing.accept_termination`. Accepted for today, the end leg settles at once as at a close
 * (repo.ts `settleEndLeg`: interest to today); accepted for a later date, the repurchase date
 * moves to it and the repo closes then through `financing.close_repo`.
 * @module
 */

import { isIsoDate, marketDate, type Rejection, reject } from '../../kernel/index.js';
import type { AcceptTermination, ProposeTermination } from '../../protocol/financing.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import type { RepoSide } from './life_state.js';
import { partyRepo, settleEndLeg } from './repo.js';
import type { RepoRecord } from './state.js';

export function proposeTermination(
  state: HubState,
  c: ProposeTermination,
  context: CommandContext,
): Rejection | undefined {
  const record = partyRepo(state, c.repo_id, context);
  if (!('terms' in record)) return record;
  const side = actingSide(record, context);
  if (side === undefined) {
    return reject('REPO_TERMINATION_WRONG_PARTY', 'One side of the repo proposes, not both', {
      participant: context.actor.participant,
    });
  }
  const refused = checkDate(record, c.termination_date, marketDate(context.timestamp_us));
  if (refused !== undefined) return refused;
  state.financing.terminations.set(c.repo_id, {
    ...{ repo_id: c.repo_id, proposer: side, participant: context.actor.participant },
    termination_date: c.termination_date,
  });
  context.emit({
    type: 'repo_termination_proposed',
    ...{ repo_id: c.repo_id, seller: record.terms.seller, buyer: record.terms.buyer },
    ...{ proposer: side, termination_date: c.termination_date },
  });
  return undefined;
}

export function acceptTermination(
  state: HubState,
  c: AcceptTermination,
  context: CommandContext,
): Rejection | undefined {
  const record = partyRepo(state, c.repo_id, context);
  if (!('terms' in record)) return record;
  const proposal = state.financing.terminations.get(c.repo_id);
  if (proposal === undefined) {
    return reject('REPO_TERMINATION_NONE', 'No one has proposed to end this repo early', {
      repo_id: c.repo_id,
    });
  }
  const side = actingSide(record, context);
  if (side === undefined || side === proposal.proposer) {
    return reject('REPO_TERMINATION_WRONG_PARTY', 'The other side accepts a proposal', {
      participant: context.actor.participant,
      proposer: proposal.proposer,
    });
  }
  const today = marketDate(context.timestamp_us);
  const date = proposal.termination_date;
  const refused = checkDate(record, date, today);
  if (refused !== undefined) return refused;
  const { seller, buyer } = record.terms;
  if (date > today) {
    const terms = { ...record.terms, repurchase_date: date };
    state.financing.repos.set(c.repo_id, { ...record, terms });
    state.financing.terminations.delete(c.repo_id);
    context.emit({
      type: 'repo_termination_agreed',
      repo_id: c.repo_id,
      seller,
      buyer,
      termination_date: date,
    });
    return undefined;
  }
  const leg = settleEndLeg(state, record, context);
  if (!('days' in leg)) return leg;
  context.emit({
    type: 'repo_terminated',
    repo_id: c.repo_id,
    seller,
    buyer,
    termination_date: date,
    ...leg,
  });
  return undefined;
}

/** The one side the actor acts for; undefined for neither or both (an operator, say). */
function actingSide(record: RepoRecord, context: CommandContext): RepoSide | undefined {
  const seller = context.actor.actsFor(record.terms.seller);
  const buyer = context.actor.actsFor(record.terms.buyer);
  if (seller === buyer) return undefined;
  return seller ? 'seller' : 'buyer';
}

/** A term repo, ended today or later and before its repurchase date. */
function checkDate(record: RepoRecord, date: string, today: string): Rejection | undefined {
  const repurchase_date = record.terms.repurchase_date;
  if (repurchase_date === null) {
    return reject('REPO_NOT_TERM', 'An open repo ends any day through financing.close_repo', {
      repo_id: record.terms.repo_id,
    });
  }
  if (!isIsoDate(date)) {
    return reject('REPO_DATES_INVALID', 'The termination date is not a calendar date', { date });
  }
  if (date < today) {
    return reject('REPO_TERMINATION_DATE_PAST', 'The termination date has passed', { date, today });
  }
  if (date >= repurchase_date) {
    return reject(
      'REPO_TERMINATION_NOT_EARLY',
      'An early termination ends before the repurchase date',
      {
        date,
        repurchase_date,
      },
    );
  }
  return undefined;
}
