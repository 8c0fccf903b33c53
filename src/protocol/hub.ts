/**
 * The hub's own commands.
 * @module
 */

import { z } from 'zod';

/** Advances hub time with no other effect: holds expire, sessions change. Sent by the sequencer. */
export const TICK = z.strictObject({ type: z.literal('hub.tick') });

export type Tick = z.infer<typeof TICK>;
