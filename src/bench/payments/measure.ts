/**
 * Payments per second through the hub: in memory (`Hub.apply`) and journaled (the runtime's
 * `HubNode`, fdatasync on every commit, group commit pipelined as the ledger bench does), and the
 * hub's heap per retained payment. Genesis and the set-up are untimed; the commands are parsed
 * before the clock starts; every payment is checked credited after.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Hub } from '../../hub/index.js';
import { timestampAt } from '../../kernel/time.js';
import { ManualClock } from '../../runtime/clock.js';
import { HubNode } from '../../runtime/node.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import {
  checkAllCredited,
  type Submission,
  setUpSubmissions,
  timedSubmissions,
} from './hub_payments.js';

/** 10:00 HK time on Monday 5 January 2026: both directions in service. */
const START_US = timestampAt('2026-01-05', '10:00');
const COMMANDS_PER_COMMIT = 1_000;

function refused(s: Submission, code: string | undefined): Error {
  return new Error(`payments bench: ${s.command.type} refused ${code}`);
}

/** A full collection, whether or not node was started with --expose-gc. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function heapUsed(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

export interface InMemoryRun {
  readonly payments_per_s: number;
  /** Heap after the payments less heap before, per payment, each read after a full GC. */
  readonly bytes_per_payment: number;
}

/** `count` payments through `Hub.apply` in memory. */
export function measureHubPayments(count: number): InMemoryRun {
  const hub = new Hub();
  let now_us = DEMO_START_US;
  const apply = (s: Submission) => {
    const result = hub.apply({
      seq: hub.seq + 1,
      timestamp_us: now_us,
      participant: s.participant,
      idempotency_key: null,
      command: s.command,
    });
    if (result.status !== 'accepted') throw refused(s, result.rejection?.code);
  };
  for (const s of genesisSubmissions()) apply(s);
  now_us = START_US;
  for (const s of setUpSubmissions(count)) apply(s);
  const timed = timedSubmissions(count);
  const heap_before = heapUsed();
  const started = process.hrtime.bigint();
  for (const s of timed) {
    now_us += 1;
    apply(s);
  }
  const elapsed_s = Number(process.hrtime.bigint() - started) / 1e9;
  // The commands are alive at both readings: the difference is the hub's state.
  const bytes = heapUsed() - heap_before;
  timed.length = 0;
  checkAllCredited(hub.state, count);
  return { payments_per_s: count / elapsed_s, bytes_per_payment: Math.round(bytes / count) };
}

/** `count` payments through the runtime's HubNode, journaled with group-committed fdatasync. */
export async function measureJournaledPayments(count: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-payments-'));
  const clock = new ManualClock(DEMO_START_US);
  const node = HubNode.open({ data_dir: dir, clock, fsync: 'always', projection: false });
  try {
    const submit = (s: Submission) => {
      const result = node.submit(s.participant, s.command);
      if (result.status !== 'accepted') throw refused(s, result.rejection?.code);
    };
    for (const s of genesisSubmissions()) submit(s);
    clock.set(START_US);
    // Untimed set-up, committed command by command: its account and funding batches are large
    // enough together to fill the journal's buffer (JOURNAL_BUFFER_FULL) at the full count.
    for (const s of setUpSubmissions(count)) {
      submit(s);
      await node.commit();
    }
    const timed = timedSubmissions(count);
    const started = process.hrtime.bigint();
    const commits: Promise<void>[] = [];
    let in_group = 0;
    for (const s of timed) {
      clock.advance(1);
      submit(s);
      in_group += 1;
      if (in_group === COMMANDS_PER_COMMIT) {
        in_group = 0;
        commits.push(node.commit());
        // Pipelined group commit: one group on its way to disk while the next one fills.
        if (commits.length >= 2) await commits.shift();
      }
    }
    commits.push(node.commit());
    await Promise.all(commits);
    const elapsed_s = Number(process.hrtime.bigint() - started) / 1e9;
    checkAllCredited(node.hub.state, count);
    return count / elapsed_s;
  } finally {
    await node.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
