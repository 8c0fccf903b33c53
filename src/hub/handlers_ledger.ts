/**
 * Ledger commands: the ledger does the work; the hub supplies the directory and the actor.
 * @module
 */

import type { Rejection } from '../kernel/rejection.js';
import { createAccounts, createTransfers, setFrozen } from '../ledger/index.js';
import type { CreateAccounts, CreateTransfers, SetFrozen } from '../protocol/ledger.js';
import type { CommandContext } from './context.js';
import { accountDirectoryOf } from './directory.js';
import { reservedTransfers } from './market/prefund.js';
import type { HubState } from './state.js';

function onlyOperator(context: CommandContext, what: string): Rejection | undefined {
  if (context.actor.operator) return undefined;
  return {
    ok: false,
    code: 'NOT_AUTHORIZED',
    message: `Only an operator may ${what}`,
    details: { participant: context.actor.participant },
  };
}

export const LEDGER_HANDLERS = {
  'ledger.create_accounts': (state: HubState, command: CreateAccounts, context: CommandContext) => {
    const denied = onlyOperator(context, 'open accounts');
    if (denied !== undefined) return denied;
    const outcome = createAccounts(
      state.ledger,
      command.accounts,
      accountDirectoryOf(state),
      context.timestamp_us,
      context,
    );
    return outcome.ok ? undefined : outcome;
  },
  'ledger.create_transfers': (
    state: HubState,
    command: CreateTransfers,
    context: CommandContext,
  ) => {
    const reserved = reservedTransfers(command.transfers);
    if (reserved !== undefined) return reserved;
    const outcome = createTransfers(state.ledger, command.transfers, {
      actor: context.actor,
      timestamp_us: context.timestamp_us,
      sink: context,
    });
    return outcome.ok ? undefined : outcome;
  },
  'ledger.set_frozen': (state: HubState, command: SetFrozen, context: CommandContext) => {
    const denied = onlyOperator(context, 'freeze accounts');
    if (denied !== undefined) return denied;
    const outcome = setFrozen(state.ledger, command, context);
    return outcome.ok ? undefined : outcome;
  },
} as const;
