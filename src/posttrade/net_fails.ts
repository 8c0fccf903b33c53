/**
 * What to take out of a netting run when the ledger refuses its batch. The refused transfer
 * names an account; the rule takes out, latest capture first, just enough of the instructions
 * that debit it to cover the shortfall (or settles part of one, where the stream allows partial
 * settlement of securities), and every instruction touching a frozen account. Taking an
 * instruction out takes out all its legs, so no DvP leg ever settles without its counterpart.
 * A CCP cannot deliver what it did not receive: its own shortfall is passed on to the receiving
 * instructions as `counterparty_failed`.
 * @module
 */

import { assert } from '../kernel/assert.js';
import type { Rejection } from '../kernel/rejection.js';
import { inChain } from './failure.js';
import { failedIndex } from './gross.js';
import { partOf, scratchLegs } from './legs.js';
import type { FxAccounts, NetBatch } from './net_positions.js';
import type { NetRun } from './net_run.js';
import type { PosttradeEnv, PosttradeState } from './state.js';
import type { FailReason, Instruction } from './types.js';

/** The account a refusal is about, and what the ledger said. */
export interface Culprit {
  readonly account: number;
  readonly code: string;
  /** The exact shortfall when the account itself lacked funds; -1 when unknown. */
  readonly shortfall: bigint;
  /** The refusal was about the transit account (frozen): the whole asset fails. */
  readonly transit: boolean;
}

/** Reads the refusal of a netting batch. */
export function locateCulprit(
  state: PosttradeState,
  env: PosttradeEnv,
  batch: NetBatch,
  refusal: Rejection,
  index_offset = 0,
): Culprit {
  const at = failedIndex(refusal, batch.transfers.length - index_offset) + index_offset;
  const account = batch.accounts[at] as number;
  const transfer = batch.transfers[at];
  assert(transfer !== undefined, 'refused transfer out of range');
  const own_id = state.accounts.ids[account] as string;
  const transit_id =
    transfer.debit_account_id === own_id ? transfer.credit_account_id : transfer.debit_account_id;
  const refused_id = refusal.details.account_id;
  const transit = refusal.code === 'ACCOUNT_FROZEN' && inChain(env, transit_id ?? '', refused_id);
  let shortfall = -1n;
  if (refusal.code === 'INSUFFICIENT_FUNDS' && refused_id === own_id) {
    const amount = refusal.details.amount_minor as bigint;
    const available = refusal.details.available_minor as bigint;
    shortfall = amount - (available > 0n ? available : 0n);
  }
  return { account, code: refusal.code, shortfall, transit };
}

/** Applies the fail rule for a culprit; returns how many instructions it changed (at least one). */
export function applyFailRule(
  state: PosttradeState,
  run: NetRun,
  culprit: Culprit,
  fx: FxAccounts | null,
): number {
  const a = culprit.account;
  const owner = state.accounts.owners[a] as string;
  let changed = 0;
  if (culprit.transit) {
    const asset = state.accounts.assets[a] as string;
    changed = excludeWhere(run, (i) => touchesAsset(state, i, asset), 'account_frozen', owner);
  } else if (fx !== null && isFxAccount(fx, a)) {
    changed = excludeWhere(run, (i) => i.fx !== 'none', 'fx_failed', owner);
  } else if (culprit.code === 'INSUFFICIENT_FUNDS') {
    changed = coverShortfall(state, run, a, culprit.shortfall);
  } else {
    const reason = culprit.code === 'ACCOUNT_FROZEN' ? 'account_frozen' : 'ledger_refused';
    changed = excludeWhere(run, (i) => touches(i, a), reason, owner);
  }
  assert(changed > 0, 'a refused netting batch must take something out');
  return changed;
}

function isFxAccount(fx: FxAccounts, a: number): boolean {
  return a === fx.bank_hkd || a === fx.bank_rmb || a === fx.agent_hkd || a === fx.agent_rmb;
}

function touches(i: Instruction, a: number): boolean {
  return (
    i.sec_from === a ||
    i.sec_to === a ||
    i.cash_from === a ||
    i.cash_to === a ||
    i.rmb_from === a ||
    i.rmb_to === a
  );
}

function touchesAsset(state: PosttradeState, i: Instruction, asset: string): boolean {
  const assets = state.accounts.assets;
  return (
    assets[i.sec_from] === asset ||
    (i.cash_from >= 0 && assets[i.cash_from] === asset) ||
    (i.rmb_from >= 0 && assets[i.rmb_from] === asset)
  );
}

function excludeWhere(
  run: NetRun,
  predicate: (i: Instruction) => boolean,
  reason: FailReason,
  party: string,
): number {
  let changed = 0;
  for (let k = 0; k < run.length; k += 1) {
    const i = run.at(k);
    if (run.isExcluded(k) || !predicate(i)) continue;
    run.exclude(k, reasonFor(i, party, reason), party);
    changed += 1;
  }
  return changed;
}

function reasonFor(instruction: Instruction, party: string, reason: FailReason): FailReason {
  return party === instruction.group && reason !== 'fx_failed' ? 'counterparty_failed' : reason;
}

/** Takes out (or reduces) the latest debits of account `a` until `shortfall` is covered. */
function coverShortfall(state: PosttradeState, run: NetRun, a: number, shortfall: bigint): number {
  const owner = state.accounts.owners[a] as string;
  const legs = scratchLegs();
  let remaining = shortfall;
  let changed = 0;
  for (let k = run.length - 1; k >= 0 && remaining !== 0n; k -= 1) {
    const i = run.at(k);
    if (run.isExcluded(k)) continue;
    run.legsInto(k, legs);
    const securities = i.sec_from === a ? legs.securities_units : 0n;
    const cash =
      (i.cash_from === a ? legs.cash_minor : 0n) + (i.rmb_from === a ? legs.rmb_minor : 0n);
    const contribution = securities + cash;
    if (contribution === 0n) continue;
    const reason = reasonFor(i, owner, securities > 0n ? 'short_securities' : 'short_cash');
    changed += 1;
    if (remaining > 0n && securities > remaining && canSettlePart(run, k)) {
      const full = run.fullInto(k, scratchLegs());
      run.reduce(k, partOf(state, i, full, securities - remaining), reason, owner);
      return changed;
    }
    run.exclude(k, reason, owner);
    if (remaining > 0n) remaining = remaining > contribution ? remaining - contribution : 0n;
  }
  return changed;
}

/**
 * An instruction is reduced at most once per run (a second shortfall takes it out whole), so a
 * run ends after at most two changes per instruction even when reductions chase each other round
 * a circle of short parties.
 */
function canSettlePart(run: NetRun, k: number): boolean {
  const i = run.at(k);
  if (!i.partial_allowed || run.isReduced(k)) return false;
  return run.fullInto(k, scratchLegs()).settles_cash || i.payment === 'FREE';
}
