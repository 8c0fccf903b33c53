/**
 * Every benchmark, by name. Add yours here.
 * @module
 */

import { BONDS_BENCHMARK } from './bonds/bench.js';
import { CLUSTER_BENCHMARK } from './cluster/bench.js';
import { CONNECT_BENCHMARK } from './connect.js';
import { DEMO_BENCHMARK } from './demo.js';
import { FINANCING_BENCHMARK } from './financing/bench.js';
import type { Benchmark } from './harness.js';
import { LEDGER_BENCHMARK } from './ledger.js';
import { book } from './market/bench.js';
import { ORDERS_BENCHMARK } from './orders/bench.js';
import { PAYMENTS_BENCHMARK } from './payments/bench.js';
import { settlement } from './posttrade/bench.js';
import { PROJECTION_BENCHMARK } from './projection/bench.js';
import { RISK_BENCHMARK } from './risk/bench.js';
import { RULES_BENCHMARK } from './rules/bench.js';
import { journalBenchmark } from './storage/journal.js';
import { API_SNAPSHOT_BENCHMARK, API_WITH_SNAPSHOT_BENCHMARK } from './storage/snapshot_pause.js';
import { surveillanceBenchmark } from './surveillance/bench.js';

export const BENCHMARKS: readonly Benchmark[] = [
  LEDGER_BENCHMARK,
  journalBenchmark,
  book,
  RULES_BENCHMARK,
  CONNECT_BENCHMARK,
  API_WITH_SNAPSHOT_BENCHMARK,
  API_SNAPSHOT_BENCHMARK,
  surveillanceBenchmark,
  settlement,
  DEMO_BENCHMARK,
  BONDS_BENCHMARK,
  FINANCING_BENCHMARK,
  PAYMENTS_BENCHMARK,
  RISK_BENCHMARK,
  ORDERS_BENCHMARK,
  CLUSTER_BENCHMARK,
  PROJECTION_BENCHMARK,
];
