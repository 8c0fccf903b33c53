/**
 * Helpers for tests of the ledger and of the domains built on it. Not used in production code.
 * @module
 */

import { encode } from '../kernel/codec.js';
import type { AccountDirectory, AccountInput } from './accounts.js';
import { createAccounts } from './accounts.js';
import type { LedgerEvent, LedgerEventSink } from './events.js';
import { snapshotLedger } from './snapshot.js';
import type { LedgerState } from './state.js';

export const OPEN_DIRECTORY: AccountDirectory = {
  assetExists: () => true,
  ownerExists: () => true,
};

export class EventLog implements LedgerEventSink {
  readonly events: LedgerEvent[] = [];
  emit(event: LedgerEvent): void {
    this.events.push(event);
  }
}

/** A holder account: credit-normal, may not go below zero. */
export function holder(id: string, owner: string, asset: string, parent_id?: string): AccountInput {
  return {
    id,
    owner,
    asset,
    purpose: 'available',
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
    parent_id,
  };
}

/** An issuance account: debit-normal, unlimited, where an asset comes into being. */
export function issuance(id: string, owner: string, asset: string): AccountInput {
  return {
    id,
    owner,
    asset,
    purpose: 'issuance',
    debits_must_not_exceed_credits: false,
    credits_must_not_exceed_debits: true,
  };
}

export function omnibus(
  id: string,
  owner: string,
  asset: string,
  parent_id?: string,
): AccountInput {
  return {
    id,
    owner,
    asset,
    purpose: 'omnibus',
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
    parent_id,
    omnibus: true,
  };
}

export function openAccounts(state: LedgerState, inputs: AccountInput[], timestamp_us = 0): void {
  const outcome = createAccounts(state, inputs, OPEN_DIRECTORY, timestamp_us, new EventLog());
  if (!outcome.ok) throw new Error(`test set-up failed: ${outcome.code} ${outcome.message}`);
}

/** The ledger's full state as text: equal text means equal state. */
export function ledgerText(state: LedgerState): string {
  return encode(snapshotLedger(state));
}
