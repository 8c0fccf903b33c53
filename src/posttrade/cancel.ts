/**
 * Cancelling an instruction before any of it settles. A novated trade is cancelled whole (both
 * sides), so the CCP is never left with one side of a trade. Settled is irrevocable.
 * @module
 */

import { accept, type Outcome, type Rejection } from '../kernel/index.js';
import { refuse } from './codes.js';
import { compactOpen } from './cycle.js';
import { finish } from './legs.js';
import { instructionIdsOfTrade, type PosttradeEnv, type PosttradeState } from './state.js';
import type { Instruction } from './types.js';

/** `posttrade.cancel_instruction`. */
export interface CancelInput {
  readonly instruction_id: string;
}

/** Cancels an instruction (and its novated sibling); returns the instructions cancelled. */
export function cancelInstruction(
  state: PosttradeState,
  env: PosttradeEnv,
  input: CancelInput,
): Outcome<string[]> {
  const instruction = state.instructions.get(input.instruction_id);
  if (instruction === undefined) {
    return refuse('UNKNOWN_INSTRUCTION', `No instruction ${input.instruction_id}`, {
      instruction_id: input.instruction_id,
    });
  }
  const ids = instructionIdsOfTrade(state, instruction.trade_id);
  const all = ids.map((id) => state.instructions.get(id) as Instruction);
  for (const i of all) {
    const problem = cancellable(i);
    if (problem !== undefined) return problem;
  }
  for (const i of all) finish(state, env, i, 'cancelled', 'cancelled');
  compactOpen(state, instruction.group);
  return accept(ids);
}

/** Why an instruction cannot be closed without settling, or undefined if it can. */
export function cancellable(i: Instruction): Rejection | undefined {
  if (i.status === 'settled') {
    return refuse('SETTLEMENT_ALREADY_FINAL', `Instruction ${i.id} is settled and irrevocable`, {
      instruction_id: i.id,
    });
  }
  if (i.status === 'cancelled') {
    return refuse('INSTRUCTION_CLOSED', `Instruction ${i.id} is already closed (${i.closure})`, {
      instruction_id: i.id,
      closure: i.closure,
    });
  }
  if (i.parts > 0) {
    return refuse('INSTRUCTION_PARTIALLY_SETTLED', `Part of instruction ${i.id} has settled`, {
      instruction_id: i.id,
      settled_quantity_units: i.settled_quantity_units,
    });
  }
  return undefined;
}
