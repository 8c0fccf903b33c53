import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { wire } from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { type HubState, restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';
import { indexRegister } from './collateral_index.js';
import { receivedFaceMinor, reusedFaceMinor, reusedFromRepoMinor } from './collateral_register.js';
import { CGB, collateralMarket, FUND, openRepoCommand, postCommand } from './collateral_testing.js';

const PARTIES = [FUND, 'HSBC', 'BOCHK', 'SCBHK'] as const;
const MEMBERS = ['HSBC', 'BOCHK', 'SCBHK'] as const;
const UNIT = 10_000n; // the CGB's face per ledger unit, in fen

type Op =
  | { kind: 'open'; seller: number; buyer: number; units: number; reuse: number | null }
  | { kind: 'close'; pick: number }
  | { kind: 'post'; member: number; units: number; reuse: number | null }
  | { kind: 'release'; pick: number };

const reuse = fc.option(fc.nat(20), { nil: null });
const units = fc.integer({ min: 1, max: 4_000 });
const OP: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    seller: fc.nat(3),
    buyer: fc.nat(3),
    units,
    reuse,
  }),
  fc.record({ kind: fc.constant('close' as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant('post' as const), member: fc.nat(2), units, reuse }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat(20) }),
);

/** The market with caps for the three members, as a snapshot each run restores. */
function base() {
  const t = collateralMarket();
  for (const member of MEMBERS) {
    const cap = { type: 'financing.set_otc_cap', member, amount_minor: '100000000000' };
    t.accept('operator', wire(cap));
  }
  return { snapshot: snapshotHub(t.hub.state), now_us: t.now_us };
}

function pickOf<T>(items: readonly T[], n: number | null): T | undefined {
  return n === null || items.length === 0 ? undefined : items[n % items.length];
}

function apply(t: TestHub, op: Op, step: number): void {
  const f = t.hub.state.financing;
  const repos = [...f.repos.keys()];
  if (op.kind === 'open') {
    const reuse_of = pickOf(repos, op.reuse);
    const extra = reuse_of === undefined ? {} : { reuse_of };
    const [seller, buyer] = [PARTIES[op.seller], PARTIES[op.buyer]] as [string, string];
    t.submit(
      'operator',
      openRepoCommand(`r${step}`, seller, buyer, BigInt(op.units) * UNIT, extra),
    );
  } else if (op.kind === 'close') {
    const repo_id = pickOf(repos, op.pick);
    if (repo_id !== undefined)
      t.submit('operator', wire({ type: 'financing.close_repo', repo_id }));
  } else if (op.kind === 'post') {
    const reuse_of = pickOf(repos, op.reuse);
    const extra = reuse_of === undefined ? {} : { reuse_of };
    const member = MEMBERS[op.member] as string;
    t.submit('operator', postCommand(`p${step}`, member, BigInt(op.units) * UNIT, extra));
  } else {
    const posting_id = pickOf([...f.otc.postings.keys()], op.pick);
    if (posting_id !== undefined) {
      t.submit('operator', wire({ type: 'financing.release_otc_margin', posting_id }));
    }
  }
}

/** Units of the CGB held outside omnibus tiers (issuance negative): always nil in sum. */
function cgbUnits(state: HubState) {
  let sum = 0n;
  let margin = 0n;
  for (const a of state.ledger.accounts.values()) {
    if (a.asset !== CGB || a.omnibus) continue;
    const units_held = a.credits_posted - a.debits_posted;
    sum += units_held;
    if (a.id.includes('/OTCC/margin/')) margin += units_held;
  }
  return { sum, margin };
}

function checkRegister(state: HubState): void {
  const register = state.financing.collateral;
  // The index kept step by step equals the index rebuilt from the maps (as on a restore).
  const { received, reuses, pledges } = register;
  assert.deepEqual(register.index, indexRegister(received, reuses, pledges));
  for (const party of PARTIES) {
    const received = receivedFaceMinor(register, party, CGB);
    assert.ok(reusedFaceMinor(register, party, CGB) <= received, `${party} re-used > received`);
  }
  for (const r of register.received.values()) {
    assert.ok(reusedFromRepoMinor(register, r.repo_id) <= r.face_minor, r.repo_id);
  }
  for (const record of register.reuses.values()) {
    const total = record.sources.reduce((a, s) => a + s.face_minor, 0n);
    assert.equal(total, record.face_minor, 'a re-use is drawn from its sources exactly');
  }
  const { sum, margin } = cgbUnits(state);
  assert.equal(sum, 0n, 'bonds conserved');
  let posted = 0n;
  for (const p of state.financing.otc.postings.values()) posted += p.units;
  assert.equal(margin, posted, "OTC Clear's margin accounts hold exactly what is posted");
}

describe('collateral register properties (docs/financing.md §10)', () => {
  test('re-used face never exceeds received face; bonds are conserved on the ledger', () => {
    const { snapshot, now_us } = base();
    fc.assert(
      fc.property(fc.array(OP, { minLength: 1, maxLength: 25 }), (ops) => {
        const t = new TestHub(now_us, new Hub(restoreHub(snapshot)));
        ops.forEach((op, step) => {
          apply(t, op, step);
          checkRegister(t.hub.state);
        });
        t.hub.checkInvariants();
      }),
      { numRuns: 40, seed: 20250825 },
    );
  });
});
