/**
 * Buy-in: after its market's deadline, a failed delivery is closed by buying the securities from
 * a buy-in agent. In one ledger batch the agent delivers the remaining quantity to the receiver,
 * the receiver pays what it owed (at most the buy-in cost), and the excess of the buy-in cost
 * over the original amount is charged to the failing deliverer, or, where the deliverer is an
 * affiliate's client on the shared book, paid from the reserve fund. The instruction is then
 * closed as `bought_in`. If the buy-in price is lower, the receiver keeps the difference.
 * @module
 */

import { accept, minBigint, type Outcome, type Rejection } from '../kernel/index.js';
import { createTransfers, movementInput, type TransferInput } from '../ledger/index.js';
import { currency } from '../reference/index.js';
import { tradeCashMinor } from './amounts.js';
import { refuse } from './codes.js';
import { buyInDateOf, compactOpen, isBuyInCandidate } from './cycle.js';
import { resolveAccount } from './instructions.js';
import { finish } from './legs.js';
import { POSTTRADE_LIMITS } from './limits.js';
import type { BuyInRecord, PosttradeEnv, PosttradeState } from './state.js';
import type { Instruction } from './types.js';

/** `posttrade.execute_buy_in`. */
export interface BuyInInput {
  readonly instruction_id: string;
  /** The party that sells the securities in the buy-in (it must hold them). */
  readonly agent: string;
  /** The buy-in price, in the instrument's price units and scale. */
  readonly price_units: number;
  /** The business date of the buy-in (not before the instruction's buy-in date). */
  readonly date: string;
}

/** Executes a buy-in, or refuses it and changes nothing. */
export function executeBuyIn(
  state: PosttradeState,
  env: PosttradeEnv,
  input: BuyInInput,
): Outcome<BuyInRecord> {
  const found = buyInTarget(state, input);
  if (!found.ok) return found;
  const i = found.value;
  const quantity = i.remaining_quantity_units;
  const scale = currency(i.currency)?.minor_units ?? 2;
  const face = i.face_value_minor === 0n ? undefined : i.face_value_minor;
  const cost = tradeCashMinor(input.price_units, Number(quantity), i.price_scale, scale, face);
  const owed = i.payment === 'FREE' ? 0n : i.remaining_cash_minor;
  const receiver_pays = minBigint(owed, cost);
  const difference = cost - receiver_pays;
  const fund_pays = i.shared_book && i.affiliate_deliverer;
  const batch = buyInBatch(state, env, i, input, {
    quantity,
    receiver_pays,
    difference,
    fund_pays,
  });
  if (!batch.ok) return batch;
  const outcome = createTransfers(env.ledger, batch.value, env);
  if (!outcome.ok) return buyInRefused(outcome, batch.value, fund_pays);
  const paid_by = difference === 0n ? 'none' : fund_pays ? 'reserve_fund' : 'deliverer';
  const record: BuyInRecord = {
    instruction_id: i.id,
    agent: input.agent,
    date: input.date,
    price_units: input.price_units,
    quantity_units: quantity,
    cost_minor: cost,
    receiver_paid_minor: receiver_pays,
    difference_minor: difference,
    paid_by,
    timestamp_us: env.timestamp_us,
  };
  state.buy_ins.set(i.id, record);
  if (paid_by === 'reserve_fund') state.reserve_fund_paid_minor += difference;
  finish(state, env, i, 'cancelled', 'bought_in');
  compactOpen(state, i.group);
  env.events.emit({
    type: 'buy_in_executed',
    instruction_id: i.id,
    agent: input.agent,
    quantity_units: quantity,
    cost_minor: cost,
    difference_minor: difference,
    paid_by,
  });
  return accept(record);
}

function buyInTarget(state: PosttradeState, input: BuyInInput): Outcome<Instruction> {
  const i = state.instructions.get(input.instruction_id);
  if (i === undefined) {
    return refuse('UNKNOWN_INSTRUCTION', `No instruction ${input.instruction_id}`, {
      instruction_id: input.instruction_id,
    });
  }
  if (i.status === 'settled') {
    return refuse('SETTLEMENT_ALREADY_FINAL', `Instruction ${i.id} is settled and irrevocable`, {
      instruction_id: i.id,
    });
  }
  if (!isBuyInCandidate(state, i)) {
    return refuse('BUY_IN_NOT_APPLICABLE', `Instruction ${i.id} is not a failed delivery`, {
      instruction_id: i.id,
      status: i.status,
      fail_reason: i.fail_reason,
      failing_party: i.failing_party,
    });
  }
  const buy_in_date = buyInDateOf(state, i);
  if (!buy_in_date.ok) return buy_in_date;
  if (input.date < buy_in_date.value) {
    return refuse('BUY_IN_NOT_DUE', `Buy-in of ${i.id} is possible from ${buy_in_date.value}`, {
      instruction_id: i.id,
      buy_in_date: buy_in_date.value,
      date: input.date,
    });
  }
  if (!Number.isSafeInteger(input.price_units) || input.price_units <= 0) {
    return refuse('BUY_IN_NOT_APPLICABLE', 'The buy-in price must be a positive integer', {
      price_units: input.price_units,
    });
  }
  if (state.buy_ins.size >= POSTTRADE_LIMITS.buy_ins_max) {
    return refuse('BUY_INS_FULL', 'Posttrade holds the maximum number of buy-ins', {
      maximum: POSTTRADE_LIMITS.buy_ins_max,
    });
  }
  return accept(i);
}

interface BuyInAmounts {
  readonly quantity: bigint;
  readonly receiver_pays: bigint;
  readonly difference: bigint;
  readonly fund_pays: boolean;
}

function buyInBatch(
  state: PosttradeState,
  env: PosttradeEnv,
  i: Instruction,
  input: BuyInInput,
  amounts: BuyInAmounts,
): Outcome<TransferInput[]> {
  const ids = state.accounts.ids;
  const agent_sec = resolveAccount(env, input.agent, i.isin, 'holding', input.agent);
  if (!agent_sec.ok) return agent_sec;
  const agent_cash = resolveAccount(env, input.agent, i.cash_asset, 'holding', input.agent);
  if (!agent_cash.ok) return agent_cash;
  const prefix = `${i.id}/bi`;
  const transfers: TransferInput[] = [
    leg(`${prefix}/s`, agent_sec.value.id, ids[i.sec_to] as string, amounts.quantity, 'buy_in'),
  ];
  if (amounts.receiver_pays > 0n) {
    const from = ids[i.cash_from] as string;
    transfers.push(leg(`${prefix}/c`, from, agent_cash.value.id, amounts.receiver_pays, 'buy_in'));
  }
  if (amounts.difference > 0n) {
    const payer = differencePayer(state, env, i, amounts.fund_pays);
    if (!payer.ok) return payer;
    const code = amounts.fund_pays ? 'reserve_fund_payout' : 'buy_in_difference';
    transfers.push(leg(`${prefix}/d`, payer.value, agent_cash.value.id, amounts.difference, code));
  }
  return accept(transfers);
}

function differencePayer(
  state: PosttradeState,
  env: PosttradeEnv,
  i: Instruction,
  fund_pays: boolean,
): Outcome<string> {
  if (fund_pays) {
    const fund = state.config.reserve_fund;
    const account = resolveAccount(env, fund.owner, fund.asset, 'reserve_fund', fund.owner);
    return account.ok ? accept(account.value.id) : account;
  }
  if (i.cash_to >= 0) return accept(state.accounts.ids[i.cash_to] as string);
  const account = resolveAccount(env, i.deliverer, i.cash_asset, 'holding', i.deliverer);
  return account.ok ? accept(account.value.id) : account;
}

function leg(id: string, from: string, to: string, amount: bigint, code: string): TransferInput {
  return movementInput(id, from, to, amount, code);
}

function buyInRefused(refusal: Rejection, batch: TransferInput[], fund_pays: boolean): Rejection {
  const index = refusal.details.index as number;
  const transfer = batch[index];
  const fund_leg = fund_pays && transfer?.code === 'reserve_fund_payout';
  if (fund_leg && refusal.code === 'INSUFFICIENT_FUNDS') {
    return refuse(
      'RESERVE_FUND_INSUFFICIENT',
      'The reserve fund cannot pay the buy-in difference',
      {
        ...refusal.details,
      },
    );
  }
  return refuse('BUY_IN_FAILED', `The buy-in could not settle: ${refusal.message}`, {
    ledger_code: refusal.code,
    leg: transfer?.id ?? null,
    ...refusal.details,
  });
}
