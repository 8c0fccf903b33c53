/**
 * `npm run bench -- ledger`: transfers per second through the hub, in memory and journaled with
 * group-committed fdatasync, against a PostgreSQL ledger done the usual way, in the same run.
 *
 * Workload: 10,000 holder accounts of one asset, funded from an issuance account; transfers
 * between random pairs (Mulberry32, seed 7), 1,000 transfers per command as TigerBeetle batches
 * them. Commands are built before the clock starts. Each figure is the median of the runs.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../hub/index.js';
import { Hub } from '../hub/index.js';
import { Mulberry32 } from '../kernel/random.js';
import { ManualClock } from '../runtime/clock.js';
import { HubNode } from '../runtime/node.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from './harness.js';
import { measurePgLedger } from './peers/pg_ledger.js';

const ACCOUNTS = 10_000;
const TRANSFERS_PER_COMMAND = 1_000;
const COMMANDS_PER_COMMIT = 10;

export const LEDGER_BENCHMARK: Benchmark = {
  name: 'ledger',
  description:
    'ledger transfers/s: in memory, journaled with group-committed fdatasync, vs PostgreSQL',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const transfers = options.quick ? 100_000 : 1_000_000;
    const memory: number[] = [];
    const journaled: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      memory.push(measureInMemory(transfers));
      journaled.push(await measureJournaled(transfers));
    }
    const peer = await measurePgLedger({
      transfers: options.quick ? 2_000 : 10_000,
      accounts: ACCOUNTS,
      connections: 16,
    });
    const peer_name = 'PostgreSQL 1 txn/transfer, 16 connections';
    const peer_value = 'skipped' in peer ? null : Math.round(peer.transfers_per_s);
    const note =
      'skipped' in peer ? `peer skipped: ${peer.skipped}` : `median of ${options.runs} runs`;
    if ('skipped' in peer) process.stderr.write(`ledger: ${peer.skipped}\n`);
    return [
      figure({
        bench: 'ledger',
        metric: 'transfers_per_s_in_memory',
        value: Math.round(median(memory)),
        unit: 'transfers/s',
        peer: peer_value === null ? null : peer_name,
        peer_value,
        note,
      }),
      figure({
        bench: 'ledger',
        metric: 'transfers_per_s_journaled_fdatasync',
        value: Math.round(median(journaled)),
        unit: 'transfers/s',
        peer: peer_value === null ? null : peer_name,
        peer_value,
        note,
      }),
    ];
  },
};

interface Workload {
  readonly setup: Command[];
  readonly commands: Command[];
}

function buildWorkload(transfers: number): Workload {
  const rng = new Mulberry32(7);
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: `bench/${i}`,
    owner: 'HUTONG',
    asset: 'HKD',
    purpose: 'available' as const,
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
  }));
  const setup: Command[] = [];
  for (let i = 0; i < ACCOUNTS; i += 5_000)
    setup.push({ type: 'ledger.create_accounts', accounts: accounts.slice(i, i + 5_000) });
  const funding = accounts.map((a, i) => ({
    id: `fund/${i}`,
    debit_account_id: 'HKMA/HKD/issuance',
    credit_account_id: a.id,
    amount_minor: 1_000_000_000_000n,
  }));
  for (let i = 0; i < ACCOUNTS; i += 5_000)
    setup.push({ type: 'ledger.create_transfers', transfers: funding.slice(i, i + 5_000) });
  const commands: Command[] = [];
  for (let c = 0; c < transfers / TRANSFERS_PER_COMMAND; c += 1) {
    const batch = [];
    for (let t = 0; t < TRANSFERS_PER_COMMAND; t += 1) {
      const debit = rng.int(0, ACCOUNTS - 1);
      let credit = rng.int(0, ACCOUNTS - 2);
      if (credit >= debit) credit += 1;
      batch.push({
        id: `t/${c}/${t}`,
        debit_account_id: `bench/${debit}`,
        credit_account_id: `bench/${credit}`,
        amount_minor: BigInt(rng.int(1, 100_000)),
      });
    }
    commands.push({ type: 'ledger.create_transfers', transfers: batch });
  }
  return { setup, commands };
}

let cached: { transfers: number; workload: Workload } | null = null;
function workload(transfers: number): Workload {
  if (cached === null || cached.transfers !== transfers)
    cached = { transfers, workload: buildWorkload(transfers) };
  return cached.workload;
}

function measureInMemory(transfers: number): number {
  const { setup, commands } = workload(transfers);
  const hub = new Hub();
  let seq = 0;
  const apply = (participant: string, command: Command) => {
    seq += 1;
    const result = hub.apply({
      seq,
      timestamp_us: DEMO_START_US,
      participant,
      idempotency_key: null,
      command,
    });
    if (result.status !== 'accepted')
      throw new Error(`bench command rejected: ${result.rejection?.code}`);
  };
  for (const s of genesisSubmissions()) apply(s.participant, s.command);
  for (const command of setup) apply('operator', command);
  const started = process.hrtime.bigint();
  for (const command of commands) apply('operator', command);
  const elapsed_s = Number(process.hrtime.bigint() - started) / 1e9;
  return transfers / elapsed_s;
}

async function measureJournaled(transfers: number): Promise<number> {
  const { setup, commands } = workload(transfers);
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-ledger-'));
  const node = HubNode.open({
    data_dir: dir,
    clock: new ManualClock(DEMO_START_US),
    fsync: 'always',
    projection: false,
  });
  try {
    for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    for (const command of setup) node.submit('operator', command);
    await node.commit();
    const started = process.hrtime.bigint();
    let in_group = 0;
    const commits: Promise<void>[] = [];
    for (const command of commands) {
      const result = node.submit('operator', command);
      if (result.status !== 'accepted')
        throw new Error(`bench command rejected: ${result.rejection?.code}`);
      in_group += 1;
      if (in_group === COMMANDS_PER_COMMIT) {
        commits.push(node.commit());
        in_group = 0;
        // Pipelined group commit: one group on its way to disk while the next one fills.
        if (commits.length >= 2) await commits.shift();
      }
    }
    commits.push(node.commit());
    await Promise.all(commits);
    const elapsed_s = Number(process.hrtime.bigint() - started) / 1e9;
    return transfers / elapsed_s;
  } finally {
    await node.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
