import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Hub, HubInvariantChecker } from '../hub/index.js';
import { DEMO_START_US, genesisSubmissions } from './genesis.js';
import { contentDifference, SimulationFailure, simulate } from './simulate.js';

/** The fixed seeds CI runs; `hutong simulate --seed N` runs any other for as long as asked. */
const SEEDS = [1, 7, 42, 2026];

for (const seed of SEEDS) {
  test(`simulation seed ${seed}: invariants hold through crashes, torn writes and bad input`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hutong-sim-'));
    try {
      const report = simulate({
        seed,
        steps: 600,
        data_dir: join(dir, 'data'),
        crash_probability: 0.03,
      });
      assert.equal(report.steps, 600);
      assert.ok(report.accepted > 0 && report.rejected > 0, 'both outcomes exercised');
      assert.ok(report.crashes > 0, 'crashes exercised');
      assert.ok(
        report.retries > 0 && report.malformed_refused > 0,
        'retries and bad input exercised',
      );
      assert.match(report.digest, /^[0-9a-f]{64}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the same seed reaches the same digest; another seed does not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-sim-'));
  try {
    const a = simulate({ seed: 99, steps: 200, data_dir: join(dir, 'a') });
    const b = simulate({ seed: 99, steps: 200, data_dir: join(dir, 'b') });
    const c = simulate({ seed: 100, steps: 200, data_dir: join(dir, 'c') });
    assert.equal(a.digest, b.digest);
    assert.notEqual(a.digest, c.digest);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refuses to start in a data directory that is not empty, naming the seed on failure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-sim-'));
  try {
    simulate({ seed: 1, steps: 10, data_dir: join(dir, 'data') });
    assert.throws(() => simulate({ seed: 1, steps: 10, data_dir: join(dir, 'data') }), /not empty/);
    assert.equal(new SimulationFailure(5, 17, new Error('x')).message.includes('--seed 5'), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the incremental checks change nothing: checking in full every step reaches the same digest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-sim-'));
  try {
    const a = simulate({ seed: 5, steps: 300, data_dir: join(dir, 'a') });
    const b = simulate({ seed: 5, steps: 300, data_dir: join(dir, 'b'), full_check_every: 1 });
    assert.equal(a.digest, b.digest);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function genesisHub(): Hub {
  const hub = new Hub();
  for (const s of genesisSubmissions()) {
    hub.apply({
      seq: hub.seq + 1,
      timestamp_us: DEMO_START_US,
      participant: s.participant,
      idempotency_key: s.idempotency_key ?? null,
      command: s.command,
    });
  }
  return hub;
}

test('a changed state is found and the first difference named; counter and clock do not count', () => {
  const a = genesisHub();
  const b = genesisHub();
  assert.equal(contentDifference(a, b), undefined);
  b.apply({
    seq: b.seq + 1,
    timestamp_us: DEMO_START_US + 1,
    participant: 'operator',
    idempotency_key: null,
    command: { type: 'hub.tick' },
  });
  assert.equal(contentDifference(a, b), undefined, 'a tick moves only the counter and the clock');
  const account = b.state.ledger.account_list[3];
  assert.ok(account);
  account.frozen = !account.frozen;
  assert.equal(contentDifference(a, b), '$.ledger.accounts[3].frozen');
});

test('the hub checker catches a corrupted account a command touched', () => {
  const hub = genesisHub();
  const checker = new HubInvariantChecker(hub.state);
  checker.check();
  const ledger = hub.state.ledger;
  const account = ledger.account_list.find((a) => a.parent !== null && a.credits_posted > 0n);
  assert.ok(account, 'genesis funds a sub-account');
  ledger.changes?.account(account); // as a posting would record it
  account.credits_posted += 1n;
  assert.throws(() => checker.check(), /omnibus .* posted ≠ its sub-accounts/);
});
