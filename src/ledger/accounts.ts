/**
 * Creating accounts: a batch is all-or-nothing, and a retry of an identical account is a no-op.
 * @module
 */

import { accept, type Outcome, type Rejection, reject } from '../kernel/rejection.js';
import type { LedgerEventSink } from './events.js';
import { viewOf } from './events.js';
import { ID_PATTERN, LEDGER_LIMITS } from './limits.js';
import { indexAccount, type LedgerState, unindexNewest } from './state.js';
import type { Account, AccountPurpose } from './types.js';
import { accountFlags, pathOf } from './types.js';

export interface AccountInput {
  readonly id: string;
  readonly owner: string;
  readonly asset: string;
  readonly purpose: AccountPurpose;
  readonly debits_must_not_exceed_credits: boolean;
  readonly credits_must_not_exceed_debits: boolean;
  readonly parent_id?: string | undefined;
  readonly omnibus?: boolean | undefined;
}

/** What the ledger needs to know from reference data. */
export interface AccountDirectory {
  assetExists(asset: string): boolean;
  ownerExists(owner: string): boolean;
}

export type CreateResult = 'created' | 'exists';

export function createAccounts(
  state: LedgerState,
  inputs: readonly AccountInput[],
  directory: AccountDirectory,
  timestamp_us: number,
  sink: LedgerEventSink,
): Outcome<CreateResult[]> {
  const size_problem = checkBatchSize(inputs.length);
  if (size_problem !== undefined) return size_problem;
  const results: CreateResult[] = [];
  const created: Account[] = [];
  for (let index = 0; index < inputs.length; index += 1) {
    const input = inputs[index] as AccountInput;
    const existing = state.accounts.get(input.id);
    const problem =
      existing === undefined
        ? checkNewAccount(state, input, directory, created.length)
        : checkSameAccount(existing, input);
    if (problem !== undefined) {
      for (let k = created.length - 1; k >= 0; k -= 1) {
        const account = created[k] as Account;
        state.accounts.delete(account.id);
        unindexNewest(state, account);
      }
      state.account_list.length -= created.length;
      return withIndex(problem, index, input.id);
    }
    if (existing !== undefined) {
      results.push('exists');
      continue;
    }
    const account = buildAccount(state, input, timestamp_us);
    state.accounts.set(account.id, account);
    state.account_list.push(account);
    indexAccount(state, account);
    created.push(account);
    results.push('created');
  }
  for (const account of created) sink.emit({ type: 'account_created', account: viewOf(account) });
  return accept(results);
}

function checkBatchSize(count: number): Rejection | undefined {
  if (count === 0) return reject('BATCH_EMPTY', 'The batch has no accounts');
  if (count > LEDGER_LIMITS.accounts_per_batch_max) {
    return reject('BATCH_TOO_LARGE', 'The batch has more accounts than allowed', {
      count,
      maximum: LEDGER_LIMITS.accounts_per_batch_max,
    });
  }
  return undefined;
}

function checkNewAccount(
  state: LedgerState,
  input: AccountInput,
  directory: AccountDirectory,
  created_in_batch: number,
): Rejection | undefined {
  if (!ID_PATTERN.test(input.id)) {
    return reject('ACCOUNT_ID_INVALID', 'Account ids are 1–64 letters, digits or ._:-/', {
      account_id: input.id,
    });
  }
  if (state.accounts.size + 1 > LEDGER_LIMITS.accounts_max) {
    return reject('LEDGER_ACCOUNTS_FULL', 'The ledger holds the maximum number of accounts', {
      maximum: LEDGER_LIMITS.accounts_max,
      created_in_batch,
    });
  }
  if (!directory.assetExists(input.asset)) {
    return reject('UNKNOWN_ASSET', `Asset ${input.asset} is not registered`, {
      asset: input.asset,
    });
  }
  if (!directory.ownerExists(input.owner)) {
    return reject('UNKNOWN_OWNER', `Owner ${input.owner} is not a registered party or investor`, {
      owner: input.owner,
    });
  }
  return checkFlagsAndParent(state, input);
}

function checkFlagsAndParent(state: LedgerState, input: AccountInput): Rejection | undefined {
  if (input.debits_must_not_exceed_credits && input.credits_must_not_exceed_debits) {
    return reject('ACCOUNT_FLAGS_CONFLICT', 'An account cannot limit both debits and credits', {
      account_id: input.id,
    });
  }
  if (input.purpose === 'omnibus' && input.omnibus !== true) {
    return reject('OMNIBUS_FLAG_MISSING', 'An account with purpose omnibus must set omnibus', {
      account_id: input.id,
    });
  }
  if (input.parent_id === undefined) return undefined;
  const parent = state.accounts.get(input.parent_id);
  if (parent === undefined) {
    return reject('PARENT_NOT_FOUND', `Omnibus account ${input.parent_id} does not exist`, {
      account_id: input.id,
      parent_id: input.parent_id,
    });
  }
  if (!parent.omnibus) {
    return reject('PARENT_NOT_OMNIBUS', `Account ${parent.id} is not an omnibus account`, {
      account_id: input.id,
      parent_id: parent.id,
    });
  }
  if (parent.asset !== input.asset) {
    return reject('PARENT_ASSET_MISMATCH', 'A sub-account must hold the asset of its omnibus', {
      account_id: input.id,
      asset: input.asset,
      parent_asset: parent.asset,
    });
  }
  return checkDepth(parent, input.id);
}

function checkDepth(parent: Account, account_id: string): Rejection | undefined {
  let depth = 1;
  for (let a: Account | null = parent; a !== null; a = a.parent) depth += 1;
  if (depth > LEDGER_LIMITS.chain_depth_max) {
    return reject('CHAIN_TOO_DEEP', 'The omnibus chain would be deeper than allowed', {
      account_id,
      depth,
      maximum: LEDGER_LIMITS.chain_depth_max,
    });
  }
  return undefined;
}

function checkSameAccount(existing: Account, input: AccountInput): Rejection | undefined {
  const differing = differingAccountField(existing, input);
  if (differing === undefined) return undefined;
  return reject(
    'ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS',
    `Account ${input.id} already exists with a different ${differing}`,
    { account_id: input.id, field: differing },
  );
}

function differingAccountField(existing: Account, input: AccountInput): string | undefined {
  if (existing.owner !== input.owner) return 'owner';
  if (existing.asset !== input.asset) return 'asset';
  if (existing.purpose !== input.purpose) return 'purpose';
  if (existing.flags.debits_must_not_exceed_credits !== input.debits_must_not_exceed_credits) {
    return 'debits_must_not_exceed_credits';
  }
  if (existing.flags.credits_must_not_exceed_debits !== input.credits_must_not_exceed_debits) {
    return 'credits_must_not_exceed_debits';
  }
  if ((existing.parent?.id ?? undefined) !== input.parent_id) return 'parent_id';
  if (existing.omnibus !== (input.omnibus ?? false)) return 'omnibus';
  return undefined;
}

function buildAccount(state: LedgerState, input: AccountInput, timestamp_us: number): Account {
  const parent =
    input.parent_id === undefined ? null : (state.accounts.get(input.parent_id) ?? null);
  const account: Account = {
    id: input.id,
    handle: state.account_list.length,
    owner: input.owner,
    asset: input.asset,
    purpose: input.purpose,
    flags: accountFlags(input.debits_must_not_exceed_credits, input.credits_must_not_exceed_debits),
    parent,
    omnibus: input.omnibus ?? false,
    path: [],
    created_at_us: timestamp_us,
    debits_pending: 0n,
    debits_posted: 0n,
    credits_pending: 0n,
    credits_posted: 0n,
    frozen: false,
  };
  (account as { path: readonly Account[] }).path = pathOf(account, parent);
  return account;
}

export function withIndex(problem: Rejection, index: number, id: string): Rejection {
  return reject(problem.code, problem.message, { ...problem.details, index, id });
}

export interface FreezeInput {
  readonly account_id: string;
  readonly frozen: boolean;
  readonly reason: string;
}

/**
 * Freezing stops new transfers, holds and posts on an account; voids and expiries still run, and
 * so does a hold that only narrows one voided in the same batch (issue 12 item 1; prepare.ts).
 */
export function setFrozen(
  state: LedgerState,
  input: FreezeInput,
  sink: LedgerEventSink,
): Outcome<undefined> {
  const account = state.accounts.get(input.account_id);
  if (account === undefined) {
    return reject('ACCOUNT_NOT_FOUND', `Account ${input.account_id} does not exist`, {
      account_id: input.account_id,
    });
  }
  if (account.frozen === input.frozen) {
    const state_name = input.frozen ? 'frozen' : 'not frozen';
    return reject('ACCOUNT_FREEZE_UNCHANGED', `Account ${account.id} is already ${state_name}`, {
      account_id: account.id,
    });
  }
  account.frozen = input.frozen;
  state.changes?.account(account);
  sink.emit({
    type: input.frozen ? 'account_frozen' : 'account_unfrozen',
    account_id: account.id,
    reason: input.reason,
  });
  return accept(undefined);
}
