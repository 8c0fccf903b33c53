/**
 * Settlement operator commands. Posttrade does the work on the hub's ledger with the hub's
 * account layout; only operators run them.
 * @module
 */

import type { Rejection } from '../kernel/rejection.js';
import { reject } from '../kernel/rejection.js';
import {
  applyPosttradeCommand,
  type CycleResult,
  type PosttradeCommand,
} from '../posttrade/index.js';
import type { SettlementCommand } from '../protocol/settlement.js';
import { closeBondFinalFails, releaseCancelledBondTrades } from './bonds/capture.js';
import type { CommandContext } from './context.js';
import { instrumentLookup, posttradeEnv } from './settlement.js';
import type { HubState } from './state.js';

function settle(
  state: HubState,
  command: SettlementCommand,
  context: CommandContext,
): Rejection | undefined {
  if (!context.actor.operator) {
    return reject('NOT_AUTHORIZED', 'Only an operator runs settlement', {
      participant: context.actor.participant,
    });
  }
  const env = posttradeEnv(state, context, context.timestamp_us);
  const outcome = applyPosttradeCommand(
    state.posttrade,
    env,
    command as PosttradeCommand,
    instrumentLookup(state),
  );
  if (!outcome.ok) return outcome;
  context.emit({ type: 'settlement_changed', command: command.type, effect: outcome.value });
  if (command.type === 'posttrade.cancel_instruction') {
    releaseCancelledBondTrades(state, outcome.value as readonly string[], context);
  }
  if (command.type === 'posttrade.run_cycle') {
    closeBondFinalFails(state, (outcome.value as CycleResult).final_fails, context);
  }
  return undefined;
}

export const SETTLEMENT_HANDLERS = {
  'posttrade.run_cycle': settle,
  'posttrade.cancel_instruction': settle,
  'posttrade.import_sese023': settle,
  'posttrade.execute_buy_in': settle,
  'posttrade.collect_penalties': settle,
  'posttrade.set_reserve_cap': settle,
  'posttrade.compensate': settle,
} as const;
