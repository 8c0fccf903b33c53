/**
 * The hub's own commands.
 * @module
 */

import { z } from 'zod';

/** Advances hub time with no other effect: holds expire, sessions change. Sent by the sequencer. */
export const TICK = z.strictObject({ type: z.literal('hub.tick') });

export type Tick = z.infer<typeof TICK>;

/** The longest step `hub.advance_time` may take at once: 31 days (a bound on the time walk). */
export const ADVANCE_TIME_MAX_US = 31 * 24 * 3_600 * 1_000_000;

/**
 * Moves hub time forward to `to_us` (microseconds since the Unix epoch), walking every session
 * change, Connect day and settlement cycle on the way. Operator only; never backwards.
 */
export const ADVANCE_TIME = z.strictObject({
  type: z.literal('hub.advance_time'),
  to_us: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

export type AdvanceTime = z.infer<typeof ADVANCE_TIME>;
