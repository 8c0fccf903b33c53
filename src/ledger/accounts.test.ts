import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAccounts, setFrozen } from './accounts.js';
import { createLedgerState } from './state.js';
import {
  EventLog,
  holder,
  issuance,
  ledgerText,
  OPEN_DIRECTORY,
  omnibus,
  openAccounts,
} from './testing.js';

describe('createAccounts()', () => {
  test('creates accounts and announces each one', () => {
    const state = createLedgerState();
    const log = new EventLog();
    const outcome = createAccounts(
      state,
      [holder('A', 'alice', 'HKD'), issuance('ISS', 'hkma', 'HKD')],
      OPEN_DIRECTORY,
      5,
      log,
    );
    assert.deepEqual(outcome, { ok: true, value: ['created', 'created'] });
    assert.equal(state.accounts.size, 2);
    assert.deepEqual(
      log.events.map((e) => e.type),
      ['account_created', 'account_created'],
    );
  });

  test('treats an identical retry as exists and changes nothing', () => {
    const state = createLedgerState();
    openAccounts(state, [holder('A', 'alice', 'HKD')]);
    const before = ledgerText(state);
    const outcome = createAccounts(
      state,
      [holder('A', 'alice', 'HKD')],
      OPEN_DIRECTORY,
      9,
      new EventLog(),
    );
    assert.deepEqual(outcome, { ok: true, value: ['exists'] });
    assert.equal(ledgerText(state), before);
  });

  const rejections: Array<
    [string, (state: ReturnType<typeof createLedgerState>) => Parameters<typeof createAccounts>[1]]
  > = [
    ['ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS', () => [holder('A', 'bob', 'HKD')]],
    ['ACCOUNT_ID_INVALID', () => [holder('has space', 'alice', 'HKD')]],
    [
      'ACCOUNT_FLAGS_CONFLICT',
      () => [{ ...holder('B', 'alice', 'HKD'), credits_must_not_exceed_debits: true }],
    ],
    ['PARENT_NOT_FOUND', () => [holder('B', 'alice', 'HKD', 'NOPE')]],
    ['PARENT_NOT_OMNIBUS', () => [holder('B', 'alice', 'HKD', 'A')]],
    ['PARENT_ASSET_MISMATCH', () => [holder('B', 'alice', 'CNY', 'OMNI')]],
    ['OMNIBUS_FLAG_MISSING', () => [{ ...omnibus('O2', 'x', 'HKD'), omnibus: false }]],
    ['BATCH_EMPTY', () => []],
  ];
  for (const [code, inputs] of rejections) {
    test(`rejects with ${code} and leaves the ledger unchanged`, () => {
      const state = createLedgerState();
      openAccounts(state, [holder('A', 'alice', 'HKD'), omnibus('OMNI', 'hkscc', 'HKD')]);
      const before = ledgerText(state);
      const outcome = createAccounts(state, inputs(state), OPEN_DIRECTORY, 1, new EventLog());
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.code, code);
      assert.ok(!outcome.ok && outcome.message.length > 0);
      assert.equal(ledgerText(state), before);
    });
  }

  test('rejects unknown assets and owners using the directory', () => {
    const state = createLedgerState();
    const directory = {
      assetExists: (a: string) => a === 'HKD',
      ownerExists: (o: string) => o === 'alice',
    };
    const asset = createAccounts(
      state,
      [holder('A', 'alice', 'XXX')],
      directory,
      0,
      new EventLog(),
    );
    assert.equal(!asset.ok && asset.code, 'UNKNOWN_ASSET');
    const owner = createAccounts(
      state,
      [holder('A', 'mallory', 'HKD')],
      directory,
      0,
      new EventLog(),
    );
    assert.equal(!owner.ok && owner.code, 'UNKNOWN_OWNER');
    assert.equal(state.accounts.size, 0);
  });

  test('is all-or-nothing: a bad account later in the batch undoes the earlier ones', () => {
    const state = createLedgerState();
    const log = new EventLog();
    const outcome = createAccounts(
      state,
      [holder('A', 'alice', 'NEWASSET'), holder('B', 'bob', 'HKD', 'MISSING')],
      OPEN_DIRECTORY,
      0,
      log,
    );
    assert.equal(!outcome.ok && outcome.code, 'PARENT_NOT_FOUND');
    assert.equal(!outcome.ok && outcome.details.index, 1);
    assert.equal(state.accounts.size, 0);
    assert.equal(log.events.length, 0);
  });

  test('refuses chains deeper than the limit', () => {
    const state = createLedgerState();
    const chain = [omnibus('L0', 'o', 'HKD')];
    for (let i = 1; i < 8; i += 1) chain.push(omnibus(`L${i}`, 'o', 'HKD', `L${i - 1}`));
    openAccounts(state, chain);
    const outcome = createAccounts(
      state,
      [holder('deep', 'o', 'HKD', 'L7')],
      OPEN_DIRECTORY,
      0,
      new EventLog(),
    );
    assert.equal(!outcome.ok && outcome.code, 'CHAIN_TOO_DEEP');
  });
});

describe('setFrozen()', () => {
  test('freezes and unfreezes, refusing no-op changes and unknown accounts', () => {
    const state = createLedgerState();
    openAccounts(state, [holder('A', 'alice', 'HKD')]);
    const log = new EventLog();
    assert.ok(setFrozen(state, { account_id: 'A', frozen: true, reason: 'court order' }, log).ok);
    const again = setFrozen(state, { account_id: 'A', frozen: true, reason: 'x' }, log);
    assert.equal(!again.ok && again.code, 'ACCOUNT_FREEZE_UNCHANGED');
    const missing = setFrozen(state, { account_id: 'Z', frozen: true, reason: 'x' }, log);
    assert.equal(!missing.ok && missing.code, 'ACCOUNT_NOT_FOUND');
    assert.ok(setFrozen(state, { account_id: 'A', frozen: false, reason: 'lifted' }, log).ok);
    assert.deepEqual(
      log.events.map((e) => e.type),
      ['account_frozen', 'account_unfrozen'],
    );
  });
});
