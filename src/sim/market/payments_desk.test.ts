import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Hub, PaymentSummary } from '../../hub/index.js';
import { Mulberry32 } from '../../kernel/random.js';
import { secondOfDay, timestampAt } from '../../kernel/time.js';
import { postedBalance } from '../../ledger/index.js';
import { demoPaymentAccounts } from '../demo_payments.js';
import { type DeskRun, runDeskMinutes } from './desk_testing.js';
import { PaymentsDesk } from './payments_desk.js';

interface Run extends DeskRun {
  readonly digest: string;
  /** The payments accounts' totals per asset once the set-up was done. */
  readonly opening: Map<string, bigint>;
}

function totals(hub: Hub): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const a of demoPaymentAccounts()) {
    const account = hub.state.ledger.accounts.get(a.id);
    assert.ok(account !== undefined, a.id);
    out.set(a.asset, (out.get(a.asset) ?? 0n) + postedBalance(account));
  }
  return out;
}

/**
 * The payments desk alone on the demo's genesis, one step a minute of hub time over three whole
 * Hong Kong days, Monday 5 to Wednesday 7 January 2026 (a tick when it has nothing to send). With
 * `restart_at`, the desk is replaced there by a new one of the same seed, as a restarted
 * simulator would be.
 */
function runDesk(seed: number, restart_at?: number): Run {
  let desk = new PaymentsDesk(new Mulberry32(seed));
  let opening: Map<string, bigint> | null = null;
  const run = runDeskMinutes(
    timestampAt('2026-01-05', '00:00'),
    timestampAt('2026-01-07', '23:59'),
    (state, now) => {
      if (now === restart_at) desk = new PaymentsDesk(new Mulberry32(seed));
      return desk.step(state, now);
    },
    (hub) => {
      if (opening === null && hub.state.payments.directory.entries.size > 0) opening = totals(hub);
    },
  );
  assert.ok(opening !== null, 'the set-up was done');
  return { ...run, digest: run.hub.digest(), opening };
}

function credited(run: Run): Array<{ payment: PaymentSummary; timestamp_us: number }> {
  return run.events.flatMap(({ event, timestamp_us }) =>
    event.type === 'payment_credited' ? [{ payment: event.payment, timestamp_us }] : [],
  );
}

describe('the demo payments desk over three demo days', () => {
  const run = runDesk(7);

  test('residents pay both ways, for every use case; the only refusals are the deliberate ones', () => {
    const payments = credited(run);
    const north = payments.filter((p) => p.payment.direction === 'northbound');
    const south = payments.filter((p) => p.payment.direction === 'southbound');
    assert.ok(north.length >= 15, `${north.length} Northbound`);
    assert.ok(south.length >= 15, `${south.length} Southbound`);
    const ids = new Set(payments.map((p) => p.payment.end_to_end_id));
    assert.equal(ids.size, payments.length, 'no payment twice');
    const purposes = new Set(
      [...run.hub.state.payments.book.payments.values()].map((p) => p.payment.instruction.purpose),
    );
    assert.deepEqual([...purposes].sort(), ['merchant', 'p2p', 'salary', 'tuition']);
    // CHEUNG Siu Fan's afternoon payment past the daily cap, once a day, and nothing else.
    assert.deepEqual(run.rejected, Array(3).fill('BOCHK:payments.submit:PAYMENT_DAILY_LIMIT'));
  });

  test("salaries are paid, never refused: the set-up has the employer's bank approve him", () => {
    const approvals = [...run.hub.state.payments.salary_approvals.approvals.values()];
    assert.deepEqual(
      approvals.map((a) => [a.bank, a.payer_id]),
      [['HSBC', 'C3456785']],
    );
    // Monday 5 January: WONG Ka Ho's two salaries, both credited.
    const salaries = [...run.hub.state.payments.book.payments.values()].filter(
      (p) => p.payment.instruction.purpose === 'salary',
    );
    assert.deepEqual(
      salaries.map((p) => [p.payment.instruction.payer.name, p.payment.state]),
      [
        ['WONG Ka Ho', 'credited'],
        ['WONG Ka Ho', 'credited'],
      ],
    );
  });

  test('Southbound only from 07:00 to 23:00; Northbound also at night', () => {
    const payments = credited(run);
    for (const p of payments.filter((x) => x.payment.direction === 'southbound')) {
      const second = secondOfDay(p.timestamp_us);
      assert.ok(second >= 7 * 3600 && second < 23 * 3600, p.payment.end_to_end_id);
    }
    const night = payments.filter((p) => {
      const second = secondOfDay(p.timestamp_us);
      return p.payment.direction === 'northbound' && (second < 7 * 3600 || second >= 23 * 3600);
    });
    assert.ok(night.length >= 1, 'a Northbound payment at night');
  });

  test('balances conserved: the payments accounts hold per asset what they were funded with', () => {
    assert.deepEqual(totals(run.hub), run.opening);
    // Money moved: some deposit changed.
    const changed = demoPaymentAccounts().filter((a) => {
      const account = run.hub.state.ledger.accounts.get(a.id);
      return account !== undefined && account.debits_posted > 0n;
    });
    assert.ok(changed.length >= 8, `${changed.length} accounts debited`);
  });

  test('deterministic from the seed; a restarted desk sends nothing twice', () => {
    assert.equal(runDesk(7).digest, run.digest);
    assert.notEqual(runDesk(8).digest, run.digest);
    const restarted = runDesk(7, timestampAt('2026-01-06', '12:00'));
    assert.equal(restarted.digest, run.digest);
    assert.deepEqual(restarted.rejected, run.rejected);
  });
});
