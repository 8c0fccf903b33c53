/**
 * `npm run bench -- journal`: appending ~200-byte records with group commit (write, fdatasync,
 * commit marker, fdatasync per group) against the naive peer, one `fs.writeSync` + `fdatasync`
 * per record. The peer is measured on fewer records and reported as a rate, so the two compare.
 * @module
 */

import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, encode } from '../../kernel/index.js';
import { RECORD_HEADER_BYTES } from '../../storage/format.js';
import { GroupBuffer } from '../../storage/group_buffer.js';
import { Journal } from '../../storage/journal.js';
import { type BenchFigure, type Benchmark, figure, median } from '../harness.js';

const PAYLOAD_BYTES = 200;
const DISTINCT_PAYLOADS = 1_024;
const GROUP_SIZES = [1_000, 10_000] as const;
const PEER = 'fs.writeSync + fdatasync per record';

interface Measured {
  readonly seconds: number;
  readonly file_bytes: number;
  readonly records: number;
}

export const journalBenchmark: Benchmark = {
  name: 'journal',
  description: `append + group commit of ~${PAYLOAD_BYTES}-byte records with fdatasync, vs ${PEER}`,
  async run(options) {
    const records = options.quick ? 100_000 : 1_000_000;
    const peer_records = options.quick ? 300 : 2_000;
    const payloads = samplePayloads();
    const directory = mkdtempSync(join(tmpdir(), 'hutong-bench-journal-'));
    try {
      const peer_runs: Measured[] = [];
      for (let run = 0; run < options.runs; run += 1) {
        peer_runs.push(measureNaive(directory, payloads, peer_records));
      }
      const figures: BenchFigure[] = [];
      for (const group of GROUP_SIZES) {
        const runs: Measured[] = [];
        for (let run = 0; run < options.runs; run += 1) {
          runs.push(await measureGroupCommit(directory, payloads, records, group));
        }
        figures.push(...groupFigures(group, runs, peer_runs, options.runs));
      }
      return figures;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
};

function groupFigures(
  group: number,
  runs: readonly Measured[],
  peer_runs: readonly Measured[],
  run_count: number,
): BenchFigure[] {
  const rate = (m: Measured) => m.records / m.seconds;
  const throughput = (m: Measured) => m.file_bytes / m.seconds / 1e6;
  const records = runs[0]?.records ?? 0;
  const peer_records = peer_runs[0]?.records ?? 0;
  const note = `median of ${run_count} runs; ${records} records in groups of ${group}; peer measured on ${peer_records} records; ${tmpdir()}`;
  return [
    figure({
      bench: 'journal',
      metric: `append_commit_group_${group}`,
      value: Math.round(median(runs.map(rate))),
      unit: 'records/s',
      peer: PEER,
      peer_value: Math.round(median(peer_runs.map(rate))),
      note,
    }),
    figure({
      bench: 'journal',
      metric: `append_commit_group_${group}_bytes`,
      value: round2(median(runs.map(throughput))),
      unit: 'MB/s',
      peer: PEER,
      peer_value: round2(median(peer_runs.map(throughput))),
      note,
    }),
  ];
}

/** Appends while the previous group is being written: at most one commit in flight. */
async function measureGroupCommit(
  directory: string,
  payloads: readonly string[],
  records: number,
  group: number,
): Promise<Measured> {
  const path = join(directory, `group-${group}.log`);
  const journal = Journal.open(path, {
    fsync: 'always',
    buffer_records_max: group,
    buffer_bytes_max: group * (RECORD_HEADER_BYTES + PAYLOAD_BYTES * 2),
  });
  const started = performance.now();
  let in_flight: Promise<void> = Promise.resolve();
  for (let seq = 1; seq <= records; seq += 1) {
    const outcome = journal.append(seq, payloads[seq % DISTINCT_PAYLOADS] as string);
    assert(outcome.ok, 'the benchmark never exceeds the buffer');
    if (seq % group !== 0) continue;
    await in_flight;
    in_flight = journal.commit();
  }
  await in_flight;
  await journal.commit();
  const seconds = (performance.now() - started) / 1000;
  const file_bytes = journal.size_bytes;
  await journal.close();
  rmSync(path);
  return { seconds, file_bytes, records };
}

/** The same record bytes, each written and fdatasynced on its own. */
function measureNaive(directory: string, payloads: readonly string[], records: number): Measured {
  const path = join(directory, 'naive.log');
  const fd = openSync(path, 'w');
  const encoder = new GroupBuffer(RECORD_HEADER_BYTES + PAYLOAD_BYTES * 4);
  let position = 0;
  let previous_checksum = 0;
  const started = performance.now();
  for (let seq = 1; seq <= records; seq += 1) {
    const payload = payloads[seq % DISTINCT_PAYLOADS] as string;
    encoder.reset();
    previous_checksum = encoder.appendData(
      seq,
      payload,
      Buffer.byteLength(payload),
      previous_checksum,
    );
    const bytes = encoder.bytes;
    assert(writeSync(fd, bytes, 0, bytes.length, position) === bytes.length, 'short write');
    fdatasyncSync(fd);
    position += bytes.length;
  }
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  rmSync(path);
  return { seconds, file_bytes: position, records };
}

/** Command-like payloads of exactly PAYLOAD_BYTES bytes of codec output. */
function samplePayloads(): string[] {
  const payloads: string[] = [];
  for (let i = 0; i < DISTINCT_PAYLOADS; i += 1) {
    const base = encode({
      type: 'order.place',
      account: `HK-BROKER-${i % 97}`,
      isin: 'CNE100000296',
      side: i % 2 === 0 ? 'buy' : 'sell',
      price_ticks: 1_000 + i,
      quantity_units: 100 * (1 + (i % 9)),
      amount_minor: BigInt(i) * 1_000_003n,
      pad: '',
    });
    const padded = base.replace('"pad":""', `"pad":"${'x'.repeat(PAYLOAD_BYTES - base.length)}"`);
    assert(Buffer.byteLength(padded) === PAYLOAD_BYTES, 'sample payload size');
    payloads.push(padded);
  }
  return payloads;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
