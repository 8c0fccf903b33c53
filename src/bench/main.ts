#!/usr/bin/env node
/**
 * `npm run bench [-- <name> ...] [--runs N] [--quick]`: runs the named benchmarks (all by
 * default), prints one JSON line per figure as it is measured, then a readable table.
 * @module
 */

import { pathToFileURL } from 'node:url';
import { type BenchFigure, type Benchmark, formatTable } from './harness.js';
import { BENCHMARKS } from './registry.js';

export async function runBench(argv: readonly string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const runs_index = argv.indexOf('--runs');
  const runs = runs_index >= 0 ? Number(argv[runs_index + 1]) : 3;
  const quick = argv.includes('--quick');
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    const known = BENCHMARKS.map((b) => b.name).join(', ');
    process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (known: ${known})\n`);
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
