/**
 * `hutong demo [--data DIR] [--seed N] [--steps M]`: sets up the demo market (on first run), runs
 * a seeded scenario of payments, holds and settlements through the journaled hub, and prints a
 * summary: balances per participant, the state digest, and where the data lives.
 * @module
 */

import { resolve } from 'node:path';
import type { HubState } from '../hub/index.js';
import { formatMinor } from '../kernel/money.js';
import { Mulberry32 } from '../kernel/random.js';
import { isoTimestamp } from '../kernel/time.js';
import { postedBalance } from '../ledger/index.js';
import { assetScale } from '../reference/index.js';
import { ManualClock } from '../runtime/clock.js';
import { HubNode } from '../runtime/node.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { LedgerAgent } from '../sim/ledger_agent.js';
import { integerOption, parseOptions, withUsage } from './args.js';

export function runDemo(argv: readonly string[]): Promise<number> {
  return withUsage(async () => {
    const values = parseOptions(argv, {
      data: { type: 'string' },
      seed: { type: 'string' },
      steps: { type: 'string' },
    });
    const data_dir = resolve(typeof values.data === 'string' ? values.data : 'data');
    const seed = integerOption(values, 'seed', 2026);
    const steps = integerOption(values, 'steps', 2_000);
    const clock = new ManualClock(DEMO_START_US);
    const node = HubNode.open({ data_dir, clock, snapshot_every_commands: 1_000 });
    for (const notice of node.opened.notices) process.stderr.write(`hutong: recovery: ${notice}\n`);
    clock.set(Math.max(DEMO_START_US, node.hub.now_us));
    const fresh = node.hub.seq === 0;
    if (fresh) for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    const outcome = runScenario(node, clock, seed + node.hub.seq, steps);
    await node.close();
    printSummary(node.hub.state, { data_dir, fresh, seed, ...outcome, digest: node.hub.digest() });
    return 0;
  });
}

function runScenario(
  node: HubNode,
  clock: ManualClock,
  seed: number,
  steps: number,
): { accepted: number; rejected: number } {
  const rng = new Mulberry32(seed);
  const agent = new LedgerAgent(rng.fork());
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < steps; i += 1) {
    clock.advance(rng.int(0, 3_000_000));
    const step = agent.step(node.hub.state);
    if (step.submission === null) continue;
    const s = step.submission;
    const result = node.submit(s.participant, s.command, s.idempotency_key ?? null);
    if (result.status === 'accepted') {
      accepted += 1;
      agent.accepted(step, result.seq);
    } else {
      rejected += 1;
    }
    if (i % 100 === 99) node.commitSync();
  }
  return { accepted, rejected };
}

interface Summary {
  readonly data_dir: string;
  readonly fresh: boolean;
  readonly seed: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly digest: string;
}

function printSummary(state: HubState, summary: Summary): void {
  const out = process.stdout;
  out.write(
    `Hutong demo market: ${summary.fresh ? 'set up from genesis' : 'resumed from the journal'}\n`,
  );
  out.write(
    `scenario (seed ${summary.seed}): ${summary.accepted} commands accepted, ${summary.rejected} rejected with a reason\n`,
  );
  out.write(
    `hub time ${isoTimestamp(state.now_us)}, ${state.seq} commands journaled, ${state.ledger.accounts.size} accounts\n\n`,
  );
  out.write('balances per participant (available accounts):\n');
  const rows = balanceRows(state);
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [owner, text] of rows) out.write(`  ${owner.padEnd(width)}  ${text}\n`);
  out.write(`\ndata:   ${summary.data_dir} (journal.log, snapshots/, projection.sqlite)\n`);
  out.write(`digest: ${summary.digest}\n`);
}

function balanceRows(state: HubState): Array<[string, string]> {
  const by_owner = new Map<string, string[]>();
  for (const account of state.ledger.accounts.values()) {
    if (account.purpose !== 'available') continue;
    const scale = assetScale(state.reference, account.asset);
    const amount = formatMinor(postedBalance(account), scale.ok ? scale.value : 0);
    const list = by_owner.get(account.owner) ?? [];
    list.push(`${account.asset} ${amount}`);
    by_owner.set(account.owner, list);
  }
  return [...by_owner].map(([owner, list]) => [owner, list.join('   ')]);
}
