/**
 * The gateway's one door into the hub. Every command (HTTP, WebSocket, the simulator, the idle
 * ticker) is submitted here, synchronously, and its result is held until the journal makes it
 * durable. Commits are pipelined: `committed()` asks for a group commit on the next turn of the
 * event loop, so every request handled in the same turn shares one fdatasync, and a commit asked
 * for while another is in flight forms the next group. After a group is durable its results go to
 * the listeners (projection is fed by the node; streams and order views by the listeners) in
 * sequence order, and only then are the waiting requests answered.
 *
 * A throw from the hub or the journal is a bug or a failed disk: the engine halts (every later
 * submit is refused with HubHaltedError), nothing more is committed, and `on_fatal` is told so the
 * process can stop loudly. Nothing is swallowed.
 * @module
 */

import type { Command, CommandResult } from '../../hub/index.js';
import type { HubNode } from '../../runtime/index.js';

export interface Committed {
  readonly participant: string;
  readonly timestamp_us: number;
  readonly result: CommandResult;
}

export interface EngineListener {
  /** Called when a group starts to commit; the hub state is then exactly at the group's end. */
  commitStarted?(batch: readonly Committed[]): void;
  /** Called once the group is durable, in order. */
  committed(batch: readonly Committed[]): void;
}

export class HubHaltedError extends Error {
  override readonly name = 'HubHaltedError';
  constructor(override readonly cause: unknown) {
    super(`The hub has halted after a fatal error: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface EngineStats {
  submitted: number;
  commits: number;
  committed_commands: number;
  /** Time from asking the node to commit a group to the group being durable, summed. */
  commit_ms_total: number;
  largest_group: number;
  last_submit_ms: number;
}

export class Engine {
  private unpublished: Committed[] = [];
  private scheduled: Deferred | null = null;
  private in_flight = 0;
  private idle_waiters: Array<() => void> = [];
  private readonly listeners: EngineListener[] = [];
  halted: HubHaltedError | null = null;
  readonly stats: EngineStats = {
    submitted: 0,
    commits: 0,
    committed_commands: 0,
    commit_ms_total: 0,
    largest_group: 0,
    last_submit_ms: 0,
  };

  constructor(
    readonly node: HubNode,
    private readonly on_fatal: (error: unknown) => void,
  ) {}

  addListener(listener: EngineListener): void {
    this.listeners.push(listener);
  }

  get state() {
    return this.node.hub.state;
  }

  /**
   * Applies a command now. The result may be shown to anyone only after `committed()` resolves.
   * A result with seq 0 was not sequenced (the journal buffer was full): nothing happened.
   */
  submit(participant: string, command: Command, idempotency_key: string | null): CommandResult {
    if (this.halted !== null) throw this.halted;
    let result: CommandResult;
    try {
      result = this.node.submit(participant, command, idempotency_key);
    } catch (error) {
      throw this.halt(error);
    }
    this.stats.submitted += 1;
    this.stats.last_submit_ms = Date.now();
    if (result.seq === 0) return result;
    const timestamp_us = this.node.last_envelope?.timestamp_us ?? this.node.hub.now_us;
    this.unpublished.push({ participant, timestamp_us, result });
    return result;
  }

  /** Resolves when everything submitted so far is durable and published. */
  committed(): Promise<void> {
    if (this.halted !== null) return Promise.reject(this.halted);
    if (this.scheduled === null) {
      const next = deferred();
      this.scheduled = next;
      setImmediate(() => this.startCommit(next));
    }
    return this.scheduled.promise;
  }

  /** Resolves when no commit is scheduled or in flight. */
  async idle(): Promise<void> {
    if (this.unpublished.length > 0) await this.committed();
    if (this.in_flight === 0 && this.scheduled === null) return;
    await new Promise<void>((resolve) => this.idle_waiters.push(resolve));
    return this.idle();
  }

  private startCommit(done: Deferred): void {
    this.scheduled = null;
    if (this.halted !== null) {
      done.reject(this.halted);
      return;
    }
    const batch = this.unpublished;
    this.unpublished = [];
    for (const listener of this.listeners) listener.commitStarted?.(batch);
    this.in_flight += 1;
    const started_ms = performance.now();
    this.node.commit().then(
      () => {
        this.stats.commit_ms_total += performance.now() - started_ms;
        this.finishCommit(batch, done);
      },
      (error: unknown) => {
        this.in_flight -= 1;
        done.reject(this.halt(error));
        this.wakeIdle();
      },
    );
  }

  private finishCommit(batch: readonly Committed[], done: Deferred): void {
    this.in_flight -= 1;
    this.stats.commits += 1;
    this.stats.committed_commands += batch.length;
    this.stats.largest_group = Math.max(this.stats.largest_group, batch.length);
    try {
      for (const listener of this.listeners) listener.committed(batch);
    } catch (error) {
      // A reader that cannot follow the hub would show wrong data from now on: stop loudly.
      this.halt(error);
    } finally {
      done.resolve();
      this.wakeIdle();
    }
  }

  private wakeIdle(): void {
    if (this.in_flight > 0 || this.scheduled !== null) return;
    const waiters = this.idle_waiters;
    this.idle_waiters = [];
    for (const wake of waiters) wake();
  }

  private halt(error: unknown): HubHaltedError {
    if (this.halted === null) {
      this.halted = new HubHaltedError(error);
      this.on_fatal(error);
    }
    return this.halted;
  }
}
