/**
 * Progress of a long run for a person watching: steps done, rate and time left. Reads the wall
 * clock, which is fine here: the CLI is outside the deterministic core.
 * @module
 */

import { performance } from 'node:perf_hooks';

export class Progress {
  private readonly started_ms = performance.now();

  constructor(private readonly total: number) {}

  /** "step 4000/20000 (20 %), 612 steps/s, about 26 s left" */
  line(done: number): string {
    const elapsed_s = this.elapsed_s();
    const rate = elapsed_s > 0 ? done / elapsed_s : 0;
    const left_s = rate > 0 ? (this.total - done) / rate : Number.NaN;
    const percent = this.total > 0 ? Math.floor((done * 100) / this.total) : 100;
    return `step ${done}/${this.total} (${percent} %), ${Math.round(rate)} steps/s, ${durationText(left_s)} left`;
  }

  elapsedText(): string {
    return `${durationText(this.elapsed_s())}`;
  }

  private elapsed_s(): number {
    return (performance.now() - this.started_ms) / 1_000;
  }
}

export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown time';
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
