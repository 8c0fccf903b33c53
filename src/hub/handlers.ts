/**
 * Command handlers, one per command type. A handler returns a rejection or undefined; it emits
 * events through the context. The map is checked by the compiler to cover every command type.
 * @module
 */

import type { Rejection } from '../kernel/rejection.js';
import { BOND_HANDLERS } from './bonds/handlers.js';
import type { Command, CommandType } from './commands.js';
import type { CommandContext } from './context.js';
import { FINANCING_HANDLERS } from './financing/handlers.js';
import { CLOCK_HANDLERS } from './handlers_clock.js';
import { LEDGER_HANDLERS } from './handlers_ledger.js';
import { REFERENCE_HANDLERS } from './handlers_reference.js';
import { RULES_HANDLERS } from './handlers_rules.js';
import { SETTLEMENT_HANDLERS } from './handlers_settlement.js';
import { MARKET_HANDLERS } from './market/handlers.js';
import { PAYMENT_HANDLERS } from './payments/handlers.js';
import type { HubState } from './state.js';

export type Handler<C extends Command> = (
  state: HubState,
  command: C,
  context: CommandContext,
) => Rejection | undefined;

export type HandlerMap = { readonly [K in CommandType]: Handler<Extract<Command, { type: K }>> };

export const HANDLERS: HandlerMap = {
  'hub.tick': () => undefined,
  ...CLOCK_HANDLERS,
  ...LEDGER_HANDLERS,
  ...REFERENCE_HANDLERS,
  ...MARKET_HANDLERS,
  ...RULES_HANDLERS,
  ...SETTLEMENT_HANDLERS,
  ...BOND_HANDLERS,
  ...FINANCING_HANDLERS,
  ...PAYMENT_HANDLERS,
};
