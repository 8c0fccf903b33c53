/**
 * The workload the cluster tests, the leader child and the benchmark drive: the demo genesis
 * (reference data, accounts, balances, the Connect set-up), then cash transfers between two
 * banks with unique ids and idempotency keys, alternating direction so no balance runs out.
 * A transfer's id says which writer sent it and its number, so a reader of the journal can check
 * that every acknowledged command is there exactly once.
 * @module
 */

import type { Command } from '../hub/index.js';
import { parseCommand } from '../protocol/index.js';
import { cashAccountId, DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';

export { DEMO_START_US };

export interface WorkloadCommand {
  readonly participant: string;
  readonly command: Command;
  readonly idempotency_key: string | null;
}

export function genesisCommands(): WorkloadCommand[] {
  return genesisSubmissions().map((submission) => ({
    participant: submission.participant,
    command: submission.command,
    idempotency_key: submission.idempotency_key ?? null,
  }));
}

const BANKS = ['HARBOUR', 'PEAK'] as const;

/**
 * Transfer `n` of writer `writer`: id `<writer>-<n>`, 1 to 997 HKD cents, under the idempotency
 * key `<writer>-<n>` unless `keyed` is false (the key costs the hub a SHA-256 of the command,
 * about 25 µs here against 3 µs for the transfer itself; the benchmark leaves it out, the
 * transfer id is idempotent on its own).
 */
export function workloadTransfer(writer: string, n: number, keyed = true): WorkloadCommand {
  const from = BANKS[n % 2] as string;
  const to = BANKS[(n + 1) % 2] as string;
  const id = transferId(writer, n);
  const parsed = parseCommand({
    type: 'ledger.create_transfers',
    transfers: [
      {
        id,
        debit_account_id: cashAccountId(from, 'HKD'),
        credit_account_id: cashAccountId(to, 'HKD'),
        amount_minor: String((n % 997) + 1),
      },
    ],
  });
  if (!parsed.ok) throw new Error(`workload transfer refused: ${JSON.stringify(parsed.problems)}`);
  return { participant: from, command: parsed.command, idempotency_key: keyed ? id : null };
}

export function transferId(writer: string, n: number): string {
  return `${writer}-${n}`;
}

/** The transfer ids a command carries (for counting applications in a journal). */
export function transferIdsOf(command: Command): string[] {
  if (command.type !== 'ledger.create_transfers') return [];
  return command.transfers.map((transfer) => transfer.id);
}

/** Anything that sequences commands and commits them: a cluster leader, a HubNode. */
export interface CommandSink {
  submit(
    participant: string,
    command: Command,
    idempotency_key: string | null,
  ): { status: string; rejection: { code: string } | null };
  commit(): Promise<void>;
}

/** Submits the genesis (its first `count_max` commands) and commits it; throws on a refusal. */
export async function commitGenesis(sink: CommandSink, count_max = Infinity): Promise<void> {
  for (const { participant, command, idempotency_key } of genesisCommands().slice(0, count_max)) {
    const result = sink.submit(participant, command, idempotency_key);
    if (result.status !== 'accepted') throw new Error(`genesis refused: ${result.rejection?.code}`);
  }
  await sink.commit();
}
