/**
 * A batch being folded (pg_batch.ts) a chunk of results per event-loop turn, from the moment the
 * writer is handed it: while the batch before it is still being written, and then while its own
 * event lines go to the server (`streamTo`), so that folding and the server's inserting overlap.
 * @module
 */

import { setImmediate } from 'node:timers/promises';
import { PgBatch } from './pg_batch.js';
import type { CopyIn } from './pg_copy.js';
import type { ProjectionBatch } from './types.js';

/**
 * Results folded per turn: small enough that the statements of the batch being written get
 * their turns between chunks, large enough that the turns cost little.
 */
const RESULTS_PER_CHUNK = 64;

export class Folding {
  readonly batch = new PgBatch();
  /** Resolves when every result is folded (rejects if folding fails). */
  readonly finished: Promise<void>;
  private sink: CopyIn | null = null;
  private held: string[] = [];

  /** Starts folding `results[from…]` at once, a chunk per turn. */
  constructor(
    private readonly results: ProjectionBatch,
    private readonly from: number,
  ) {
    this.finished = this.run();
    // Awaited by the writer when it gets there; a batch refused before (a gap) never is.
    this.finished.catch(() => undefined);
  }

  /** From now on the event lines go to `copy`, those already made first. */
  streamTo(copy: CopyIn): void {
    for (const lines of this.held) copy.write(lines);
    this.held = [];
    this.sink = copy;
  }

  private async run(): Promise<void> {
    for (let i = this.from; i < this.results.length; i += 1) {
      const [envelope, result] = this.results[i] as (typeof this.results)[number];
      this.batch.add(envelope, result);
      if ((i - this.from + 1) % RESULTS_PER_CHUNK !== 0) continue;
      this.flush();
      await setImmediate();
    }
    this.flush();
  }

  private flush(): void {
    const lines = this.batch.takeEventLines();
    if (this.sink === null) this.held.push(lines);
    else this.sink.write(lines);
  }
}
