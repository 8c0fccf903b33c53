#!/usr/bin/env node
/**
 * `npm run bench [-- <name> ...] [--runs N] [--quick] [--duration S]`: runs the named benchmarks (all by
 * default), prints one JSON line per figure as it is measured, then a readable table.
 * @module
 */

import { pathToFileURL } from 'node:url';
import { type BenchFigure, type Benchmark, formatTable } from './harness.js';
import { BENCHMARKS } from './registry.js';

const FLAGS = new Set(['--runs', '--quick', '--duration', '--help', '-h']);

export function benchUsage(): string {
  const lines = BENCHMARKS.map((b) => `  ${b.name.padEnd(12)} ${b.description}`);
  return [
    'usage: npm run bench [-- <name> ...] [--runs N] [--quick] [--duration S]',
    '  --runs N       timed runs per figure, median reported (default 3)',
    '  --quick        smaller workloads, for a smoke run',
    '  --duration S   seconds of load for the sustained figures (payments: 600, 20 with --quick)',
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
  const runs = numberAfter(argv, '--runs') ?? 3;
  const duration_s = numberAfter(argv, '--duration');
  const values = new Set(
    ['--runs', '--duration'].map((f) => argv.indexOf(f) + 1).filter((i) => i > 0),
  );
  const names = argv.filter((a, i) => !a.startsWith('-') && !values.has(i));
  const quick = argv.includes('--quick');
  const problem = usageProblem(argv, names, runs) ?? durationProblem(duration_s);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n${benchUsage()}`);
    return 2;
  }
  const selected: Benchmark[] =
    names.length === 0 ? [...BENCHMARKS] : BENCHMARKS.filter((b) => names.includes(b.name));
  const all: BenchFigure[] = [];
  for (const benchmark of selected) {
    process.stderr.write(`# ${benchmark.name}: ${benchmark.description}\n`);
    const figures = await benchmark.run({ runs, quick, duration_s: duration_s ?? null });
    for (const f of figures) process.stdout.write(`${JSON.stringify(f)}\n`);
    all.push(...figures);
  }
  process.stdout.write(`\n${formatTable(all)}\n`);
  return 0;
}

/** The number after `flag`, NaN when it is missing or not a number, undefined without the flag. */
function numberAfter(argv: readonly string[], flag: string): number | undefined {
  const index = argv.indexOf(flag);
  return index < 0 ? undefined : Number(argv[index + 1]);
}

function durationProblem(duration_s: number | undefined): string | undefined {
  if (duration_s === undefined || (Number.isSafeInteger(duration_s) && duration_s >= 5))
    return undefined;
  return '--duration needs a whole number of seconds, 5 or more';
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
