/**
 * The proxy directory in the hub (docs/payments.md §9.3): a bank registers, updates and removes
 * its customers' proxies; a payer's bank looks one up and sees the payee's masked name. The
 * domain normalises and checks (phone numbers with google-libphonenumber).
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import {
  lookupProxy,
  maskName,
  type ProxyEntry,
  registerProxy,
  removeProxy,
  updateProxy,
} from '../../payments/index.js';
import type {
  LookupProxy,
  RegisterProxy,
  RemoveProxy,
  UpdateProxy,
} from '../../protocol/payments.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';

function checkBank(state: HubState, bank: string, context: CommandContext): Rejection | undefined {
  if (!state.reference.parties.has(bank)) {
    return reject('PAYMENT_BANK_UNKNOWN', 'No party has this id', { bank });
  }
  if (!context.actor.actsFor(bank)) {
    return reject('NOT_AUTHORIZED', "A bank manages its own customers' proxies", {
      participant: context.actor.participant,
      bank,
    });
  }
  return undefined;
}

function emitProxy(
  type: 'payment_proxy_registered' | 'payment_proxy_updated' | 'payment_proxy_removed',
  entry: ProxyEntry,
  context: CommandContext,
  banks: readonly string[] = [entry.bank],
): void {
  context.emit({
    type,
    banks,
    side: entry.side,
    proxy_type: entry.type,
    value: entry.value,
    bank: entry.bank,
    account: entry.account,
    masked_name: maskName(entry.name),
  });
}

export function registerProxyCommand(state: HubState, c: RegisterProxy, context: CommandContext) {
  const refused = checkBank(state, c.bank, context);
  if (refused !== undefined) return refused;
  const proxy = { side: c.side, type: c.proxy_type, value: c.value };
  const target = { bank: c.bank, account: c.account, name: c.name };
  const out = registerProxy(state.payments.directory, proxy, target, context.timestamp_us);
  if (!out.ok) return out;
  emitProxy('payment_proxy_registered', out.value, context);
  return undefined;
}

/** The bank the proxy points at now, or why not; the actor must act for it. */
function currentBank(
  state: HubState,
  c: Pick<RemoveProxy, 'side' | 'proxy_type' | 'value'>,
  context: CommandContext,
) {
  const found = lookupProxy(state.payments.directory, c.side, c.proxy_type, c.value);
  if (!found.ok) return found;
  if (!context.actor.actsFor(found.value.bank)) {
    return reject('NOT_AUTHORIZED', 'Only the bank the proxy points at may change it', {
      participant: context.actor.participant,
      bank: found.value.bank,
    });
  }
  return found;
}

export function updateProxyCommand(state: HubState, c: UpdateProxy, context: CommandContext) {
  const current = currentBank(state, c, context);
  if (!current.ok) return current;
  if (!state.reference.parties.has(c.bank)) {
    return reject('PAYMENT_BANK_UNKNOWN', 'No party has this id', { bank: c.bank });
  }
  const proxy = { side: c.side, type: c.proxy_type, value: c.value };
  const target = { bank: c.bank, account: c.account, name: c.name };
  const out = updateProxy(state.payments.directory, proxy, target, context.timestamp_us);
  if (!out.ok) return out;
  const banks = [...new Set([current.value.bank, c.bank])];
  emitProxy('payment_proxy_updated', out.value, context, banks);
  return undefined;
}

export function removeProxyCommand(state: HubState, c: RemoveProxy, context: CommandContext) {
  const current = currentBank(state, c, context);
  if (!current.ok) return current;
  const proxy = { side: c.side, type: c.proxy_type, value: c.value };
  const out = removeProxy(state.payments.directory, proxy);
  if (!out.ok) return out;
  emitProxy('payment_proxy_removed', out.value, context);
  return undefined;
}

/** The payer's bank asks: the answer (bank, account, masked name) is an event for it alone. */
export function lookupProxyCommand(state: HubState, c: LookupProxy, context: CommandContext) {
  if (!context.actor.actsFor(c.bank)) {
    return reject('NOT_AUTHORIZED', 'A bank looks up proxies for its own customers', {
      participant: context.actor.participant,
    });
  }
  const found = lookupProxy(state.payments.directory, c.side, c.proxy_type, c.value);
  if (!found.ok) return found;
  context.emit({ type: 'payment_payee_found', banks: [c.bank], lookup: found.value });
  return undefined;
}
