/**
 * The orders benchmark's hub path figure alone (`measureJournaled`), for profiling and quick A/B
 * runs without the HTTP, FIX and book figures. Build first.
 * Usage: `node --max-semi-space-size=64 dist/bench/orders/hub_path_cli.js [ORDERS] [RUNS]`
 * (500000, 3); add `--cpu-prof --cpu-prof-dir=DIR` before the script for a profile, then
 * `node scripts/cpuprofile-summary.mjs DIR`. One JSON line a run: orders/s, and the process CPU
 * per order over the whole run (set-up included: comparable between builds, not an absolute).
 * @module
 */

import { measureJournaled } from './journaled.js';

const [orders = '500000', runs = '3'] = process.argv.slice(2);
const count = Number(orders);
for (let run = 0; run < Number(runs); run += 1) {
  const cpu = process.cpuUsage();
  const result = await measureJournaled(count);
  const used = process.cpuUsage(cpu);
  const cpu_us_per_order = Math.round(((used.user + used.system) / count) * 100) / 100;
  const line = { orders: count, orders_per_s: Math.round(result.orders_per_s), cpu_us_per_order };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
