import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Command, parseCommand } from '../../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';
import { listBonds } from './state.js';

export function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

/** The 2025 tokenized green bond's USD tranche, as registered in the demo genesis. */
export const GREEN_USD_TERMS = {
  isin: 'HKHTGB25USD6',
  dti: 'HTGB25030',
  issuer_kind: 'hk_tokenized_green',
  issuer_name: 'Government of the HKSAR',
  currency: 'USD',
  coupon: { kind: 'fixed', rate_e12: '36330000000' },
  frequency: 2,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'annual',
  issue_date: '2025-11-19',
  maturity_date: '2028-11-19',
  face_value_minor: '100',
  min_denomination_minor: '1000000',
};

export function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

const register = (terms: unknown) => wire({ type: 'bonds.register', terms });

/** Refuses with `code` and leaves the state as it was (only the counter and clock move). */
export function assertRefused(t: TestHub, participant: string, command: Command, code: string) {
  const before = t.hub.digest();
  const result = t.submit(participant, command);
  assert.equal(result.rejection?.code, code, result.rejection?.message);
  assert.equal(result.events.length, 0);
  const state = snapshotHub(t.hub.state);
  assert.equal(new Hub(restoreHub({ ...state, seq: state.seq - 1 })).digest(), before);
}

describe('bonds in the hub: reference data', () => {
  test('registers a bond beside its security, lists it, snapshots and replays it', () => {
    const t = genesis();
    const result = t.accept('operator', register(GREEN_USD_TERMS));
    assert.deepEqual(
      result.events.map((e) => e.type),
      ['bond_registered'],
    );
    const listed = listBonds(t.hub.state.bonds);
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.isin, 'HKHTGB25USD6');
    assert.equal(listed[0]?.face_value_minor, 100n);
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
    assert.equal(restored.state.bonds.bonds.get('HKHTGB25USD6')?.schedule.periods.length, 6);
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
    t.hub.checkInvariants();
  });

  test('refuses with stable codes and changes nothing', () => {
    const t = genesis();
    assertRefused(t, 'HARBOUR', register(GREEN_USD_TERMS), 'NOT_AUTHORIZED');
    const bad = (patch: Record<string, unknown>) => register({ ...GREEN_USD_TERMS, ...patch });
    assertRefused(t, 'operator', bad({ day_count: 'ACT/999' }), 'BOND_DAY_COUNT_INVALID');
    assertRefused(t, 'operator', bad({ frequency: 3 }), 'BOND_FREQUENCY_INVALID');
    assertRefused(t, 'operator', bad({ currency: 'CNY' }), 'BOND_CURRENCY_INVALID');
    assertRefused(
      t,
      'operator',
      bad({ maturity_date: '2025-01-01' }),
      'BOND_MATURITY_NOT_AFTER_ISSUE',
    );
    assertRefused(t, 'operator', bad({ isin: 'CND10000KX14' }), 'BOND_SECURITY_UNKNOWN');
    assertRefused(t, 'operator', bad({ currency: 'EUR' }), 'BOND_CURRENCY_MISMATCH');
    assertRefused(t, 'operator', bad({ face_value_minor: '1000' }), 'BOND_FACE_VALUE_MISMATCH');
    t.accept('operator', register(GREEN_USD_TERMS));
    assertRefused(t, 'operator', register(GREEN_USD_TERMS), 'BOND_EXISTS');
  });
});
