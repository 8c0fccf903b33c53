/**
 * The command envelope and the result of applying it.
 *
 * The sequencer stamps `seq` and `timestamp_us`; the gateway vouches for `participant`; the hub
 * never reads a clock. Every envelope ends in `accepted` (with events) or `rejected` (with a
 * rejection and no change of state beyond the passage of time).
 * @module
 */

import type { RejectionDetails } from '../kernel/rejection.js';
import type { Command } from './commands.js';
import type { HubEvent } from './events.js';

export interface Envelope {
  /** 1, 2, 3, … with no gaps: the journal position of this command. */
  readonly seq: number;
  /** Microseconds since the Unix epoch, assigned by the sequencer, never decreasing. */
  readonly timestamp_us: number;
  /** The authenticated participant submitting the command. */
  readonly participant: string;
  /** The client's key for safe retries, unique per participant; null when not given. */
  readonly idempotency_key: string | null;
  readonly command: Command;
}

export interface RejectionView {
  readonly code: string;
  readonly message: string;
  readonly details: RejectionDetails;
}

export interface CommandResult {
  readonly seq: number;
  readonly status: 'accepted' | 'rejected';
  /** Present when status is rejected. */
  readonly rejection: RejectionView | null;
  /**
   * Everything this step produced, in order: first what the passage of time caused (expiries,
   * session changes), then the command's own events. Event `i` has sequence number
   * `first_event_seq + i`.
   */
  readonly events: readonly HubEvent[];
  readonly first_event_seq: number;
  /** For a retry under an idempotency key already used: the seq of the original command. */
  readonly duplicate_of: number | null;
}
