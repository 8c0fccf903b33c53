/**
 * DvP model 3: the due instructions of a settlement group are netted per account and asset and
 * settled as one atomic batch. If the ledger refuses the batch, the fail rule (net_fails.ts) takes
 * out what caused it and the rest is netted again, until a batch passes or nothing is left.
 *
 * A batch larger than one ledger batch is settled as holds (placed in ledger batches; if any is
 * refused, every hold placed is voided) and then posts, so it is still all or nothing.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { accept, type Outcome, type Rejection, reject } from '../kernel/rejection.js';
import {
  createTransferBatch,
  createTransfers,
  movementInput,
  resolutionInput,
  type TransferBatchInput,
  type TransferInput,
} from '../ledger/index.js';
import { intern } from './instructions.js';
import { applySettlement, markFailed, scratchLegs } from './legs.js';
import { applyFailRule, locateCulprit } from './net_fails.js';
import type { NetPlan } from './net_plan.js';
import {
  type FxAccounts,
  type NetBatch,
  netBatch,
  netPositions,
  type Positions,
} from './net_positions.js';
import type { NetRun } from './net_run.js';
import type { FxDeal, ParticipantTally, PositionLine } from './reports.js';
import type { PosttradeEnv, PosttradeState } from './state.js';

/** What a netting run did. */
export interface NetOutcome {
  readonly batch: 'none' | 'single' | 'holds';
  readonly attempts: number;
  readonly settled: number;
  readonly partial: number;
  readonly failed: number;
  readonly positions: PositionLine[];
  readonly fx: FxDeal[];
  readonly tallies: Map<string, ParticipantTally>;
}

/** Runs the netting fixpoint and records the outcome on every instruction of the plan. */
export function settleNet(
  state: PosttradeState,
  env: PosttradeEnv,
  plan: NetPlan,
  id_prefix: string,
): NetOutcome {
  const fx = internFx(state, plan);
  let attempts = 0;
  let positions: Positions;
  let batch: NetBatch;
  let kind: NetOutcome['batch'] = 'none';
  for (;;) {
    attempts += 1;
    assert(attempts <= 2 * plan.run.length + 2, 'netting did not converge');
    positions = netPositions(state, plan.run, fx);
    batch = netBatch(state, positions, plan.transit, `${id_prefix}${attempts}/`);
    if (batch.transfers.length === 0) break;
    kind = batch.transfers.length > state.config.net_batch_transfers_max ? 'holds' : 'single';
    const outcome =
      kind === 'single'
        ? submitSingle(state, env, batch, `${id_prefix}${attempts}`)
        : submitHolds(state, env, batch);
    if (outcome.ok) break;
    const culprit = locateCulprit(state, env, batch, outcome);
    applyFailRule(state, plan.run, culprit, fx);
  }
  const recorded = recordOutcome(state, env, plan.run);
  return {
    batch: kind,
    attempts,
    settled: recorded.settled,
    partial: recorded.partial,
    failed: recorded.failed,
    positions: positionLines(state, positions),
    fx: positions.fx,
    tallies: recorded.tallies,
  };
}

function internFx(state: PosttradeState, plan: NetPlan): FxAccounts | null {
  if (plan.fx === null) return null;
  return {
    bank_hkd: intern(state, plan.fx.bank_hkd),
    bank_rmb: intern(state, plan.fx.bank_rmb),
    agent_hkd: intern(state, plan.fx.agent_hkd),
    agent_rmb: intern(state, plan.fx.agent_rmb),
  };
}

/** Frozen, so the ledger keeps it without a copy. */
const NET_CODES = Object.freeze(['net_settlement']);

/** The batch as one ledger transfer batch: transfer k is `<cycle>/<group>/<attempt>#k`. */
function submitSingle(
  state: PosttradeState,
  env: PosttradeEnv,
  batch: NetBatch,
  batch_id: string,
): Outcome<undefined> {
  // One step of the cycle command: bounded by the netting limit, not by a client's batch limit.
  const max = state.config.net_batch_transfers_max;
  const outcome = createTransferBatch(env.ledger, transferBatchOf(env, batch, batch_id), env, max);
  if (!outcome.ok) return outcome;
  assert(outcome.value === 'created', 'a netting batch id was already used');
  return accept(undefined);
}

function transferBatchOf(env: PosttradeEnv, batch: NetBatch, id: string): TransferBatchInput {
  const count = batch.transfers.length;
  const debit_handles = new Int32Array(count);
  const credit_handles = new Int32Array(count);
  const amounts_minor: bigint[] = [];
  const handleOf = (account_id: string | undefined) =>
    env.ledger.accounts.get(account_id ?? '')?.handle ?? -1;
  for (let k = 0; k < count; k += 1) {
    const t = batch.transfers[k] as TransferInput;
    debit_handles[k] = handleOf(t.debit_account_id);
    credit_handles[k] = handleOf(t.credit_account_id);
    amounts_minor.push(t.amount_minor ?? 0n);
  }
  return {
    id,
    codes: NET_CODES,
    count,
    debit_handles,
    credit_handles,
    amounts_minor,
    code_indices: new Uint8Array(count),
    references: new Array<string>(count).fill(''),
  };
}

function submitHolds(
  state: PosttradeState,
  env: PosttradeEnv,
  batch: NetBatch,
): Outcome<undefined> {
  const max = state.config.net_batch_transfers_max;
  const all = batch.transfers;
  for (let start = 0; start < all.length; start += max) {
    const holds = all.slice(start, start + max).map(asHold);
    const placed = createTransfers(env.ledger, holds, env, max);
    if (placed.ok) continue;
    resolveHolds(env, all.slice(0, start), 'void', max);
    const local = placed.details.index as number;
    return reindexed(placed, start + local);
  }
  resolveHolds(env, all, 'post', max);
  return accept(undefined);
}

function asHold(t: TransferInput): TransferInput {
  const { debit_account_id: from, credit_account_id: to, amount_minor: amount } = t;
  assert(from !== undefined && to !== undefined && amount !== undefined, 'a netting movement');
  return movementInput(`${t.id}h`, from, to, amount, 'net_settlement', 'hold');
}

function resolveHolds(
  env: PosttradeEnv,
  transfers: readonly TransferInput[],
  action: 'post' | 'void',
  max: number,
): void {
  for (let start = 0; start < transfers.length; start += max) {
    const suffix = action === 'post' ? 'p' : 'v';
    const chunk = transfers
      .slice(start, start + max)
      .map((t) => resolutionInput(`${t.id}${suffix}`, action, `${t.id}h`, 'net_settlement'));
    const outcome = createTransfers(env.ledger, chunk, env, max);
    assert(outcome.ok, `resolving netting holds (${action}) must succeed`);
  }
}

function reindexed(refusal: Rejection, index: number): Rejection {
  return reject(refusal.code, refusal.message, { ...refusal.details, index });
}

interface Recorded {
  readonly tallies: Map<string, ParticipantTally>;
  readonly settled: number;
  readonly partial: number;
  readonly failed: number;
}

function recordOutcome(state: PosttradeState, env: PosttradeEnv, run: NetRun): Recorded {
  const tallies = new Map<string, ParticipantTally>();
  const counts = { settled: 0, partial: 0, failed: 0 };
  const legs = scratchLegs();
  for (let k = 0; k < run.length; k += 1) {
    const i = run.at(k);
    const exception = run.exception(k);
    let outcome: 'settled' | 'partial' | 'failed' = 'failed';
    if (exception?.excluded === true) {
      markFailed(env, i, exception.reason, exception.party);
    } else {
      applySettlement(state, env, i, run.legsInto(k, legs));
      if (exception !== undefined) {
        markFailed(env, i, exception.reason, exception.party);
        outcome = 'partial';
      } else {
        outcome = 'settled';
      }
      if (i.status === 'settled') run.markFinal(k);
    }
    counts[outcome] += 1;
    // Reported to the side that is not the CCP (both sides of a bilateral instruction).
    if (i.deliverer !== i.group) tally(tallies, i.deliverer_participant)[outcome] += 1;
    if (i.receiver !== i.group) tally(tallies, i.receiver_participant)[outcome] += 1;
  }
  return { tallies, ...counts };
}

function tally(tallies: Map<string, ParticipantTally>, participant: string): ParticipantTally {
  let t = tallies.get(participant);
  if (t === undefined) {
    t = { participant, settled: 0, partial: 0, failed: 0 };
    tallies.set(participant, t);
  }
  return t;
}

function positionLines(state: PosttradeState, positions: Positions): PositionLine[] {
  const t = state.accounts;
  return positions.touched.map((a) => {
    const debit = positions.debit[a] as bigint;
    const credit = positions.credit[a] as bigint;
    return {
      account_id: t.ids[a] as string,
      asset: t.assets[a] as string,
      owner: t.owners[a] as string,
      participant: t.participants[a] as string,
      debit_minor: debit,
      credit_minor: credit,
      net_minor: credit - debit,
    };
  });
}
