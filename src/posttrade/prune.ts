/**
 * Forgetting final instructions, so the instruction table stays bounded over many days (the
 * journal and the events keep the history). A trade's instructions go together, and only once
 * every one of them is final and has no penalty left to collect, so a cancel can never find one
 * side of a novated trade without the other.
 * @module
 */

import { instructionIdsOfTrade, isFinal, type PosttradeState } from './state.js';
import type { Instruction } from './types.js';

/** Removes up to `limit` trades whose instructions all became final before `before_us`. */
export function pruneFinal(state: PosttradeState, before_us: number, limit = 10_000): number {
  const done: string[] = [];
  const seen = new Set<string>();
  for (const i of state.instructions.values()) {
    if (done.length >= limit) break;
    if (seen.has(i.trade_id)) continue;
    seen.add(i.trade_id);
    const ids = instructionIdsOfTrade(state, i.trade_id);
    const all = ids.map((id) => state.instructions.get(id) as Instruction);
    if (all.every((x) => prunable(x, before_us))) done.push(...ids);
  }
  for (const id of done) {
    state.instructions.delete(id);
    state.buy_ins.delete(id);
  }
  return done.length;
}

function prunable(i: Instruction, before_us: number): boolean {
  return isFinal(i) && i.final_at_us < before_us && i.penalty_collected_minor === i.penalty_minor;
}
