/**
 * Connect rules operator commands: eligibility lists, BCAN mappings, FX rates, quotas, Southbound
 * channels and foreign-holding seeds. Brokers submit their own clients' BCAN mappings; everything
 * else is the operator's.
 * @module
 */

import type { Outcome, Rejection } from '../kernel/rejection.js';
import { reject } from '../kernel/rejection.js';
import { setSettlementRate } from '../posttrade/index.js';
import {
  type SeedForeignHoldings,
  type SetBcanMappings,
  type SetDailyQuota,
  type SetEligibility,
  type SetFxRates,
  type SetSouthboundChannel,
  seedForeignHoldings,
  setBcanMappings,
  setDailyQuota,
  setEligibility,
  setFxRates,
  setSouthboundChannel,
} from '../rules/index.js';
import type { CommandContext } from './context.js';
import type { HubState } from './state.js';

function operatorOnly(context: CommandContext, what: string): Rejection | undefined {
  if (context.actor.operator) return undefined;
  return reject('NOT_AUTHORIZED', `Only an operator may ${what}`, {
    participant: context.actor.participant,
  });
}

function settle(
  outcome: Outcome<unknown>,
  context: CommandContext,
  command: { type: string },
): Rejection | undefined {
  if (!outcome.ok) return outcome;
  context.emit({ type: 'connect_rules_changed', command: command.type, effect: outcome.value });
  return undefined;
}

/**
 * ChinaClear's settlement rates serve two domains: the rules (investors' RMB per trade) and
 * settlement (the Southbound PvP). One command sets both, so they can never disagree.
 */
function setSettlementRates(
  state: HubState,
  command: SetFxRates,
  context: CommandContext,
): Rejection | undefined {
  const rate = {
    trade_date: command.date,
    buy_rate: command.rate_for_buys,
    sell_rate: command.rate_for_sells,
  };
  const set = setSettlementRate(state.posttrade, rate);
  if (!set.ok) return set;
  context.onRollback(() => state.posttrade.settlement_rates.delete(command.date));
  return settle(setFxRates(state.rules, command), context, command);
}

export const RULES_HANDLERS = {
  'rules.set_eligibility': (state: HubState, command: SetEligibility, context: CommandContext) =>
    operatorOnly(context, 'change Connect eligibility') ??
    settle(setEligibility(state.rules, state.reference, command), context, command),
  'rules.set_bcan_mappings': (
    state: HubState,
    command: SetBcanMappings,
    context: CommandContext,
  ) => {
    if (!context.actor.operator && context.actor.participant !== command.broker) {
      return reject('NOT_AUTHORIZED', 'A broker submits BCAN mappings for its own clients only', {
        participant: context.actor.participant,
        broker: command.broker,
      });
    }
    return settle(
      setBcanMappings(state.rules, state.reference, command, context.timestamp_us),
      context,
      command,
    );
  },
  'rules.set_fx_reference_rates': (state: HubState, command: SetFxRates, context: CommandContext) =>
    operatorOnly(context, 'publish FX rates') ??
    settle(setFxRates(state.rules, command), context, command),
  'rules.set_fx_settlement_rates': (
    state: HubState,
    command: SetFxRates,
    context: CommandContext,
  ) => operatorOnly(context, 'publish FX rates') ?? setSettlementRates(state, command, context),
  'rules.set_daily_quota': (state: HubState, command: SetDailyQuota, context: CommandContext) =>
    operatorOnly(context, 'change a daily quota') ??
    settle(setDailyQuota(state.rules, command, context.timestamp_us), context, command),
  'rules.set_southbound_channel': (
    state: HubState,
    command: SetSouthboundChannel,
    context: CommandContext,
  ) =>
    operatorOnly(context, 'register a Southbound channel') ??
    settle(setSouthboundChannel(state.rules, state.reference, command), context, command),
  'rules.seed_foreign_holdings': (
    state: HubState,
    command: SeedForeignHoldings,
    context: CommandContext,
  ) =>
    operatorOnly(context, 'seed foreign holdings') ??
    settle(
      seedForeignHoldings(state.rules, state.reference, command, context.timestamp_us),
      context,
      command,
    ),
} as const;
