/**
 * Checking one transfer against the ledger and working out its postings, without changing state.
 * @module
 */

import { AMOUNT_MAX } from '../kernel/money.js';
import { accept, type Outcome, type Rejection, reject } from '../kernel/rejection.js';
import type { Actor } from './actor.js';
import { ID_PATTERN, LEDGER_LIMITS } from './limits.js';
import { type Chains, chainsOf, findLimitBreach, firstFrozen } from './postings.js';
import { type Hold, type LedgerState, retainedCount } from './state.js';
import type { Account, Transfer, TransferAction } from './types.js';

export interface TransferInput {
  readonly id: string;
  /** Defaults to `transfer`. */
  readonly action?: TransferAction | undefined;
  readonly debit_account_id?: string | undefined;
  readonly credit_account_id?: string | undefined;
  /** Required for `transfer` and `hold`; for `post`, omitted means the full hold. */
  readonly amount_minor?: bigint | undefined;
  /** The hold to resolve, for `post` and `void`. */
  readonly pending_id?: string | undefined;
  /** For `hold`: seconds until it expires; 0 or omitted = never. */
  readonly timeout_s?: number | undefined;
  readonly code?: string | undefined;
  readonly reference?: string | undefined;
}

/**
 * A transfer or hold in the ledger's own field order. Settlement builds hundreds of thousands of
 * inputs per cycle: built here, they all share one shape and the ledger's checks stay monomorphic.
 */
export function movementInput(
  id: string,
  debit_account_id: string,
  credit_account_id: string,
  amount_minor: bigint,
  code: string,
  action: 'transfer' | 'hold' = 'transfer',
): TransferInput {
  return {
    id,
    action,
    debit_account_id,
    credit_account_id,
    amount_minor,
    pending_id: undefined,
    timeout_s: undefined,
    code,
    reference: undefined,
  };
}

/** A post (of the whole hold) or void of hold `pending_id`, in the ledger's own field order. */
export function resolutionInput(
  id: string,
  action: 'post' | 'void',
  pending_id: string,
  code: string,
): TransferInput {
  return {
    id,
    action,
    debit_account_id: undefined,
    credit_account_id: undefined,
    amount_minor: undefined,
    pending_id,
    timeout_s: undefined,
    code,
    reference: undefined,
  };
}

/** A transfer checked and ready to apply. `ok` makes it an `Outcome`-like value without a wrapper. */
export interface Prepared {
  readonly ok: true;
  readonly transfer: Transfer;
  readonly chains: Chains;
  readonly pending_delta: bigint;
  readonly posted_delta: bigint;
  /** The hold this transfer resolves (post or void). */
  readonly hold: Hold | undefined;
  /** The hold this transfer creates. */
  readonly new_hold: Hold | undefined;
}

interface Context {
  readonly actor: Actor;
  readonly timestamp_us: number;
  /** What the batch has released so far by voiding holds (see `Released`). */
  readonly released?: ReleasedByPair | undefined;
}

/**
 * The holds a batch has voided so far on one (debit, credit) pair of accounts: how much they
 * reserved and when the last of them would have expired (0: never). A later hold of the same
 * batch on the same pair, for no more and expiring no later, only narrows that reservation: it
 * moves nothing, so a freeze on either side does not stop it (issue 12 item 1: the remainder of a
 * partly filled order whose account was frozen). Limits are still checked.
 */
export interface Released {
  amount_minor: bigint;
  expires_at_us: number;
}

export type ReleasedByPair = Map<string, Released>;

export function pairKey(debit_account_id: string, credit_account_id: string): string {
  return `${debit_account_id}\u0000${credit_account_id}`;
}

/** Whether a hold of `amount` on the pair, expiring at `expires_at_us`, narrows what was voided. */
function narrowsReleased(
  released: ReleasedByPair | undefined,
  debit: Account,
  credit: Account,
  amount: bigint,
  expires_at_us: number,
): boolean {
  if (released === undefined) return false;
  const entry = released.get(pairKey(debit.id, credit.id));
  if (entry === undefined || amount > entry.amount_minor) return false;
  if (entry.expires_at_us === 0) return true;
  return expires_at_us !== 0 && expires_at_us <= entry.expires_at_us;
}

export const CODE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

export function prepareTransfer(
  state: LedgerState,
  input: TransferInput,
  context: Context,
): Prepared | Rejection {
  const common = checkCommon(state, input);
  if (common !== undefined) return common;
  const action = input.action ?? 'transfer';
  if (action === 'transfer' || action === 'hold') return prepareMovement(state, input, context);
  return prepareResolution(state, input, context);
}

function checkCommon(state: LedgerState, input: TransferInput): Rejection | undefined {
  if (!ID_PATTERN.test(input.id)) {
    return reject('TRANSFER_ID_INVALID', 'Transfer ids are 1–64 letters, digits or ._:-/', {
      transfer_id: input.id,
    });
  }
  if (input.code !== undefined && input.code !== '' && !CODE_PATTERN.test(input.code)) {
    return reject(
      'TRANSFER_CODE_INVALID',
      'A transfer code is lower_snake_case, at most 32 characters',
      {
        code: input.code,
      },
    );
  }
  if (
    input.reference !== undefined &&
    input.reference.length > LEDGER_LIMITS.reference_length_max
  ) {
    return reject('REFERENCE_TOO_LONG', 'The reference is longer than allowed', {
      length: input.reference.length,
      maximum: LEDGER_LIMITS.reference_length_max,
    });
  }
  if (retainedCount(state) >= LEDGER_LIMITS.transfers_retained_max) {
    return reject(
      'LEDGER_TRANSFERS_FULL',
      'The ledger holds the maximum number of recent transfers',
      {
        maximum: LEDGER_LIMITS.transfers_retained_max,
      },
    );
  }
  return undefined;
}

function prepareMovement(
  state: LedgerState,
  input: TransferInput,
  context: Context,
): Prepared | Rejection {
  const action = input.action === 'hold' ? 'hold' : 'transfer';
  const shape = checkMovementShape(input, action);
  if (shape !== undefined) return shape;
  const amount = input.amount_minor as bigint;
  const debit = findAccount(state, input.debit_account_id as string, 'debit');
  if (!('id' in debit)) return debit;
  const credit = findAccount(state, input.credit_account_id as string, 'credit');
  if (!('id' in credit)) return credit;
  const pair = checkPair(debit, credit);
  if (pair !== undefined) return pair;
  if (!context.actor.operator && !context.actor.actsFor(debit.owner)) {
    return reject(
      'NOT_AUTHORIZED',
      `${context.actor.participant} may not debit account ${debit.id}`,
      {
        participant: context.actor.participant,
        account_id: debit.id,
        owner: debit.owner,
      },
    );
  }
  if (action === 'hold' && state.pending_count >= LEDGER_LIMITS.pending_holds_max) {
    return reject('LEDGER_HOLDS_FULL', 'The ledger holds the maximum number of pending holds', {
      maximum: LEDGER_LIMITS.pending_holds_max,
    });
  }
  const chains = chainsOf(debit, credit);
  const pending_delta = action === 'hold' ? amount : 0n;
  const posted_delta = action === 'hold' ? 0n : amount;
  const timeout_s = input.timeout_s ?? 0;
  const narrows =
    action === 'hold' &&
    narrowsReleased(
      context.released,
      debit,
      credit,
      amount,
      timeout_s === 0 ? 0 : context.timestamp_us + timeout_s * 1_000_000,
    );
  const blocked = checkChains(chains, pending_delta, posted_delta, amount, narrows);
  if (blocked !== undefined) return blocked;
  const transfer = buildTransfer(input, action, debit, credit, amount, context);
  const new_hold = action === 'hold' ? buildHold(state, transfer) : undefined;
  return { ok: true, transfer, chains, pending_delta, posted_delta, hold: undefined, new_hold };
}

function checkMovementShape(
  input: TransferInput,
  action: 'transfer' | 'hold',
): Rejection | undefined {
  const missing =
    input.debit_account_id === undefined
      ? 'debit_account_id'
      : input.credit_account_id === undefined
        ? 'credit_account_id'
        : input.amount_minor === undefined
          ? 'amount_minor'
          : undefined;
  if (missing !== undefined) {
    return reject('TRANSFER_FIELD_MISSING', `A ${action} needs ${missing}`, { field: missing });
  }
  if (input.pending_id !== undefined) {
    return reject('TRANSFER_FIELD_NOT_ALLOWED', `A ${action} has no pending_id`, {
      field: 'pending_id',
    });
  }
  const amount = input.amount_minor as bigint;
  if (amount <= 0n || amount > AMOUNT_MAX) {
    return reject('AMOUNT_INVALID', 'The amount must be positive and at most 2^128 − 1', {
      amount_minor: amount,
    });
  }
  return checkTimeout(input, action);
}

function checkTimeout(input: TransferInput, action: TransferAction): Rejection | undefined {
  const timeout_s = input.timeout_s ?? 0;
  if (action !== 'hold' && timeout_s !== 0) {
    return reject('TRANSFER_FIELD_NOT_ALLOWED', `A ${action} has no timeout`, {
      field: 'timeout_s',
    });
  }
  if (
    !Number.isInteger(timeout_s) ||
    timeout_s < 0 ||
    timeout_s > LEDGER_LIMITS.hold_timeout_s_max
  ) {
    return reject('TIMEOUT_INVALID', 'A hold timeout is a whole number of seconds up to 30 days', {
      timeout_s,
      maximum: LEDGER_LIMITS.hold_timeout_s_max,
    });
  }
  return undefined;
}

function findAccount(
  state: LedgerState,
  id: string,
  side: 'debit' | 'credit',
): Account | Rejection {
  const account = state.accounts.get(id);
  if (account !== undefined) return account;
  const name = side === 'debit' ? 'Debit' : 'Credit';
  return reject('ACCOUNT_NOT_FOUND', `${name} account ${id} does not exist`, {
    account_id: id,
    side,
  });
}

export function checkPair(debit: Account, credit: Account): Rejection | undefined {
  if (debit === credit) {
    return reject('ACCOUNTS_MUST_BE_DIFFERENT', 'A transfer needs two different accounts', {
      account_id: debit.id,
    });
  }
  if (debit.asset !== credit.asset) {
    return reject('ASSET_MISMATCH', 'Both accounts of a transfer must hold the same asset', {
      debit_asset: debit.asset,
      credit_asset: credit.asset,
    });
  }
  const omnibus = debit.omnibus ? debit : credit.omnibus ? credit : undefined;
  if (omnibus === undefined) return undefined;
  return reject(
    'ACCOUNT_IS_OMNIBUS',
    `Omnibus account ${omnibus.id} moves only through its sub-accounts`,
    { account_id: omnibus.id },
  );
}

/**
 * Frozen accounts and limits along both chains, as the refusal a caller returns. `narrows`: the
 * transfer only narrows a reservation (see `Released`), so a freeze does not stop it.
 */
export function checkChains(
  chains: Chains,
  pending_delta: bigint,
  posted_delta: bigint,
  amount: bigint,
  narrows = false,
): Rejection | undefined {
  const frozen = narrows ? undefined : firstFrozen(chains);
  if (frozen !== undefined) {
    return reject('ACCOUNT_FROZEN', `Account ${frozen.id} is frozen`, { account_id: frozen.id });
  }
  const breach = findLimitBreach(chains, pending_delta, posted_delta);
  if (breach === undefined) return undefined;
  const account = breach.account;
  const details = {
    account_id: account.id,
    amount_minor: amount,
    available_minor: account.credits_posted - account.debits_posted - account.debits_pending,
  };
  if (breach.code === 'INSUFFICIENT_FUNDS') {
    return reject('INSUFFICIENT_FUNDS', `Account ${account.id} has too little available`, details);
  }
  if (breach.code === 'CREDITS_EXCEED_DEBITS') {
    return reject(
      'CREDITS_EXCEED_DEBITS',
      `Account ${account.id} may not be credited beyond its debits`,
      details,
    );
  }
  return reject(
    'BALANCE_OVERFLOW',
    `Account ${account.id} would exceed the largest balance`,
    details,
  );
}

function buildTransfer(
  input: TransferInput,
  action: TransferAction,
  debit: Account,
  credit: Account,
  amount: bigint,
  context: Context,
): Transfer {
  return {
    id: input.id,
    action,
    debit_account_id: debit.id,
    credit_account_id: credit.id,
    asset: debit.asset,
    amount_minor: amount,
    pending_id: input.pending_id ?? '',
    timeout_s: input.timeout_s ?? 0,
    code: input.code ?? '',
    reference: input.reference ?? '',
    submitted_by: context.actor.participant,
    timestamp_us: context.timestamp_us,
  };
}

function buildHold(state: LedgerState, transfer: Transfer): Hold {
  const expires_at_us =
    transfer.timeout_s === 0 ? 0 : transfer.timestamp_us + transfer.timeout_s * 1_000_000;
  return {
    transfer,
    expires_at_us,
    expiry_order: state.next_expiry_order,
    status: 'pending',
    posted_amount_minor: 0n,
    resolved_at_us: 0,
  };
}

function prepareResolution(
  state: LedgerState,
  input: TransferInput,
  context: Context,
): Prepared | Rejection {
  const action = input.action === 'post' ? 'post' : 'void';
  const found = findPendingHold(state, input, context);
  if (!found.ok) return found;
  const hold = found.value;
  const held = hold.transfer;
  const mismatch = checkResolutionShape(input, held, action);
  if (mismatch !== undefined) return mismatch;
  const amount = action === 'post' ? (input.amount_minor ?? held.amount_minor) : held.amount_minor;
  const debit = state.accounts.get(held.debit_account_id) as Account;
  const credit = state.accounts.get(held.credit_account_id) as Account;
  const chains = chainsOf(debit, credit);
  const pending_delta = -held.amount_minor;
  const posted_delta = action === 'post' ? amount : 0n;
  if (action === 'post') {
    const blocked = checkChains(chains, pending_delta, posted_delta, amount);
    if (blocked !== undefined) return blocked;
  }
  const transfer = buildTransfer(input, action, debit, credit, amount, context);
  return { ok: true, transfer, chains, pending_delta, posted_delta, hold, new_hold: undefined };
}

function findPendingHold(
  state: LedgerState,
  input: TransferInput,
  context: Context,
): Outcome<Hold> {
  if (input.pending_id === undefined) {
    return reject('TRANSFER_FIELD_MISSING', 'A post or void needs pending_id', {
      field: 'pending_id',
    });
  }
  const hold = state.holds.get(input.pending_id);
  if (hold === undefined) {
    return reject('HOLD_NOT_FOUND', `No hold ${input.pending_id} is known`, {
      pending_id: input.pending_id,
    });
  }
  const expired_by_time = hold.expires_at_us !== 0 && hold.expires_at_us <= context.timestamp_us;
  if (hold.status !== 'pending' || expired_by_time) {
    const status = expired_by_time ? 'expired' : hold.status;
    const code = `HOLD_ALREADY_${status.toUpperCase()}`;
    return reject(code, `Hold ${input.pending_id} is already ${status}`, {
      pending_id: input.pending_id,
      status,
    });
  }
  const actor = context.actor;
  if (!actor.operator && actor.participant !== hold.transfer.submitted_by) {
    return reject('NOT_AUTHORIZED', `${actor.participant} did not place hold ${input.pending_id}`, {
      participant: actor.participant,
      pending_id: input.pending_id,
    });
  }
  return accept(hold);
}

function checkResolutionShape(
  input: TransferInput,
  held: Transfer,
  action: 'post' | 'void',
): Rejection | undefined {
  const timeout = checkTimeout(input, action);
  if (timeout !== undefined) return timeout;
  const debit_differs =
    input.debit_account_id !== undefined && input.debit_account_id !== held.debit_account_id;
  const credit_differs =
    input.credit_account_id !== undefined && input.credit_account_id !== held.credit_account_id;
  if (debit_differs || credit_differs) {
    return reject('HOLD_ACCOUNTS_MISMATCH', 'The accounts given do not match the hold', {
      pending_id: held.id,
    });
  }
  if (input.amount_minor === undefined) return undefined;
  if (action === 'void' && input.amount_minor !== held.amount_minor) {
    return reject('AMOUNT_INVALID', 'A void releases the whole hold; omit the amount', {
      amount_minor: input.amount_minor,
      held_minor: held.amount_minor,
    });
  }
  if (input.amount_minor <= 0n) {
    return reject('AMOUNT_INVALID', 'The amount must be positive', {
      amount_minor: input.amount_minor,
    });
  }
  if (input.amount_minor > held.amount_minor) {
    return reject('POST_EXCEEDS_HOLD', 'A post cannot exceed the amount held', {
      amount_minor: input.amount_minor,
      held_minor: held.amount_minor,
    });
  }
  return undefined;
}

/** For an id already known: the first field the retry differs in, or undefined if identical. */
export function differingTransferField(
  state: LedgerState,
  existing: Transfer,
  input: TransferInput,
  participant: string,
): string | undefined {
  const action = input.action ?? 'transfer';
  if (existing.action !== action) return 'action';
  if (existing.submitted_by !== participant) return 'submitted_by';
  if (existing.code !== (input.code ?? '')) return 'code';
  if (existing.reference !== (input.reference ?? '')) return 'reference';
  if (action === 'transfer' || action === 'hold') {
    if (existing.debit_account_id !== input.debit_account_id) return 'debit_account_id';
    if (existing.credit_account_id !== input.credit_account_id) return 'credit_account_id';
    if (existing.amount_minor !== input.amount_minor) return 'amount_minor';
    if (existing.timeout_s !== (input.timeout_s ?? 0)) return 'timeout_s';
    return undefined;
  }
  if (existing.pending_id !== input.pending_id) return 'pending_id';
  // A post or void may name its hold's accounts; naming others is a different request.
  if (input.debit_account_id !== undefined && existing.debit_account_id !== input.debit_account_id)
    return 'debit_account_id';
  if (
    input.credit_account_id !== undefined &&
    existing.credit_account_id !== input.credit_account_id
  )
    return 'credit_account_id';
  const held = state.holds.get(existing.pending_id);
  const expected = input.amount_minor ?? held?.transfer.amount_minor ?? existing.amount_minor;
  if (existing.amount_minor !== expected) return 'amount_minor';
  return undefined;
}
