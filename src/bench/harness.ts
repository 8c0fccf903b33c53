/**
 * The benchmark harness: every benchmark reports medians in one JSON line per figure, next to the
 * peer a user would otherwise pick, measured in the same run.
 *
 * Line format (stable, parsed by scripts):
 * `{"bench":…,"metric":…,"value":…,"unit":…,"peer":…,"peer_value":…,"ratio":…}`
 * `ratio` is ours over the peer's for rates (higher is better) and peer over ours for costs
 * (latency, bytes), so a ratio above 1 always means Hutong is ahead.
 * @module
 */

export interface BenchFigure {
  readonly bench: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly peer: string | null;
  readonly peer_value: number | null;
  /** Ours over peer for rates, peer over ours for costs; null when there is no peer figure. */
  readonly ratio: number | null;
  /** Free-form context: runs, profile, skipped-peer reason. */
  readonly note?: string;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(options: BenchOptions): Promise<readonly BenchFigure[]>;
}

export interface BenchOptions {
  /** Repetitions per measurement; the reported figure is the median. */
  readonly runs: number;
  /** Smaller workloads for a quick look (`--quick`); figures are then not comparable. */
  readonly quick: boolean;
  /** Seconds of load for a sustained figure (`--duration`); null for the benchmark's default. */
  readonly duration_s: number | null;
}

export type Direction = 'higher_is_better' | 'lower_is_better';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function percentile(sorted: Float64Array | readonly number[], fraction: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function figure(
  fields: Omit<BenchFigure, 'ratio'> & { direction?: Direction },
): BenchFigure {
  const { direction = 'higher_is_better', ...rest } = fields;
  let ratio: number | null = null;
  if (rest.peer_value !== null && rest.peer_value > 0 && rest.value > 0) {
    ratio =
      direction === 'higher_is_better'
        ? rest.value / rest.peer_value
        : rest.peer_value / rest.value;
    ratio = Math.round(ratio * 100) / 100;
  }
  return { ...rest, ratio };
}

export function formatTable(figures: readonly BenchFigure[]): string {
  const header = ['bench', 'metric', 'value', 'unit', 'peer', 'peer value', 'ratio'];
  const rows = figures.map((f) => [
    f.bench,
    f.metric,
    formatNumber(f.value),
    f.unit,
    f.peer ?? '-',
    f.peer_value === null ? '-' : formatNumber(f.peer_value),
    f.ratio === null ? '-' : `${f.ratio}×`,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}
