/**
 * `hutong simulate --seed N --steps M [--data DIR]`
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryNotEmpty, SimulationFailure, simulate } from '../sim/simulate.js';
import {
  CliError,
  type CommandSpec,
  integerOption,
  parseOptions,
  probabilityOption,
  withUsage,
} from './args.js';
import { Progress } from './progress.js';

export const SIMULATE_COMMAND: CommandSpec = {
  name: 'simulate',
  summary:
    'Deterministic simulation: one seed drives agents, clock and faults (crashes at every point\n' +
    'of a write, torn records). Invariants are checked as it runs; every restart must equal a\n' +
    'shadow hub fed the surviving commands. A failure names the seed and step that reproduce it.',
  options: {
    seed: { type: 'string', value: 'N', help: 'the seed (required)' },
    steps: { type: 'string', value: 'M', help: 'agent steps to run (required)' },
    data: {
      type: 'string',
      value: 'DIR',
      help: 'an empty directory to keep (default: a temporary one, removed)',
    },
    'crash-probability': {
      type: 'string',
      value: 'P',
      help: 'chance of a crash per step, 0 to 1 (default 0.01)',
    },
    'check-every': {
      type: 'string',
      value: 'N',
      help: 'invariant and unchanged-on-rejection checks every N steps (default 1)',
    },
    'full-check-every': {
      type: 'string',
      value: 'N',
      help: 'invariants checked from scratch every N steps; in between, what each step changed (default 100)',
    },
  },
  notes: ['example: hutong simulate --seed 7 --steps 20000'],
};

export function runSimulate(argv: readonly string[]): Promise<number> {
  return withUsage(SIMULATE_COMMAND, () => {
    const values = parseOptions(argv, SIMULATE_COMMAND);
    const seed = integerOption(values, 'seed');
    const steps = integerOption(values, 'steps');
    const crash_probability = probabilityOption(values, 'crash-probability', 0.01);
    const temporary =
      values.data === undefined ? mkdtempSync(join(tmpdir(), 'hutong-simulate-')) : null;
    const data_dir =
      typeof values.data === 'string' ? values.data : join(temporary as string, 'data');
    process.stdout.write(`simulate: seed ${seed}, ${steps} steps, data in ${data_dir}\n`);
    const progress = new Progress(steps);
    try {
      const report = simulate({
        seed,
        steps,
        data_dir,
        crash_probability,
        check_every: integerOption(values, 'check-every', 1),
        full_check_every: integerOption(values, 'full-check-every', 100),
        on_progress: (r) =>
          process.stdout.write(
            `  ${progress.line(r.steps)}: ${r.accepted} accepted, ${r.rejected} rejected, ${r.crashes} crashes\n`,
          ),
      });
      process.stdout.write(
        `done: ${report.steps} steps, ${report.accepted} accepted, ${report.rejected} rejected, ${report.retries} retries, ` +
          `${report.malformed_refused} malformed refused, ${report.crashes} crashes (${report.torn_tails} torn writes, ` +
          `${report.lost_uncommitted} uncommitted commands lost), final seq ${report.final_seq}\n`,
      );
      process.stdout.write(
        `invariants held at every checked step, every rejection left the state unchanged, every restart matched its shadow (${progress.elapsedText()})\n`,
      );
      process.stdout.write(`digest: ${report.digest}\n`);
      return 0;
    } catch (error) {
      if (error instanceof SimulationFailure) {
        process.stderr.write(`${error.message}\n${(error.cause as Error)?.stack ?? ''}\n`);
        return 1;
      }
      if (error instanceof DataDirectoryNotEmpty) throw new CliError(error.message);
      throw error;
    } finally {
      if (temporary !== null) rmSync(temporary, { recursive: true, force: true });
    }
  });
}
