/**
 * `hutong simulate --seed N --steps M [--data DIR]`
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulationFailure, simulate } from '../sim/simulate.js';
import { integerOption, parseOptions, withUsage } from './args.js';

export function runSimulate(argv: readonly string[]): Promise<number> {
  return withUsage(() => {
    const values = parseOptions(argv, {
      seed: { type: 'string' },
      steps: { type: 'string' },
      data: { type: 'string' },
      'crash-probability': { type: 'string' },
      'check-every': { type: 'string' },
    });
    const seed = integerOption(values, 'seed');
    const steps = integerOption(values, 'steps');
    const crash_probability =
      values['crash-probability'] === undefined ? 0.01 : Number(values['crash-probability']);
    const temporary =
      values.data === undefined ? mkdtempSync(join(tmpdir(), 'hutong-simulate-')) : null;
    const data_dir =
      typeof values.data === 'string' ? values.data : join(temporary as string, 'data');
    process.stdout.write(`simulate: seed ${seed}, ${steps} steps, data in ${data_dir}\n`);
    try {
      const report = simulate({
        seed,
        steps,
        data_dir,
        crash_probability,
        check_every: integerOption(values, 'check-every', 1),
        on_progress: (r) =>
          process.stdout.write(
            `  step ${r.steps}/${steps}: ${r.accepted} accepted, ${r.rejected} rejected, ${r.crashes} crashes\n`,
          ),
      });
      process.stdout.write(
        `done: ${report.steps} steps, ${report.accepted} accepted, ${report.rejected} rejected, ${report.retries} retries, ` +
          `${report.malformed_refused} malformed refused, ${report.crashes} crashes (${report.torn_tails} torn writes, ` +
          `${report.lost_uncommitted} uncommitted commands lost), final seq ${report.final_seq}\n`,
      );
      process.stdout.write(`digest: ${report.digest}\n`);
      return 0;
    } catch (error) {
      if (error instanceof SimulationFailure) {
        process.stderr.write(`${error.message}\n${(error.cause as Error)?.stack ?? ''}\n`);
        return 1;
      }
      throw error;
    } finally {
      if (temporary !== null) rmSync(temporary, { recursive: true, force: true });
    }
  });
}
