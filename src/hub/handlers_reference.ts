/**
 * Reference-data commands: only operators register and update reference data.
 * @module
 */

import type { Outcome, Rejection } from '../kernel/rejection.js';
import { reject } from '../kernel/rejection.js';
import type {
  RecordSharedBookOptIn,
  RegisterCashAsset,
  RegisterInvestor,
  RegisterParty,
  RegisterSecurity,
  UpdateSecurity,
} from '../protocol/reference.js';
import {
  recordSharedBookOptIn,
  registerCashAsset,
  registerInvestor,
  registerParty,
  registerSecurity,
  updateSecurity,
} from '../reference/index.js';
import type { CommandContext } from './context.js';
import { checkBookFor, checkLotUnchanged, openBookFor } from './market/books.js';
import type { HubState } from './state.js';

function operatorOnly(context: CommandContext): Rejection | undefined {
  if (context.actor.operator) return undefined;
  return reject('NOT_AUTHORIZED', 'Only an operator may change reference data', {
    participant: context.actor.participant,
  });
}

function settle<T>(outcome: Outcome<T>, emit: (value: T) => void): Rejection | undefined {
  if (!outcome.ok) return outcome;
  emit(outcome.value);
  return undefined;
}

export const REFERENCE_HANDLERS = {
  'reference.register_party': (state: HubState, command: RegisterParty, context: CommandContext) =>
    operatorOnly(context) ??
    settle(registerParty(state.reference, command.party), (party) =>
      context.emit({ type: 'party_registered', party }),
    ),
  'reference.register_investor': (
    state: HubState,
    command: RegisterInvestor,
    context: CommandContext,
  ) =>
    operatorOnly(context) ??
    settle(registerInvestor(state.reference, command.investor), (investor) =>
      context.emit({ type: 'investor_registered', investor }),
    ),
  'reference.register_cash_asset': (
    state: HubState,
    command: RegisterCashAsset,
    context: CommandContext,
  ) =>
    operatorOnly(context) ??
    settle(registerCashAsset(state.reference, command.cash_asset), (cash_asset) =>
      context.emit({ type: 'cash_asset_registered', cash_asset }),
    ),
  'reference.register_security': (
    state: HubState,
    command: RegisterSecurity,
    context: CommandContext,
  ) =>
    operatorOnly(context) ??
    settle(
      registerSecurity(state.reference, command.security, (security) =>
        checkBookFor(state.markets, security),
      ),
      (security) => {
        context.emit({ type: 'security_registered', security });
        openBookFor(state.markets, security, context.timestamp_us);
      },
    ),
  'reference.update_security': (
    state: HubState,
    command: UpdateSecurity,
    context: CommandContext,
  ) =>
    operatorOnly(context) ??
    settle(
      updateSecurity(state.reference, command.update, (security) =>
        checkLotUnchanged(state.markets, state.reference.securities.get(security.id), security),
      ),
      (security) => context.emit({ type: 'security_updated', security }),
    ),
  'reference.record_shared_book_opt_in': (
    state: HubState,
    command: RecordSharedBookOptIn,
    context: CommandContext,
  ) =>
    operatorOnly(context) ??
    settle(recordSharedBookOptIn(state.reference, command.opt_in), (investor) =>
      context.emit({ type: 'investor_updated', investor }),
    ),
} as const;
