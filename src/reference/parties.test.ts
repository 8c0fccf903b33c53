import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PartyInput } from './commands.js';
import { registerInvestor } from './investors.js';
import { type PartyRole, registerParty } from './parties.js';
import { createReferenceState, type ReferenceState } from './state.js';
import { expectRefused } from './testing.js';

const BROKER: PartyInput = {
  id: 'HARBOUR',
  name: 'Harbour Securities Limited',
  lei: '54930084UKLVMY22DS16',
  roles: ['broker'],
  jurisdiction: 'HK',
  exchange_participant_of: ['XHKG'],
  china_connect: 'ccep',
};

function withBroker(): ReferenceState {
  const state = createReferenceState();
  assert.ok(registerParty(state, BROKER).ok);
  return state;
}

describe('registering parties', () => {
  test('stores a frozen record with defaults filled in, in a fixed key order', () => {
    const state = createReferenceState();
    const outcome = registerParty(state, {
      id: 'HKMA',
      name: 'Hong Kong Monetary Authority',
      roles: ['central_bank', 'csd'],
      jurisdiction: 'HK',
    });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.value, {
      id: 'HKMA',
      name: 'Hong Kong Monetary Authority',
      roles: ['central_bank', 'csd'],
      jurisdiction: 'HK',
      exchange_participant_of: [],
      china_connect: 'none',
    });
    const broker = registerParty(state, BROKER);
    assert.ok(broker.ok);
    assert.deepEqual(Object.keys(broker.value), [
      'id',
      'name',
      'lei',
      'roles',
      'jurisdiction',
      'exchange_participant_of',
      'china_connect',
    ]);
    assert.ok(Object.isFrozen(outcome.value) && Object.isFrozen(outcome.value.roles));
    assert.deepEqual([...state.parties.keys()], ['HKMA', 'HARBOUR']);
  });

  test('refuses a malformed id', () => {
    const state = withBroker();
    for (const id of ['', ' HSBC', 'HS BC', 'a/b', '-x', 'x'.repeat(65)]) {
      expectRefused(state, 'INVALID_PARTY_ID', (s) =>
        registerParty(s, { ...BROKER, id, lei: undefined }),
      );
    }
  });

  test('records a corporate group when given (affiliates share one), and refuses a malformed one', () => {
    const state = createReferenceState();
    const outcome = registerParty(state, { ...BROKER, lei: undefined, group: 'HARBOUR-GROUP' });
    assert.ok(outcome.ok);
    assert.equal(outcome.value.group, 'HARBOUR-GROUP');
    assert.ok(
      !(
        'group' in
        (registerParty(state, { ...BROKER, id: 'PEAK', lei: undefined }) as { value: object }).value
      ),
    );
    for (const group of ['', 'a group', 'x'.repeat(65)]) {
      expectRefused(state, 'INVALID_PARTY_ID', (s) =>
        registerParty(s, { ...BROKER, id: 'KOWLOON', lei: undefined, group }),
      );
    }
  });

  test('refuses an id already taken by a party or an investor', () => {
    const state = withBroker();
    expectRefused(state, 'PARTY_EXISTS', (s) => registerParty(s, { ...BROKER, lei: undefined }));
    assert.ok(
      registerInvestor(state, {
        id: 'chan',
        type: 'retail',
        jurisdiction: 'HK',
        broker: 'HARBOUR',
        id_document_country: 'HK',
      }).ok,
    );
    expectRefused(state, 'INVESTOR_EXISTS', (s) =>
      registerParty(s, { ...BROKER, id: 'chan', lei: undefined }),
    );
  });

  test('refuses an empty, over-long or non-printable name', () => {
    const state = withBroker();
    for (const name of ['', '   ', 'x'.repeat(201), 'Harbour\nSecurities']) {
      expectRefused(state, 'INVALID_NAME', (s) =>
        registerParty(s, { ...BROKER, id: 'OTHER', name, lei: undefined }),
      );
    }
  });

  test('refuses an LEI with wrong check digits, and one already used', () => {
    const state = withBroker();
    const details = expectRefused(state, 'INVALID_LEI', (s) =>
      registerParty(s, { ...BROKER, id: 'OTHER', lei: '54930084UKLVMY22DS17' }),
    );
    assert.equal(details.expected_check_digits, '16');
    const used = expectRefused(state, 'LEI_EXISTS', (s) =>
      registerParty(s, { ...BROKER, id: 'OTHER' }),
    );
    assert.equal(used.party, 'HARBOUR');
  });

  test('refuses no roles, a repeated role or an unknown one', () => {
    const state = withBroker();
    const cases: string[][] = [[], ['bank', 'bank'], ['bank', 'pirate']];
    for (const roles of cases) {
      expectRefused(state, 'INVALID_ROLES', (s) =>
        registerParty(s, {
          id: 'OTHER',
          name: 'Other',
          roles: roles as PartyRole[],
          jurisdiction: 'HK',
        }),
      );
    }
  });

  test('refuses a jurisdiction that is not an ISO 3166 alpha-2 code', () => {
    const state = withBroker();
    for (const jurisdiction of ['hk', 'HKG', 'ZZ', '']) {
      const details = expectRefused(state, 'INVALID_JURISDICTION', (s) =>
        registerParty(s, { id: 'OTHER', name: 'Other', roles: ['bank'], jurisdiction }),
      );
      assert.deepEqual(details, { field: 'jurisdiction', value: jurisdiction });
    }
  });

  test('refuses unknown markets and inconsistent China Connect status', () => {
    const state = withBroker();
    const base = { id: 'OTHER', name: 'Other', jurisdiction: 'HK' };
    expectRefused(state, 'UNKNOWN_MARKET', (s) =>
      registerParty(s, { ...base, roles: ['broker'], exchange_participant_of: ['XNYS'] }),
    );
    expectRefused(state, 'PARTICIPANT_INVALID', (s) =>
      registerParty(s, { ...base, roles: ['broker'], exchange_participant_of: ['XHKG', 'XHKG'] }),
    );
    expectRefused(state, 'PARTICIPANT_INVALID', (s) =>
      registerParty(s, {
        ...base,
        roles: ['bank'],
        exchange_participant_of: ['XHKG'],
        china_connect: 'ccep',
      }),
    );
    expectRefused(state, 'PARTICIPANT_INVALID', (s) =>
      registerParty(s, {
        ...base,
        roles: ['broker'],
        exchange_participant_of: ['XSHG'],
        china_connect: 'ttep',
      }),
    );
    expectRefused(state, 'PARTICIPANT_INVALID', (s) =>
      registerParty(s, {
        ...base,
        roles: ['broker'],
        exchange_participant_of: ['XHKG'],
        china_connect: 'maybe' as 'ccep',
      }),
    );
  });
});
