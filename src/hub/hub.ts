/**
 * The hub: the single-threaded, deterministic state machine at the centre of Hutong.
 *
 * `apply(envelope)` is the only way state changes. It first lets time pass (hold expiries,
 * retention), then checks the idempotency key, then runs the command's handler. A handler either
 * emits events or returns a rejection; on rejection its events are dropped and its undo steps run,
 * so the command leaves no trace. The same envelopes in the same order always produce the same
 * events and the same state digest.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { encode } from '../kernel/codec.js';
import { sha256Hex } from '../kernel/digest.js';
import type { Rejection } from '../kernel/rejection.js';
import { reject } from '../kernel/rejection.js';
import type { Command } from './commands.js';
import { marketHooks } from './connect.js';
import { StepBuffer } from './context.js';
import { actorOf } from './directory.js';
import type { CommandResult, Envelope } from './envelope.js';
import { HANDLERS } from './handlers.js';
import { IDEMPOTENCY_LIMITS, idempotencyKeyOf, rememberCommand } from './idempotency.js';
import { checkHubInvariants } from './invariants.js';
import { forgetResolvedAccounts, isOrderCommand } from './settlement.js';
import type { HubState } from './state.js';
import { createHubState, digestHubState, type HubSnapshot, snapshotHub } from './state.js';
import { letTimePass } from './time.js';

export class Hub {
  private readonly buffer = new StepBuffer();

  constructor(readonly state: HubState = createHubState()) {
    state.markets.sink = this.buffer;
    state.markets.hooks = marketHooks(state, this.buffer);
  }

  get seq(): number {
    return this.state.seq;
  }

  get now_us(): number {
    return this.state.now_us;
  }

  apply(envelope: Envelope): CommandResult {
    const state = this.state;
    assert(
      envelope.seq === state.seq + 1,
      `envelope ${envelope.seq} out of sequence after ${state.seq}`,
    );
    assert(envelope.timestamp_us >= state.now_us, 'hub time went backwards');
    state.seq = envelope.seq;
    state.now_us = envelope.timestamp_us;
    const buffer = this.buffer;
    buffer.begin(envelope.seq, envelope.timestamp_us);
    this.letTimePass();
    const duplicate = this.checkIdempotency(envelope);
    if (duplicate !== undefined) return this.finish(envelope, duplicate.rejection, duplicate.of);
    // Settlement's memo of resolved accounts lives across orders only (settlement.ts).
    const order = isOrderCommand(envelope.command.type);
    if (!order || buffer.events.length > 0) forgetResolvedAccounts(state);
    buffer.beginCommand(actorOf(state, envelope.participant));
    const command_first_event_seq = state.next_event_seq + buffer.events.length;
    const rejection = this.dispatch(envelope.command);
    if (rejection === undefined) {
      buffer.commit();
      this.remember(envelope, command_first_event_seq);
    } else {
      buffer.rollback();
    }
    if (!order || rejection !== undefined) forgetResolvedAccounts(state);
    return this.finish(envelope, rejection, null);
  }

  private letTimePass(): void {
    letTimePass(this.state, this.state.now_us, this.buffer);
  }

  private dispatch(command: Command): Rejection | undefined {
    const handler = HANDLERS[command.type] as (
      state: HubState,
      command: Command,
      context: StepBuffer,
    ) => Rejection | undefined;
    return handler(this.state, command, this.buffer);
  }

  private checkIdempotency(
    envelope: Envelope,
  ): { rejection: Rejection | undefined; of: number } | undefined {
    if (envelope.idempotency_key === null) return undefined;
    if (envelope.idempotency_key.length > IDEMPOTENCY_LIMITS.key_length_max) {
      return {
        rejection: reject(
          'IDEMPOTENCY_KEY_INVALID',
          'The idempotency key is longer than 128 characters',
          { length: envelope.idempotency_key.length },
        ),
        of: envelope.seq,
      };
    }
    const record = this.state.idempotency.get(
      idempotencyKeyOf(envelope.participant, envelope.idempotency_key),
    );
    if (record === undefined) return undefined;
    if (record.command_digest !== sha256Hex(encode(envelope.command))) {
      return {
        rejection: reject(
          'IDEMPOTENCY_KEY_REUSED',
          'This idempotency key was already used for a different command',
          {
            idempotency_key: envelope.idempotency_key,
            original_seq: record.seq,
          },
        ),
        of: record.seq,
      };
    }
    assert(record.seq < envelope.seq, 'idempotency record from the future');
    return { rejection: undefined, of: record.seq };
  }

  private remember(envelope: Envelope, first_event_seq: number): void {
    if (envelope.idempotency_key === null) return;
    rememberCommand(
      this.state.idempotency,
      idempotencyKeyOf(envelope.participant, envelope.idempotency_key),
      {
        command_digest: sha256Hex(encode(envelope.command)),
        seq: envelope.seq,
        first_event_seq,
        timestamp_us: envelope.timestamp_us,
      },
    );
  }

  private finish(
    envelope: Envelope,
    rejection: Rejection | undefined,
    duplicate_of: number | null,
  ): CommandResult {
    const events = this.buffer.events;
    const first = this.state.next_event_seq;
    this.state.next_event_seq += events.length;
    return {
      seq: envelope.seq,
      status: rejection === undefined ? 'accepted' : 'rejected',
      rejection:
        rejection === undefined
          ? null
          : { code: rejection.code, message: rejection.message, details: rejection.details },
      events,
      first_event_seq: first,
      duplicate_of,
    };
  }

  /** SHA-256 over the whole state: the proof that a replay arrived at the same place. */
  digest(): string {
    return digestHubState(this.state);
  }

  snapshot(): HubSnapshot {
    return snapshotHub(this.state);
  }

  checkInvariants(): void {
    checkHubInvariants(this.state);
  }
}
