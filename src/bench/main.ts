#!/usr/bin/env node
/**
 * `npm run bench [-- <name> ...] [--runs N] [--quick]`: runs the named benchmarks (all by
 * default), prints one JSON line per figure as it is measured, then a readable table.
 * @module
 */

import { pathToFileURL } from 'node:url';
import { type BenchFigure, type Benchmark, formatTable } from './harness.js';
import { BENCHMARKS } from './registry.js';

const FLAGS = new Set(['--runs', '--quick', '--help', '-h']);

export function benchUsage(): string {
  const lines = BENCHMARKS.map((b) => `  ${b.name.padEnd(12)} ${b.description}`);
  return [
    'usage: npm run bench [-- <name> ...] [--runs N] [--quick]',
    '  --runs N   timed runs per figure, median reported (default 3)',
    '  --quick    smaller workloads, for a smoke run',
    'benchmarks (all when none is named):',
    ...lines,
    '',
  ].join('\n');
}

/** Runs the benchmarks `argv` names. Returns the exit code: 0, or 2 for a usage error. */
export async function runBench(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(benchUsage());
    return 0;
  }
  const runs_index = argv.indexOf('--runs');
  const runs = runs_index >= 0 ? Number(argv[runs_index + 1]) : 3;
  const names = argv.filter(
    (a, i) => !a.startsWith('-') && !(runs_index >= 0 && i === runs_index + 1),
  );
  const quick = argv.includes('--quick');
  const problem = usageProblem(argv, names, runs);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n${benchUsage()}`);
    return 2;
  }
  const selected: Benchmark[] =
    names.length === 0 ? [...BENCHMARKS] : BENCHMARKS.filter((b) => names.includes(b.name));
  const all: BenchFigure[] = [];
  for (const benchmark of selected) {
    process.stderr.write(`# ${benchmark.name}: ${benchmark.description}\n`);
    const figures = await benchmark.run({ runs, quick });
    for (const f of figures) process.stdout.write(`${JSON.stringify(f)}\n`);
    all.push(...figures);
  }
  process.stdout.write(`\n${formatTable(all)}\n`);
  return 0;
}

function usageProblem(
  argv: readonly string[],
  names: readonly string[],
  runs: number,
): string | undefined {
  const flag = argv.find((a) => a.startsWith('-') && !FLAGS.has(a));
  if (flag !== undefined) return `unknown option: ${flag}`;
  if (!Number.isSafeInteger(runs) || runs < 1)
    return '--runs needs a whole number of runs, 1 or more';
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length === 0) return undefined;
  const known = BENCHMARKS.map((b) => b.name).join(', ');
  return `unknown benchmark: ${unknown.join(', ')} (known: ${known})`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBench(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
