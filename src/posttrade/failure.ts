/**
 * Why a leg did not settle, read from the ledger's refusal: which party failed and for what
 * reason. The ledger is the only judge of balances; posttrade never keeps its own.
 * @module
 */

import type { Rejection } from '../kernel/rejection.js';
import type { PosttradeEnv } from './state.js';
import type { FailReason, Instruction } from './types.js';

/** The reason and the failing party of a refused leg. */
export interface Failure {
  readonly reason: FailReason;
  readonly party: string;
}

/** Whether `account_id` is `from` or one of its omnibus accounts above it. */
export function inChain(env: PosttradeEnv, from: string, account_id: unknown): boolean {
  for (let a = env.ledger.accounts.get(from) ?? null; a !== null; a = a.parent) {
    if (a.id === account_id) return true;
  }
  return false;
}

/** What classifying a refused leg needs to know about it (a `TransferInput` will do). */
export interface RefusedLeg {
  readonly debit_account_id?: string | undefined;
  readonly code?: string | undefined;
}

/** Classifies the refusal of `leg`, one of `instruction`'s legs. */
export function failureOf(
  env: PosttradeEnv,
  instruction: Instruction,
  leg: RefusedLeg,
  refusal: Rejection,
): Failure {
  const debit = leg.debit_account_id ?? '';
  const securities_leg = leg.code === 'dvp_securities';
  const debit_party = securities_leg ? instruction.deliverer : instruction.receiver;
  const credit_party = securities_leg ? instruction.receiver : instruction.deliverer;
  if (refusal.code === 'ACCOUNT_FROZEN') {
    const debit_side = inChain(env, debit, refusal.details.account_id);
    const party = debit_side ? debit_party : credit_party;
    return { reason: reasonFor(instruction, party, 'account_frozen'), party };
  }
  if (refusal.code === 'INSUFFICIENT_FUNDS') {
    const reason = securities_leg ? 'short_securities' : 'short_cash';
    return { reason: reasonFor(instruction, debit_party, reason), party: debit_party };
  }
  return { reason: 'ledger_refused', party: '' };
}

/** A CCP never fails on its own account: its shortfall is a counterparty's failure passed on. */
function reasonFor(instruction: Instruction, party: string, reason: FailReason): FailReason {
  return party === instruction.group ? 'counterparty_failed' : reason;
}
