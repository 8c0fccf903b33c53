/**
 * A seeded agent that uses the ledger the way clients do, and sometimes the way they should not:
 * payments between participants, batches (some of which must fail), holds with timeouts, posts and
 * voids of earlier holds (some stale), retries under the same idempotency key, and commands that
 * are malformed on the wire.
 * @module
 */

import type { HubState } from '../hub/index.js';
import type { Mulberry32 } from '../kernel/random.js';
import { availableBalance } from '../ledger/index.js';
import { type Command, parseCommand } from '../protocol/index.js';
import type { Submission } from './genesis.js';

export type LedgerAction = 'payment' | 'batch' | 'hold' | 'resolve' | 'retry' | 'malformed';

export interface AgentStep {
  readonly action: LedgerAction;
  /** A command to submit, or the raw wire JSON for `malformed`. */
  readonly submission: Submission | null;
  readonly wire: unknown;
}

export class LedgerAgent {
  private next_id = 0;
  private holds: string[] = [];
  private sent: Array<{
    readonly submission: Submission;
    readonly seq: number;
    readonly hold_id: string | null;
  }> = [];

  constructor(private readonly rng: Mulberry32) {}

  step(state: HubState): AgentStep {
    const r = this.rng.uniform();
    if (r < 0.45) return this.payment(state);
    if (r < 0.6) return this.batch(state);
    if (r < 0.72) return this.hold(state);
    if (r < 0.84) return this.resolve();
    if (r < 0.92) return this.retry();
    return this.malformed(state);
  }

  /** Call after a submission was accepted, so later steps can post, void or retry it. */
  accepted(step: AgentStep, seq: number): void {
    if (step.submission === null || step.action === 'retry') return;
    const command = step.submission.command;
    const hold_id =
      step.action === 'hold' && command.type === 'ledger.create_transfers'
        ? (command.transfers[0]?.id ?? null)
        : null;
    this.sent.push({ submission: step.submission, seq, hold_id });
    if (this.sent.length > 1_000) this.sent.shift();
    if (hold_id !== null) this.holds.push(hold_id);
    if (this.holds.length > 500) this.holds.shift();
  }

  /** After a crash: commands after `seq` never happened, so they are not retries any more. */
  forgetAfter(seq: number): void {
    const lost = new Set(this.sent.filter((s) => s.seq > seq).map((s) => s.hold_id));
    this.sent = this.sent.filter((s) => s.seq <= seq);
    this.holds = this.holds.filter((id) => !lost.has(id));
  }

  private id(prefix: string): string {
    this.next_id += 1;
    return `${prefix}${this.next_id}`;
  }

  /** Two holder accounts of the same asset, chosen at random. */
  private pair(
    state: HubState,
  ): { from: string; to: string; owner: string; available: bigint } | null {
    const accounts = [...state.ledger.accounts.values()].filter((a) => a.purpose === 'available');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const from = this.rng.pick(accounts);
      const peers = accounts.filter((a) => a.asset === from.asset && a !== from);
      if (peers.length === 0) continue;
      const to = this.rng.pick(peers);
      return { from: from.id, to: to.id, owner: from.owner, available: availableBalance(from) };
    }
    return null;
  }

  private amount(available: bigint): bigint {
    // Mostly affordable, sometimes not: insufficient funds must be refused cleanly.
    if (this.rng.chance(0.1)) return available + BigInt(this.rng.int(1, 1_000_000));
    const cap = available > 1_000_000_000n ? 1_000_000_000 : Number(available);
    return BigInt(this.rng.int(1, Math.max(1, cap)));
  }

  private payment(state: HubState): AgentStep {
    const pair = this.pair(state);
    if (pair === null) return this.malformed(state);
    const command: Command = {
      type: 'ledger.create_transfers',
      transfers: [
        {
          id: this.id('pay'),
          debit_account_id: pair.from,
          credit_account_id: pair.to,
          amount_minor: this.amount(pair.available),
          code: 'payment',
        },
      ],
    };
    return this.submit('payment', pair.owner, command, this.rng.chance(0.3));
  }

  private batch(state: HubState): AgentStep {
    const legs = this.rng.int(2, 6);
    const transfers = [];
    for (let i = 0; i < legs; i += 1) {
      const pair = this.pair(state);
      if (pair === null) break;
      transfers.push({
        id: this.id('leg'),
        debit_account_id: pair.from,
        credit_account_id: pair.to,
        amount_minor: this.amount(pair.available / 4n),
      });
    }
    if (transfers.length === 0) return this.malformed(state);
    return this.submit('batch', 'operator', { type: 'ledger.create_transfers', transfers }, false);
  }

  private hold(state: HubState): AgentStep {
    const pair = this.pair(state);
    if (pair === null) return this.malformed(state);
    const command: Command = {
      type: 'ledger.create_transfers',
      transfers: [
        {
          id: this.id('hold'),
          action: 'hold',
          debit_account_id: pair.from,
          credit_account_id: pair.to,
          amount_minor: this.amount(pair.available / 2n),
          timeout_s: this.rng.int(0, 120),
        },
      ],
    };
    return this.submit('hold', 'operator', command, false);
  }

  private resolve(): AgentStep {
    const pending_id = this.holds.length === 0 ? 'no-such-hold' : this.rng.pick(this.holds);
    const post = this.rng.chance(0.7);
    const partial = post && this.rng.chance(0.3);
    const command: Command = {
      type: 'ledger.create_transfers',
      transfers: [
        {
          id: this.id(post ? 'post' : 'void'),
          action: post ? 'post' : 'void',
          pending_id,
          ...(partial ? { amount_minor: 1n } : {}),
        },
      ],
    };
    return this.submit('resolve', 'operator', command, false);
  }

  private retry(): AgentStep {
    if (this.sent.length === 0) return { action: 'retry', submission: null, wire: null };
    const earlier = this.rng.pick(this.sent);
    return { action: 'retry', submission: earlier.submission, wire: null };
  }

  private malformed(_state: HubState): AgentStep {
    const shapes: unknown[] = [
      { type: 'ledger.create_transfers', transfers: [{ id: 'x', amount_minor: -5 }] },
      {
        type: 'ledger.create_transfers',
        transfers: [
          { id: 'has space', debit_account_id: 'a', credit_account_id: 'b', amount_minor: '1' },
        ],
      },
      { type: 'ledger.create_transfers', transfers: [] },
      { type: 'ledger.no_such_command' },
      {
        type: 'ledger.create_transfers',
        transfers: [
          { id: 'x', debit_account_id: 'a', credit_account_id: 'b', amount_minor: '1.5' },
        ],
      },
      { transfers: 'not an array' },
      null,
      'just a string',
    ];
    return { action: 'malformed', submission: null, wire: this.rng.pick(shapes) };
  }

  private submit(
    action: LedgerAction,
    participant: string,
    command: Command,
    keyed: boolean,
  ): AgentStep {
    const submission: Submission = keyed
      ? { participant, command, idempotency_key: this.id('key') }
      : { participant, command };
    return { action, submission, wire: null };
  }
}

/** Whether untrusted wire JSON becomes a command: malformed input must never reach the hub. */
export function admits(wire: unknown): boolean {
  return parseCommand(wire).ok;
}
