import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cashAccountId } from '../../hub/accounts.js';
import { TestHub } from '../../hub/testing.js';
import { postedBalance } from '../../ledger/index.js';
import { DEMO_START_US, genesisSubmissions } from '../genesis.js';
import { INVESTORS } from './cast.js';
import { TraderKnowledge } from './knowledge.js';

function genesisHub(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

test('an investor buys only with cash its earlier, unsettled buys have not already spent', () => {
  const t = genesisHub();
  const owner = (INVESTORS[0] as { owner: string }).owner;
  const account = [...t.hub.state.ledger.accounts.values()].find(
    (a) => a.id === cashAccountId(owner, 'CNY') || a.id === cashAccountId(owner, 'HKD'),
  );
  assert.ok(account !== undefined, `${owner} has a cash account`);
  const balance = postedBalance(account);
  assert.ok(balance > 0n);
  const knowledge = new TraderKnowledge();
  const half = balance / 2n;
  assert.equal(knowledge.afford(t.hub.state, owner, account.asset, half), true);
  assert.equal(knowledge.afford(t.hub.state, owner, account.asset, half), true);
  // The balance has not moved (nothing settled), but the two buys have committed it.
  assert.equal(postedBalance(account), balance);
  assert.equal(
    knowledge.afford(t.hub.state, owner, account.asset, balance - 2n * half + 1n),
    false,
  );
  assert.equal(knowledge.afford(t.hub.state, owner, account.asset, balance - 2n * half), true);
});

test('an owner without a cash account in the asset is not held back', () => {
  const t = genesisHub();
  const knowledge = new TraderKnowledge();
  assert.equal(knowledge.afford(t.hub.state, 'nobody', 'CNY', 1n), true);
});
