/**
 * Runs a market simulator inside the server at a gentle, adjustable pace: every `tick_ms` it asks
 * the simulator for its next steps, submits them through the engine like any client's commands,
 * and waits for their group commit before the next tick (so a slow disk slows the simulator, not
 * the other way round). Operators start, stop and set the speed through the API and the console.
 *
 * The simulator is anything with `step(state, now_us)`: `hutong start` runs the seeded market
 * agents of src/sim/market (market makers and investors on both sides of the links).
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Clock } from '../../runtime/index.js';
import type { Submission } from '../../sim/genesis.js';
import { type Engine, HubHaltedError } from './engine.js';

export interface MarketSimulator {
  /** The next commands of the simulated participants, given the state and hub time. */
  step(state: HubState, now_us: number): readonly Submission[];
  /** Told each submission's result (agents that react to what happened, e.g. `--abuse`). */
  observe?(submission: Submission, result: CommandResult, now_us: number): void;
}

export type SimulatorFactory = (seed: number) => MarketSimulator;

/**
 * `tick_ms`: 20 ms, so at the demo's 50 steps a second each step sees its own moment (1.8 s of
 * trading on the compressed demo clock) and agents that act within seconds (a spoof pulled after
 * a fill) are stamped as they acted.
 */
export const SIM_LIMITS = { steps_per_second_max: 20_000, tick_ms: 20 } as const;

export interface SimStatus {
  readonly running: boolean;
  readonly steps_per_second: number;
  readonly steps: number;
  readonly accepted: number;
  readonly rejected: number;
  /** The most frequent rejection codes so far (the simulator is allowed to be refused). */
  readonly rejections: Readonly<Record<string, number>>;
}

export class SimDriver {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private carry = 0;
  private steps = 0;
  private accepted = 0;
  private rejected = 0;
  private readonly rejections = new Map<string, number>();

  constructor(
    private readonly engine: Engine,
    private readonly simulator: MarketSimulator,
    private readonly clock: Clock,
    private steps_per_second: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.tick(), SIM_LIMITS.tick_ms);
    this.timer.unref();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  setSpeed(steps_per_second: number): void {
    this.steps_per_second = Math.max(
      0,
      Math.min(SIM_LIMITS.steps_per_second_max, Math.floor(steps_per_second)),
    );
  }

  status(): SimStatus {
    const top = [...this.rejections].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return {
      running: this.running,
      steps_per_second: this.steps_per_second,
      steps: this.steps,
      accepted: this.accepted,
      rejected: this.rejected,
      rejections: Object.fromEntries(top.slice(0, 8)),
    };
  }

  /** Runs `count` steps now (the tick's work; also for tests). */
  runSteps(count: number): void {
    for (let i = 0; i < count && this.engine.halted === null; i += 1) {
      this.steps += 1;
      const state = this.engine.state;
      const now_us = this.clock.now_us();
      for (const s of this.simulator.step(state, now_us)) {
        const result = this.engine.submit(s.participant, s.command, s.idempotency_key ?? null);
        if (result.seq === 0) return; // the journal buffer is full: wait for the commit
        this.simulator.observe?.(s, result, now_us);
        if (result.status === 'accepted') {
          this.accepted += 1;
        } else {
          this.rejected += 1;
          const code = result.rejection?.code ?? 'UNKNOWN';
          this.rejections.set(code, (this.rejections.get(code) ?? 0) + 1);
        }
      }
    }
  }

  private tick(): void {
    if (!this.running || this.busy || this.engine.halted !== null) return;
    this.carry += (this.steps_per_second * SIM_LIMITS.tick_ms) / 1_000;
    const count = Math.floor(this.carry);
    this.carry -= count;
    if (count === 0) return;
    this.busy = true;
    try {
      this.runSteps(count);
    } catch (error) {
      this.busy = false;
      this.stop();
      if (error instanceof HubHaltedError) return; // on_fatal has been told already
      throw error;
    }
    this.engine.committed().then(
      () => {
        this.busy = false;
      },
      () => {
        this.busy = false;
        this.stop(); // the engine halted; it has already reported why
      },
    );
  }
}
