/**
 * A small deterministic simulation of the journal under crashes: random appends, commits and
 * crashes, with the bytes after the last acknowledged commit torn or damaged the way a crash can
 * leave them. Checked after every restart: open succeeds (a crash alone never causes a refusal),
 * and every acknowledged record is there, exactly as appended.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { corruptByte, crashJournal, tearJournalTail } from './faults.js';
import { Journal } from './journal.js';
import { readAll, samplePayload, withTempDir } from './testing.js';

const SEED = 1_234_567;

type Step =
  | { readonly kind: 'append'; readonly count: number; readonly padding: number }
  | { readonly kind: 'commit' }
  | {
      readonly kind: 'crash';
      readonly at: 'before_write' | 'after_write' | 'after_fsync';
      /** Fractions of the unacknowledged bytes: where to cut, and which byte to damage. */
      readonly cut: number | null;
      readonly damage: number | null;
    };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('append' as const),
    count: fc.integer({ min: 1, max: 12 }),
    padding: fc.nat(40),
  }),
  fc.record({ kind: fc.constant('commit' as const) }),
  fc.record({
    kind: fc.constant('crash' as const),
    at: fc.constantFrom('before_write' as const, 'after_write' as const, 'after_fsync' as const),
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    damage: fc.option(fc.double({ min: 0, max: 0.999, noNaN: true })),
  }),
);

interface Model {
  journal: Journal;
  /** Payloads by seq - 1: what was appended, acknowledged or not. */
  appended: string[];
  acknowledged_seq: number;
  /** File size when the last commit returned: bytes before it are acknowledged. */
  acknowledged_bytes: number;
}

test('crashes never lose an acknowledged record and never stop the journal from opening', () => {
  withTempDir((directory) => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        run += 1;
        const path = join(directory, `run-${run}.log`);
        const journal = Journal.open(path, { fsync: 'never' });
        const model: Model = { journal, appended: [], acknowledged_seq: 0, acknowledged_bytes: 32 };
        for (const current of steps) apply(model, current, path);
        model.journal.closeSync();
        checkRecovered(model, path);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

function apply(model: Model, current: Step, path: string): void {
  if (current.kind === 'append') {
    for (let i = 0; i < current.count; i += 1) {
      const seq = model.journal.last_seq + 1;
      const payload = samplePayload(seq, current.padding);
      assert.ok(model.journal.append(seq, payload).ok);
      model.appended[seq - 1] = payload;
    }
  } else if (current.kind === 'commit') {
    model.journal.commitSync();
    model.acknowledged_seq = model.journal.committed_seq;
    model.acknowledged_bytes = model.journal.size_bytes;
  } else {
    crashJournal(model.journal, current.at);
    damageUnacknowledged(path, model.acknowledged_bytes, current);
    model.journal = Journal.open(path, { fsync: 'never' });
    checkRecovered(model, path);
    model.appended.length = model.journal.last_seq;
    model.acknowledged_seq = model.journal.committed_seq;
    model.acknowledged_bytes = model.journal.size_bytes;
  }
}

/** Only bytes written after the last acknowledged commit can be torn by a crash. */
function damageUnacknowledged(
  path: string,
  acknowledged_bytes: number,
  crash: Extract<Step, { kind: 'crash' }>,
): void {
  const unacknowledged = statSync(path).size - acknowledged_bytes;
  if (unacknowledged <= 0) return;
  if (crash.damage !== null) {
    corruptByte(path, acknowledged_bytes + Math.floor(crash.damage * unacknowledged));
  }
  if (crash.cut !== null) {
    tearJournalTail(path, { cut_at: acknowledged_bytes + Math.floor(crash.cut * unacknowledged) });
  }
}

function checkRecovered(model: Model, path: string): void {
  const reader = Journal.open(path, { read_only: true });
  const payloads = readAll(reader);
  reader.closeSync();
  assert.ok(payloads.length >= model.acknowledged_seq, 'an acknowledged record was lost');
  assert.deepEqual(payloads, model.appended.slice(0, payloads.length));
}
