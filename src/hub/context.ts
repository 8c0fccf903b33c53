/**
 * What a command handler sees: who acts, when, and where its events and undo steps go.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { type Rejection, reject } from '../kernel/rejection.js';
import type { Actor } from '../ledger/index.js';
import type { EventSink, HubEvent } from './events.js';

export interface CommandContext extends EventSink {
  readonly seq: number;
  readonly timestamp_us: number;
  readonly actor: Actor;
  /**
   * Registers a step that undoes a mutation already made, for handlers that must see their own
   * effects before they know whether the command succeeds. Run in reverse if the command is
   * rejected. Handlers that check everything before mutating need none.
   */
  onRollback(undo: () => void): void;
}

/** The per-step buffer of events and undo steps, reused across commands. */
export class StepBuffer implements CommandContext {
  seq = 0;
  timestamp_us = 0;
  actor: Actor = { participant: '', operator: false, actsFor: () => false };
  events: HubEvent[] = [];
  private readonly undo_steps: Array<() => void> = [];
  private command_events_start = 0;

  begin(seq: number, timestamp_us: number): void {
    this.seq = seq;
    this.timestamp_us = timestamp_us;
    this.events = [];
    this.undo_steps.length = 0;
    this.command_events_start = 0;
  }

  /** Events before this point were caused by time; after it, by the command. */
  beginCommand(actor: Actor): void {
    this.actor = actor;
    this.command_events_start = this.events.length;
  }

  emit(event: HubEvent): void {
    this.events.push(event);
  }

  onRollback(undo: () => void): void {
    this.undo_steps.push(undo);
  }

  /** Undoes the command's mutations and drops its events; time's events stay. */
  rollback(): void {
    for (let i = this.undo_steps.length - 1; i >= 0; i -= 1) (this.undo_steps[i] as () => void)();
    this.undo_steps.length = 0;
    this.events.length = this.command_events_start;
  }

  commit(): void {
    assert(this.events.length >= this.command_events_start, 'events lost');
    this.undo_steps.length = 0;
  }
}

/** Refuses `NOT_AUTHORIZED` unless an operator acts: `what` completes "Only an operator may …". */
export function operatorOnly(context: CommandContext, what: string): Rejection | undefined {
  if (context.actor.operator) return undefined;
  return reject('NOT_AUTHORIZED', `Only an operator may ${what}`, {
    participant: context.actor.participant,
  });
}
