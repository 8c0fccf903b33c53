/**
 * Deterministic simulation: one seed drives the agents, the clock and the faults. After every step
 * the hub's invariants are checked; every rejection is checked to have changed nothing; every
 * crash (before write, after write, after fsync, or a torn last record) is followed by a restart
 * from snapshot + journal whose state must equal a shadow hub fed only the surviving commands.
 * A failure throws SimulationFailure naming the seed and step that reproduce it.
 * @module
 */

import { existsSync, readdirSync } from 'node:fs';
import type { CommandResult, Envelope, HubSnapshot } from '../hub/index.js';
import { Hub, HubInvariantChecker, restoreHub, snapshotHub } from '../hub/index.js';
import { assert } from '../kernel/assert.js';
import { encode } from '../kernel/codec.js';
import { firstDifference } from '../kernel/compare.js';
import { sha256Hex } from '../kernel/digest.js';
import { Mulberry32 } from '../kernel/random.js';
import { ManualClock } from '../runtime/clock.js';
import { HubNode } from '../runtime/node.js';
import {
  type CrashPoint,
  crashJournal,
  type FsyncMode,
  journalLayout,
  KIND_DATA,
  tearJournalTail,
} from '../storage/index.js';
import { DEMO_START_US, genesisSubmissions, type Submission } from './genesis.js';
import { type AgentStep, admits, LedgerAgent } from './ledger_agent.js';

export interface SimulationOptions {
  readonly seed: number;
  readonly steps: number;
  readonly data_dir: string;
  readonly fsync?: FsyncMode;
  readonly crash_probability?: number;
  readonly commit_probability?: number;
  readonly snapshot_every_commands?: number;
  /** Check invariants and unchanged-on-rejection every N steps (1 = every step). */
  readonly check_every?: number;
  /**
   * Check every invariant from scratch every N steps (default 100); the checks in between cover
   * what each step changed. Restarts and the end are always checked in full.
   */
  readonly full_check_every?: number;
  readonly projection?: boolean;
  readonly on_progress?: (report: SimulationReport) => void;
}

export interface SimulationReport {
  seed: number;
  steps: number;
  accepted: number;
  rejected: number;
  retries: number;
  malformed_refused: number;
  crashes: number;
  torn_tails: number;
  lost_uncommitted: number;
  final_seq: number;
  digest: string;
}

export class DataDirectoryNotEmpty extends Error {
  override readonly name = 'DataDirectoryNotEmpty';
  constructor(readonly data_dir: string) {
    super(`data directory ${data_dir} is not empty: a simulation starts from genesis`);
  }
}

export class SimulationFailure extends Error {
  override readonly name = 'SimulationFailure';
  constructor(
    readonly seed: number,
    readonly step: number,
    override readonly cause: unknown,
  ) {
    super(
      `simulation failed at step ${step}; reproduce with --seed ${seed}: ${(cause as Error)?.message ?? String(cause)}`,
    );
  }
}

/**
 * A digest of what a rejection must not change: everything but the command counter and clock.
 * Completed transfers are immutable and only ever appended, so their count and the newest id
 * stand in for the whole list (which keeps the check cheap enough to run after every step).
 */
export function contentDigest(hub: Hub): string {
  return sha256Hex(contentText(hub));
}

/** The encoded content contentDigest hashes. */
export function contentText(hub: Hub): string {
  return encode(contentSnapshot(hub));
}

/** What a rejection must not change, as a value: the snapshot contentDigest encodes. */
export function contentSnapshot(hub: Hub): unknown {
  return { ...snapshotHub(hub.state, 'summary'), seq: 0, now_us: 0 };
}

/**
 * Where the content of two hubs first differs (a path into the snapshot), or undefined when
 * `contentText` would be equal for both: a structural comparison that stops at the first
 * difference, instead of encoding two whole states and comparing the texts.
 */
export function contentDifference(a: Hub, b: Hub): string | undefined {
  return firstDifference(contentSnapshot(a), contentSnapshot(b));
}

class Simulation {
  readonly rng: Mulberry32;
  readonly clock = new ManualClock(DEMO_START_US);
  readonly agent: LedgerAgent;
  readonly envelopes: Envelope[] = [];
  readonly shadow = new Hub();
  /**
   * A hub kept one command behind the node: it has applied everything the node has, except the
   * command being submitted. When the node rejects that command, the mirror is the state the
   * rejection must have left unchanged, so only rejected steps pay for a whole-state comparison.
   */
  mirror: Hub = new Hub();
  node: HubNode;
  /** Checks the node's hub: in full when attached (so at every restart), else what changed. */
  checker: HubInvariantChecker;
  readonly report: SimulationReport;

  constructor(readonly options: SimulationOptions) {
    this.rng = new Mulberry32(options.seed);
    this.agent = new LedgerAgent(this.rng.fork());
    this.node = this.open();
    this.checker = new HubInvariantChecker(this.node.hub.state);
    this.report = {
      seed: options.seed,
      steps: 0,
      accepted: 0,
      rejected: 0,
      retries: 0,
      malformed_refused: 0,
      crashes: 0,
      torn_tails: 0,
      lost_uncommitted: 0,
      final_seq: 0,
      digest: '',
    };
  }

  open(): HubNode {
    return HubNode.open({
      data_dir: this.options.data_dir,
      clock: this.clock,
      fsync: this.options.fsync ?? 'never',
      snapshot_every_commands: this.options.snapshot_every_commands ?? 250,
      projection: this.options.projection ?? true,
    });
  }

  submit(submission: Submission): CommandResult {
    const result = this.node.submit(
      submission.participant,
      submission.command,
      submission.idempotency_key ?? null,
    );
    assert(result.seq !== 0, 'journal buffer full in simulation');
    const envelope = this.node.last_envelope;
    assert(envelope !== null && envelope.seq === result.seq, 'node lost its last envelope');
    this.envelopes.push(envelope);
    return result;
  }

  /** Brings the mirror level with the node (it applies what the node has journaled since). */
  levelMirror(): void {
    for (let i = this.mirror.seq; i < this.envelopes.length; i += 1)
      this.mirror.apply(this.envelopes[i] as Envelope);
  }

  genesis(): void {
    for (const s of genesisSubmissions()) {
      const result = this.submit(s);
      assert(result.status === 'accepted', `genesis rejected: ${result.rejection?.code}`);
    }
    this.node.commitSync();
    this.checker.full();
  }

  step(index: number): void {
    this.clock.advance(
      this.rng.chance(0.05) ? this.rng.int(0, 120_000_000) : this.rng.int(0, 2_000_000),
    );
    if (this.rng.chance(this.options.crash_probability ?? 0.01)) {
      this.crashAndRestart();
      return;
    }
    const checking = index % (this.options.check_every ?? 1) === 0;
    this.agentStep(this.agent.step(this.node.hub.state), checking);
    if (this.rng.chance(this.options.commit_probability ?? 0.3)) this.node.commitSync();
    if (checking) {
      if (index % Math.max(1, this.options.full_check_every ?? 100) === 0) this.checker.full();
      else this.checker.check();
    }
  }

  agentStep(step: AgentStep, checking: boolean): void {
    if (step.action === 'malformed') {
      assert(!admits(step.wire), `malformed input was admitted: ${JSON.stringify(step.wire)}`);
      this.report.malformed_refused += 1;
      return;
    }
    if (step.submission === null) return;
    // Let time pass first, so a rejection's effect can be compared with nothing but the counter.
    this.submit({ participant: 'operator', command: { type: 'hub.tick' } });
    if (checking) this.levelMirror();
    const result = this.submit(step.submission);
    if (step.action === 'retry') this.checkRetry(result);
    if (result.status === 'accepted') {
      this.report.accepted += 1;
      this.agent.accepted(step, result.seq);
      return;
    }
    this.report.rejected += 1;
    assert(
      result.rejection !== null && /^[A-Z][A-Z0-9_]+$/.test(result.rejection.code),
      'rejection without a stable code',
    );
    assert(result.events.length === 0, 'a rejected command emitted events');
    if (checking) {
      const changed = contentDifference(this.node.hub, this.mirror);
      assert(
        changed === undefined,
        `rejection ${result.rejection.code} changed state (first difference at ${changed})`,
      );
    }
  }

  checkRetry(result: CommandResult): void {
    this.report.retries += 1;
    assert(result.status === 'accepted', `retry rejected: ${result.rejection?.code}`);
    const moved = result.events.some(
      (e) => e.type === 'transfer_created' || e.type === 'transfer_batch_created',
    );
    assert(!moved, 'a retry moved money twice');
  }

  crashAndRestart(): void {
    const journal = this.node.journal;
    const committed = journal.committed_seq;
    const appended = journal.last_seq;
    const points: Array<CrashPoint | 'torn'> = [
      'before_write',
      'after_write',
      'after_fsync',
      'torn',
    ];
    const point = this.rng.pick(points);
    crashJournal(journal, point === 'torn' ? 'after_write' : point);
    this.node.projection?.close();
    if (point === 'torn' && appended > committed) this.tear(journal.path);
    this.report.crashes += 1;
    this.node = this.open();
    this.checker = new HubInvariantChecker(this.node.hub.state);
    const survived = this.node.hub.seq;
    assert(survived >= committed, `restart lost committed commands: ${survived} < ${committed}`);
    assert(survived <= appended, 'restart invented commands');
    this.report.lost_uncommitted += appended - survived;
    this.envelopes.length = survived;
    this.agent.forgetAfter(survived);
    const verified = this.catchUpShadow();
    // The mirror may hold commands the crash lost; restart it from the verified shadow's state.
    this.mirror = new Hub(restoreHub(verified));
  }

  tear(path: string): void {
    const last = journalLayout(path)
      .filter((r) => r.kind === KIND_DATA)
      .at(-1);
    if (last === undefined) return;
    tearJournalTail(path, this.rng.int(0, last.bytes - 1));
    this.report.torn_tails += 1;
  }

  /**
   * Feeds the shadow the surviving commands it has not seen, then compares whole states: every
   * field of both snapshots, as equal digests would, but stopping at (and naming) the first
   * difference instead of encoding and hashing both states.
   */
  catchUpShadow(): HubSnapshot {
    for (let i = this.shadow.seq; i < this.envelopes.length; i += 1)
      this.shadow.apply(this.envelopes[i] as Envelope);
    const shadow = snapshotHub(this.shadow.state);
    const differs = firstDifference(shadow, snapshotHub(this.node.hub.state));
    assert(
      differs === undefined,
      `restarted state differs from the shadow (first difference at ${differs})`,
    );
    return shadow;
  }

  finish(): SimulationReport {
    this.node.commitSync();
    this.catchUpShadow();
    this.checker.full();
    const digest = this.node.hub.digest();
    const restored = new Hub(restoreHub(snapshotHub(this.node.hub.state)));
    assert(restored.digest() === digest, 'snapshot round trip changed the state');
    this.node.closeSync();
    this.report.final_seq = this.shadow.seq;
    this.report.digest = digest;
    return this.report;
  }
}

export function simulate(options: SimulationOptions): SimulationReport {
  if (existsSync(options.data_dir) && readdirSync(options.data_dir).length > 0) {
    throw new DataDirectoryNotEmpty(options.data_dir);
  }
  const simulation = new Simulation(options);
  let step = 0;
  try {
    simulation.genesis();
    for (step = 1; step <= options.steps; step += 1) {
      simulation.step(step);
      simulation.report.steps = step;
      if (step % 1_000 === 0) options.on_progress?.(simulation.report);
    }
    return simulation.finish();
  } catch (error) {
    try {
      simulation.node.closeSync();
    } catch {
      // The node may be the thing that failed; the seed is what matters now.
    }
    throw new SimulationFailure(options.seed, step, error);
  }
}
