/**
 * Test helpers for the bonds in the hub: the demo genesis, wire commands, the USD green bond
 * tranche's terms, and the check that a refusal changes nothing.
 * @module
 */

import assert from 'node:assert/strict';
import { type Command, parseCommand } from '../../protocol/index.js';

export { GREEN_USD_TERMS } from '../../sim/demo_bonds.js';

import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';

export function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

export function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

/** Refuses with `code` and leaves the state as it was (only the counter and clock move). */
export function assertRefused(t: TestHub, participant: string, command: Command, code: string) {
  const before = t.hub.digest();
  const result = t.submit(participant, command);
  assert.equal(result.rejection?.code, code, result.rejection?.message);
  assert.equal(result.events.length, 0);
  const state = snapshotHub(t.hub.state);
  assert.equal(new Hub(restoreHub({ ...state, seq: state.seq - 1 })).digest(), before);
}
