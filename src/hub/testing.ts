/**
 * A hub driven in memory, for tests: stamps seq and time like the sequencer would.
 * @module
 */

import type { Command } from '../protocol/index.js';
import type { CommandResult, Envelope } from './envelope.js';
import { Hub } from './hub.js';

export class TestHub {
  readonly hub: Hub;
  readonly envelopes: Envelope[] = [];
  now_us: number;

  constructor(start_us: number, hub = new Hub()) {
    this.hub = hub;
    this.now_us = start_us;
  }

  submit(
    participant: string,
    command: Command,
    idempotency_key: string | null = null,
  ): CommandResult {
    const envelope: Envelope = {
      seq: this.hub.seq + 1,
      timestamp_us: Math.max(this.now_us, this.hub.now_us),
      participant,
      idempotency_key,
      command,
    };
    this.envelopes.push(envelope);
    return this.hub.apply(envelope);
  }

  /** Submits and insists on acceptance: for set-up steps. */
  accept(
    participant: string,
    command: Command,
    idempotency_key: string | null = null,
  ): CommandResult {
    const result = this.submit(participant, command, idempotency_key);
    if (result.status !== 'accepted') {
      throw new Error(
        `${command.type} rejected: ${result.rejection?.code} ${result.rejection?.message}`,
      );
    }
    return result;
  }

  advance(seconds: number): void {
    this.now_us += seconds * 1_000_000;
  }
}
