/**
 * Preloaded into the hub process by the snapshot-pause benchmark (`node --import`): measures the
 * event loop's delay with `perf_hooks.monitorEventLoopDelay`. On SIGUSR2 it prints one line to
 * stderr, `loop_probe {"p99_ms":…,"max_ms":…,"mean_ms":…,"samples":…}`, and starts a new window.
 * Not part of the product: only the benchmark loads it.
 * @module
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

process.on('SIGUSR2', () => {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const window = {
    p99_ms: ms(histogram.percentile(99)),
    max_ms: ms(histogram.max),
    mean_ms: ms(histogram.mean),
    samples: histogram.count,
  };
  process.stderr.write(`loop_probe ${JSON.stringify(window)}\n`);
  histogram.reset();
});
