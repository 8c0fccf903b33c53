/**
 * Helpers for the reference domain's tests (not used by the engine itself).
 * @module
 */

import assert from 'node:assert/strict';
import { encode, type Outcome } from '../kernel/index.js';
import { registerCashAsset } from './cash-assets.js';
import {
  cashAssetInputSchema,
  investorInputSchema,
  partyInputSchema,
  securityInputSchema,
} from './commands.js';
import { type DemoRegistration, demoReferenceData } from './demo.js';
import { registerInvestor } from './investors.js';
import { registerParty } from './parties.js';
import { registerSecurity } from './securities.js';
import { snapshotReference } from './snapshot.js';
import { createReferenceState, type ReferenceState } from './state.js';

/** Parses a registration's JSON with its schema (throwing on a schema error) and applies it. */
export function applyRegistration(
  state: ReferenceState,
  registration: DemoRegistration,
): Outcome<unknown> {
  switch (registration.kind) {
    case 'party':
      return registerParty(state, partyInputSchema.parse(registration.input));
    case 'cash_asset':
      return registerCashAsset(state, cashAssetInputSchema.parse(registration.input));
    case 'security':
      return registerSecurity(state, securityInputSchema.parse(registration.input));
    case 'investor':
      return registerInvestor(state, investorInputSchema.parse(registration.input));
  }
}

/** A state holding the whole demo market; fails the test if any registration is refused. */
export function demoState(): ReferenceState {
  const state = createReferenceState();
  for (const registration of demoReferenceData()) {
    const outcome = applyRegistration(state, registration);
    if (!outcome.ok) assert.fail(`${registration.input.id}: ${outcome.code} ${outcome.message}`);
  }
  return state;
}

/** The state's bytes: equal bytes, equal state (Map order included). */
export function fingerprint(state: ReferenceState): string {
  return encode(snapshotReference(state));
}

/** Runs `attempt`, expects the rejection `code`, and checks that the state did not change. */
export function expectRefused(
  state: ReferenceState,
  code: string,
  attempt: (state: ReferenceState) => Outcome<unknown>,
): Readonly<Record<string, unknown>> {
  const before = fingerprint(state);
  const outcome = attempt(state);
  assert.equal(outcome.ok, false, `expected ${code}, but it was accepted`);
  assert.ok(!outcome.ok);
  assert.equal(outcome.code, code, outcome.message);
  assert.ok(outcome.message.length > 0 && !outcome.message.endsWith('.'), outcome.message);
  assert.equal(fingerprint(state), before, `${code} changed the state`);
  return outcome.details;
}
