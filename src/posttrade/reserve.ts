/**
 * The shared order book's reserve fund (SFC circular on shared liquidity, 3 Nov 2025): a cap on
 * unsettled trades with an affiliate's clients, a fund kept in Hong Kong at least as large as the
 * cap, losses from an affiliate's settlement failure paid from the fund, and new shared-book
 * orders refused while the cap is reached. The fund's balance is the ledger's; the cap in force
 * is the configured cap or the fund's balance, whichever is lower, so a payout that leaves the
 * fund below the cap tightens the cap at once.
 *
 * What counts against the cap is everything already committed: the unsettled trades **and** the
 * notional value of the affiliate's resting orders (issue 12 item 20), so several orders cannot
 * each pass the check and together overshoot it. A new order passes when
 * `unsettled + resting − replaced + notional ≤ min(cap, fund)`.
 * @module
 */

import { accept, assert, minBigint, type Outcome } from '../kernel/index.js';
import { availableBalance, createTransfers } from '../ledger/index.js';
import { refuse } from './codes.js';
import { compactOpen } from './cycle.js';
import { resolveAccount } from './instructions.js';
import { finish } from './legs.js';
import type { PosttradeEnv, PosttradeState } from './state.js';

/** Where the fund stands. */
export interface ReserveFundStatus {
  readonly asset: string;
  readonly cap_minor: bigint;
  readonly fund_minor: bigint;
  /** min(cap, fund): the limit new orders are checked against. */
  readonly effective_cap_minor: bigint;
  readonly unsettled_minor: bigint;
  /** Notional value of the affiliate's resting shared-book orders. */
  readonly resting_minor: bigint;
  /** unsettled + resting: what counts against the cap. */
  readonly committed_minor: bigint;
  /** min(cap, fund) − committed, at least 0: the largest new order that passes. */
  readonly headroom_minor: bigint;
  /** The fund is smaller than the configured cap (to be topped up, or the cap lowered). */
  readonly fund_below_cap: boolean;
  readonly paid_out_minor: bigint;
}

/** The fund's balance in the ledger (0 when its account cannot be resolved). */
function fundBalance(state: PosttradeState, env: PosttradeEnv): bigint {
  const fund = state.config.reserve_fund;
  const id = env.resolver.accountFor(fund.owner, fund.asset, 'reserve_fund');
  const account = id === undefined ? undefined : env.ledger.accounts.get(id);
  return account === undefined ? 0n : availableBalance(account);
}

/** The fund, the cap and the exposure, from the ledger and the instructions. */
export function reserveFundStatus(state: PosttradeState, env: PosttradeEnv): ReserveFundStatus {
  const fund = state.config.reserve_fund;
  const fund_minor = fundBalance(state, env);
  const effective = minBigint(fund_minor, fund.cap_minor);
  const committed = state.unsettled_shared_minor + state.resting_shared_minor;
  const headroom = effective - committed;
  return {
    asset: fund.asset,
    cap_minor: fund.cap_minor,
    fund_minor,
    effective_cap_minor: effective,
    unsettled_minor: state.unsettled_shared_minor,
    resting_minor: state.resting_shared_minor,
    committed_minor: committed,
    headroom_minor: headroom > 0n ? headroom : 0n,
    fund_below_cap: fund_minor < fund.cap_minor,
    paid_out_minor: state.reserve_fund_paid_minor,
  };
}

/** `posttrade.set_reserve_cap`: the cap may not exceed the fund. */
export function setReserveCap(
  state: PosttradeState,
  env: PosttradeEnv,
  cap_minor: bigint,
): Outcome<ReserveFundStatus> {
  const fund_minor = fundBalance(state, env);
  if (cap_minor < 0n || cap_minor > fund_minor) {
    return refuse('RESERVE_FUND_BELOW_CAP', 'The reserve fund must be at least the cap', {
      cap_minor,
      fund_minor,
    });
  }
  const config = state.config;
  state.config = { ...config, reserve_fund: { ...config.reserve_fund, cap_minor } };
  return accept(reserveFundStatus(state, env));
}

/**
 * The check the hub makes before accepting a shared-book order entered through the affiliate:
 * refused with `RESERVE_CAP_REACHED` while what is committed (unsettled trades plus the
 * affiliate's resting orders) is at the cap in force, or would pass it with this order's notional
 * value. For a replace, `replaced_minor` is what the order already commits (its old notional):
 * the new notional takes its place rather than adding to it. Reads only.
 */
export function checkSharedBookOrder(
  state: PosttradeState,
  env: PosttradeEnv,
  notional_minor: bigint,
  replaced_minor = 0n,
): Outcome<ReserveFundStatus> {
  const status = reserveFundStatus(state, env);
  assert(
    replaced_minor >= 0n && replaced_minor <= status.resting_minor,
    'a replaced order commits more than all resting orders',
  );
  const committed = status.committed_minor - replaced_minor;
  const reached = committed >= status.effective_cap_minor;
  if (reached || committed + notional_minor > status.effective_cap_minor) {
    return refuse(
      'RESERVE_CAP_REACHED',
      'Unsettled shared-book trades and resting affiliate orders would pass the cap',
      {
        unsettled_minor: status.unsettled_minor,
        resting_minor: status.resting_minor - replaced_minor,
        notional_minor,
        effective_cap_minor: status.effective_cap_minor,
      },
    );
  }
  return accept(status);
}

/**
 * Moves one affiliate order's commitment from `before_minor` to `after_minor` (its notional value
 * when it was accepted or replaced, then what is still open after each fill or cancel; 0 once it
 * is done). Called by the hub, which owns the orders.
 */
export function commitSharedOrder(
  state: PosttradeState,
  before_minor: bigint,
  after_minor: bigint,
): void {
  const resting = state.resting_shared_minor - before_minor + after_minor;
  assert(before_minor >= 0n && after_minor >= 0n && resting >= 0n, 'resting commitment below zero');
  state.resting_shared_minor = resting;
}

/** `posttrade.compensate`: pays a loss from an affiliate's failure out of the fund. */
export interface CompensationInput {
  readonly instruction_id: string;
  readonly amount_minor: bigint;
}

/**
 * Pays the counterparty of an affiliate's client that failed to settle a shared-book trade the
 * assessed loss from the fund, and closes the instruction as `compensated`.
 */
export function compensateFromReserveFund(
  state: PosttradeState,
  env: PosttradeEnv,
  input: CompensationInput,
): Outcome<bigint> {
  const i = state.instructions.get(input.instruction_id);
  if (i === undefined) {
    return refuse('UNKNOWN_INSTRUCTION', `No instruction ${input.instruction_id}`, {
      instruction_id: input.instruction_id,
    });
  }
  const deliverer_failed = i.failing_party === i.deliverer && i.affiliate_deliverer;
  const receiver_failed = i.failing_party === i.receiver && i.affiliate_receiver;
  const eligible = i.shared_book && i.status === 'failed' && (deliverer_failed || receiver_failed);
  if (!eligible || input.amount_minor <= 0n) {
    return refuse(
      'COMPENSATION_NOT_APPLICABLE',
      'Only an affiliate failure on the shared book is compensated',
      {
        instruction_id: i.id,
        status: i.status,
        failing_party: i.failing_party,
        amount_minor: input.amount_minor,
      },
    );
  }
  const fund = state.config.reserve_fund;
  const from = resolveAccount(env, fund.owner, fund.asset, 'reserve_fund', fund.owner);
  if (!from.ok) return from;
  const beneficiary = deliverer_failed ? i.receiver : i.deliverer;
  const to = state.accounts.ids[deliverer_failed ? i.cash_from : i.cash_to] as string;
  const paid = createTransfers(
    env.ledger,
    [
      {
        id: `${i.id}/rf`,
        debit_account_id: from.value.id,
        credit_account_id: to,
        amount_minor: input.amount_minor,
        code: 'reserve_fund_payout',
      },
    ],
    env,
  );
  if (!paid.ok) {
    return refuse('RESERVE_FUND_INSUFFICIENT', `The reserve fund cannot pay: ${paid.message}`, {
      ledger_code: paid.code,
      ...paid.details,
    });
  }
  state.reserve_fund_paid_minor += input.amount_minor;
  finish(state, env, i, 'cancelled', 'compensated');
  compactOpen(state, i.group);
  env.events.emit({
    type: 'reserve_fund_paid',
    instruction_id: i.id,
    beneficiary,
    amount_minor: input.amount_minor,
  });
  return accept(input.amount_minor);
}
