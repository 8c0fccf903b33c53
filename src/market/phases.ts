/**
 * What each phase allows, and the mapping from the session timetable's phase names (reference
 * data, `sessionPhaseAt`) to book phases. The caller drives phases on the hub's clock; the only
 * phase the engine enters by itself is VCM cooling-off (and leaves it when its time is up).
 * @module
 */

import { Phase } from './types.js';

export function isContinuous(phase: number): boolean {
  return phase === Phase.CONTINUOUS || phase === Phase.COOLING_OFF;
}

export function isAuctionInput(phase: number): boolean {
  return phase === Phase.AUCTION_INPUT || phase === Phase.AUCTION_NO_CANCEL;
}

export function isAuction(phase: number): boolean {
  return isAuctionInput(phase) || phase === Phase.AUCTION_FROZEN;
}

/** Cancels are refused while the market is closed and in no-cancel / frozen auction periods. */
export function acceptsCancels(phase: number): boolean {
  return phase === Phase.AUCTION_INPUT || isContinuous(phase) || phase === Phase.HALTED;
}

/** Cancel-replace: where both new orders and cancels are accepted. */
export function acceptsReplaces(phase: number): boolean {
  return phase === Phase.AUCTION_INPUT || isContinuous(phase);
}

/**
 * Session phases from the reference timetable (`sessionPhaseAt`, src/reference/sessions.ts) → book
 * phases. Unknown names map to CLOSED (nothing trades).
 *
 * | session phase | markets | book phase |
 * |---|---|---|
 * | `opening_call`, `closing_call` | SSE/SZSE 9:15–9:20; SEHK 9:00–9:15, 16:01–16:06 | AUCTION_INPUT |
 * | `opening_call_no_cancel`, `closing_call_no_cancel`, `closing_random_close` | SSE/SZSE 9:20–9:25, 14:57–15:00; SEHK 9:15–9:20, 16:06–16:10 | AUCTION_NO_CANCEL |
 * | `opening_uncross`, `opening_pause`, `blocking`, `closing_reference` | SEHK 9:20–9:30, 16:00–16:01; SSE/SZSE 9:25–9:30 (the hub holds orders) | AUCTION_FROZEN |
 * | `continuous` | | CONTINUOUS |
 * | `lunch_cancel_only` | SEHK 12:30–13:00 | HALTED (cancels only) |
 * | `closed`, `lunch_break` | | CLOSED |
 *
 * The caller uncrosses at the end of the auction (SSE/SZSE at 9:25 and 15:00; SEHK at its random
 * moment) and only then moves the book to the next phase.
 */
export function bookPhaseForSession(session_phase: string): Phase {
  return SESSION_PHASES.get(session_phase) ?? Phase.CLOSED;
}

/** Which auction a session phase belongs to (for `setPhase` options), or null. */
export function auctionKindForSession(session_phase: string): 'opening' | 'closing' | null {
  if (!isAuction(bookPhaseForSession(session_phase))) return null;
  return session_phase.startsWith('closing') ? 'closing' : 'opening';
}

const SESSION_PHASES: ReadonlyMap<string, Phase> = new Map<string, Phase>([
  ['closed', Phase.CLOSED],
  ['opening_call', Phase.AUCTION_INPUT],
  ['opening_call_no_cancel', Phase.AUCTION_NO_CANCEL],
  ['opening_uncross', Phase.AUCTION_FROZEN],
  ['opening_pause', Phase.AUCTION_FROZEN],
  ['blocking', Phase.AUCTION_FROZEN],
  ['continuous', Phase.CONTINUOUS],
  ['lunch_break', Phase.CLOSED],
  ['lunch_cancel_only', Phase.HALTED],
  ['closing_reference', Phase.AUCTION_FROZEN],
  ['closing_call', Phase.AUCTION_INPUT],
  ['closing_call_no_cancel', Phase.AUCTION_NO_CANCEL],
  ['closing_random_close', Phase.AUCTION_NO_CANCEL],
]);
