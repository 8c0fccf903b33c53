/**
 * `hutong demo [--data DIR] [--seed N] [--steps M]`: sets up the demo market (on first run), runs
 * a seeded scenario of payments, holds and settlements through the journaled hub, and prints a
 * summary: balances per participant, the state digest, and where the data lives.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
import {
  type CommandSpec,
  integerOption,
  type OptionValues,
  parseOptions,
  withUsage,
} from './args.js';

export const DEMO_COMMAND: CommandSpec = {
  name: 'demo',
  summary:
    'Set up the demo market, run a seeded scenario of payments, holds and settlements through the\n' +
    'journaled hub, and print a summary. By default it works in a temporary directory that it\n' +
    "removes, so it never touches a server's data; --data keeps (or resumes) a directory.",
  options: {
    data: {
      type: 'string',
      value: 'DIR',
      help: 'keep the market in DIR (default: a temporary directory)',
    },
    seed: { type: 'string', value: 'N', help: "the scenario's seed (default 2026)" },
    steps: { type: 'string', value: 'M', help: 'scenario steps (default 2000)' },
  },
  notes: ['example: hutong demo --seed 7 --steps 500'],
};

export function runDemo(argv: readonly string[]): Promise<number> {
  return withUsage(DEMO_COMMAND, async () => {
    const values = parseOptions(argv, DEMO_COMMAND);
    const temporary =
      typeof values.data === 'string' ? null : mkdtempSync(join(tmpdir(), 'hutong-demo-'));
    try {
      return await demo(
        values,
        temporary === null ? resolve(values.data as string) : join(temporary, 'data'),
        temporary !== null,
      );
    } finally {
      if (temporary !== null) rmSync(temporary, { recursive: true, force: true });
    }
  });
}

async function demo(values: OptionValues, data_dir: string, temporary: boolean): Promise<number> {
  {
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
    printSummary(node.hub.state, {
      data_dir: temporary ? null : data_dir,
      fresh,
      seed,
      ...outcome,
      digest: node.hub.digest(),
    });
    return 0;
  }
}

function runScenario(
  node: HubNode,
  clock: ManualClock,
  seed: number,
  steps: number,
): { accepted: number; rejected: number; reasons: Map<string, number> } {
  const rng = new Mulberry32(seed);
  const agent = new LedgerAgent(rng.fork());
  const reasons = new Map<string, number>();
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
      const code = result.rejection?.code ?? 'UNKNOWN';
      reasons.set(code, (reasons.get(code) ?? 0) + 1);
    }
    if (i % 100 === 99) node.commitSync();
  }
  return { accepted, rejected, reasons };
}

interface Summary {
  /** Where the market is kept, or null when it lived in a removed temporary directory. */
  readonly data_dir: string | null;
  readonly reasons: ReadonlyMap<string, number>;
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
  const reasons = [...summary.reasons].sort((a, b) => b[1] - a[1]);
  for (const [code, count] of reasons) out.write(`  ${String(count).padStart(6)}  ${code}\n`);
  out.write(
    `hub time ${isoTimestamp(state.now_us)}, ${state.seq} commands journaled, ${state.ledger.accounts.size} accounts\n\n`,
  );
  out.write('balances per participant (available accounts):\n');
  for (const [owner, holdings] of balancesByOwner(state)) {
    out.write(`  ${owner}\n`);
    for (const line of wrap(holdings, 96)) out.write(`    ${line}\n`);
  }
  out.write(
    summary.data_dir === null
      ? '\ndata:   a temporary directory, now removed (keep one with --data DIR)\n'
      : `\ndata:   ${summary.data_dir} (journal.log, snapshots/, projection.sqlite)\n`,
  );
  out.write(`digest: ${summary.digest}\n`);
}

/** Each owner's non-zero available holdings, summed per asset: money first, then securities. */
function balancesByOwner(state: HubState): Map<string, string[]> {
  const totals = new Map<string, Map<string, bigint>>();
  for (const account of state.ledger.accounts.values()) {
    if (account.purpose !== 'available') continue;
    const balance = postedBalance(account);
    if (balance === 0n) continue;
    const per_asset = totals.get(account.owner) ?? new Map<string, bigint>();
    per_asset.set(account.asset, (per_asset.get(account.asset) ?? 0n) + balance);
    totals.set(account.owner, per_asset);
  }
  const by_owner = new Map<string, string[]>();
  for (const [owner, per_asset] of totals) {
    const money: string[] = [];
    const securities: string[] = [];
    for (const [asset, balance] of per_asset) {
      const is_security = state.reference.securities.has(asset);
      const scale = assetScale(state.reference, asset);
      const amount = groupThousands(formatMinor(balance, scale.ok ? scale.value : 0));
      (is_security ? securities : money).push(`${assetLabel(state, asset)}: ${amount}`);
    }
    by_owner.set(owner, [...money, ...securities]);
  }
  return by_owner;
}

/** "1000000.00" → "1,000,000.00". */
function groupThousands(decimal: string): string {
  const [integer = '', fraction] = decimal.split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Joins items with " · " into lines no wider than `width`. */
function wrap(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line} · ${item}`;
    if (next.length > width && line !== '') {
      lines.push(line);
      line = item;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** "600519 Kweichow Moutai" for a security, the asset id for money (HKD, e-HKD…). */
function assetLabel(state: HubState, asset: string): string {
  const security = state.reference.securities.get(asset);
  return security === undefined ? asset : `${security.symbol} ${security.name}`;
}
