#!/usr/bin/env -S node --max-semi-space-size=64

/**
 * `hutong`: the command line.
 *
 *   hutong start    [--data DIR] [--port N] [--no-sim]   the server with the demo market (see README)
 *   hutong serve    [--data DIR] [--port N] [--demo] [--sim] [--clock demo|system] [--snapshot-every N]
 *   hutong serve    --cluster nats://… [--node NAME] …   a cluster node (docs/cluster.md)
 *   hutong standby  --cluster nats://… [--node NAME] …   the same
 *   hutong nats-dev [--dir DIR] [--port N]               three local NATS nodes to try a cluster
 *   hutong gateway  --cluster nats://… [--pg URL] …      a stateless API gateway (docs/operations.md)
 *   hutong reader   projection|surveillance|risk --cluster nats://… [options]   a reader process
 *   hutong keys     [--data DIR]
 *   hutong demo     [--data DIR] [--seed N] [--steps M]
 *   hutong simulate --seed N --steps M [--data DIR] [--crash-probability P]
 *   hutong replay   --data DIR
 *   hutong verify   --data DIR
 *   hutong bench    [NAME ...]
 * @module
 */

import { runNatsDev } from './cluster.js';
import { runDemo } from './demo.js';
import { runGateway } from './gateway.js';
import { runReader } from './reader.js';
import { runReplay, runVerify } from './replay.js';
import { runKeys, runServe, runStandby, runStart } from './serve.js';
import { runSimulate } from './simulate.js';

const USAGE = `usage: hutong <command> [options]

commands:
  start     the server with the demo market, the simulator and the web console (npm start)
  serve     the server: [--data DIR] [--port N] [--demo] [--sim] [--clock demo|system] [--snapshot-every N]
            with --cluster nats://…[,nats://…] --node NAME: a node of a cluster on NATS JetStream
  standby   a cluster node (serve --cluster): a hot standby until it takes the lead
  nats-dev  three local NATS JetStream nodes, to try a cluster on one machine: [--dir DIR] [--port N]
  gateway   a stateless API gateway in front of a cluster: --cluster nats://… [--pg URL] [--port N]
  reader    a reader of the cluster's journal as its own process: projection (PostgreSQL),
            surveillance or risk, --cluster nats://… (resumes where it stopped)
  keys      list the API keys of a data directory: [--data DIR]
  demo      set up the demo market, run a seeded scenario, print a summary
  simulate  deterministic simulation: --seed N --steps M [--data DIR] [--crash-probability P]
  replay    rebuild state from snapshot + journal and print its digest: --data DIR
  verify    check every journal record and snapshot, replay, check invariants: --data DIR
  bench     run benchmarks against their peers: [NAME ...] [--runs N]

hutong <command> --help lists every option of a command.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return runStart(rest);
    case 'serve':
      return runServe(rest);
    case 'standby':
      return runStandby(rest);
    case 'nats-dev':
      return runNatsDev(rest);
    case 'gateway':
      return runGateway(rest);
    case 'reader':
      return runReader(rest);
    case 'keys':
      return runKeys(rest);
    case 'demo':
      return runDemo(rest);
    case 'simulate':
      return runSimulate(rest);
    case 'replay':
      return runReplay(rest);
    case 'verify':
      return runVerify(rest);
    case 'bench': {
      const { runBench } = await import('../bench/main.js');
      return runBench(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`hutong: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

// `hutong demo | head` closes the pipe early: stop quietly, as other command-line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hutong: ${describeError(error)}\n`);
    if (!isRefusal(error)) {
      if (process.env.HUTONG_DEBUG === '1' && error instanceof Error)
        process.stderr.write(`${error.stack ?? ''}\n`);
      else process.stderr.write('(set HUTONG_DEBUG=1 for the stack trace)\n');
    }
    process.exitCode = 1;
  },
);

const REFUSALS = ['JournalCorruptError', 'LostAcknowledgedError', 'JournalLockedError'];

/** A refusal to start on damaged or incomplete data is the operator's news, not a bug. */
function isRefusal(error: unknown): boolean {
  return error instanceof Error && REFUSALS.includes(error.name);
}

/** One line: the refusal, or the bug's message (its stack only with HUTONG_DEBUG=1). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `internal error: ${String(error)}`;
  if (isRefusal(error)) return `refusing to start: ${error.message}`;
  return `internal error: ${error.message}`;
}
