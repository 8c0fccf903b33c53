/**
 * Idempotency keys on the envelope: a retry of an accepted command returns the original result
 * instead of running twice; the same key on a different command is refused.
 *
 * Only accepted commands are remembered (a rejected command changes nothing, so a corrected
 * retry may reuse its key). Keys are kept for 24 hours of hub time, and at most `records_max` of
 * them: past that the oldest is forgotten first. Both bounds are documented for clients.
 * @module
 */

export const IDEMPOTENCY_LIMITS = {
  retention_us: 24 * 3_600 * 1_000_000,
  records_max: 10_000_000,
  key_length_max: 128,
} as const;

export interface IdempotencyRecord {
  readonly command_digest: string;
  readonly seq: number;
  readonly first_event_seq: number;
  readonly timestamp_us: number;
}

/** Keyed by participant and key, in the order commands were accepted (oldest first). */
export type IdempotencyState = Map<string, IdempotencyRecord>;

export function idempotencyKeyOf(participant: string, key: string): string {
  return `${participant}\u0000${key}`;
}

export function rememberCommand(
  state: IdempotencyState,
  scoped_key: string,
  record: IdempotencyRecord,
): void {
  state.set(scoped_key, record);
  if (state.size > IDEMPOTENCY_LIMITS.records_max) {
    const oldest = state.keys().next();
    if (oldest.done !== true) state.delete(oldest.value);
  }
}

/** Forgets keys older than the retention window; at most `limit` per call. */
export function pruneIdempotency(state: IdempotencyState, now_us: number, limit = 10_000): void {
  const cutoff_us = now_us - IDEMPOTENCY_LIMITS.retention_us;
  let pruned = 0;
  for (const [key, record] of state) {
    if (pruned >= limit || record.timestamp_us >= cutoff_us) return;
    state.delete(key);
    pruned += 1;
  }
}
