/**
 * Helpers for posttrade's tests: a small world (ledger, posttrade state, env, event logs) with
 * the settlement infrastructure opened and funded. Not used in production code.
 * @module
 */

import { encode } from '../kernel/codec.js';
import {
  type AccountInput,
  createLedgerState,
  createTransfers,
  type LedgerState,
  OPERATOR_ACTOR,
  postedBalance,
  retainedCount,
  setFrozen,
} from '../ledger/index.js';
import { EventLog, ledgerText, openAccounts } from '../ledger/testing.js';
import {
  type AccountNeed,
  type AccountRole,
  accountInputFor,
  DEFAULT_RESOLVER,
  posttradeAccountInputs,
} from './accounts.js';
import {
  CSDR_LIQUID_SHARES_PENALTY_PPM,
  DEFAULT_POSTTRADE_CONFIG,
  type PosttradeConfig,
  posttradeConfig,
} from './config.js';
import type { PosttradeEvent } from './events.js';
import type { InstrumentLookup } from './sese023.js';
import { snapshotPosttrade } from './snapshot.js';
import { createPosttradeState, type PosttradeEnv, type PosttradeState } from './state.js';
import type { TradeForSettlement } from './types.js';

/** Securities used by the tests (real or demo ISINs). */
export const MOUTAI = 'CNE0000018R8'; // 600519, XSHG
export const PINGAN = 'CNE000001R84'; // 601318, XSHG
export const TENCENT = 'KYG875721634'; // 0700, XHKG
export const HSBC_HK = 'GB0005405286'; // 0005, XHKG
export const GREEN_HKD = 'HKHTGB25HKD0'; // tokenized green bond, HKD tranche, CMU
export const GREEN_CNH = 'HKHTGB25CNH6';
export const GREEN_USD = 'HKHTGB25USD6';
export const GREEN_EUR = 'HKHTGB25EUR6';
export const MMF_TOKEN = 'HKHTMMFTK016'; // tokenized MMF on the shared VATP book

/** Everything a test settles with. */
export interface World {
  readonly ledger: LedgerState;
  state: PosttradeState;
  readonly ledger_events: EventLog;
  readonly events: PosttradeEvent[];
  now_us: number;
}

/**
 * The configuration with a CSDR-shaped daily penalty (1 bp) on the exchange streams, which have
 * none by default: for tests of the penalty mechanism itself.
 */
export function withEquityPenalties(overrides: Partial<PosttradeConfig> = {}): PosttradeConfig {
  const streams = { ...DEFAULT_POSTTRADE_CONFIG.streams };
  for (const stream of ['northbound', 'cn_domestic', 'southbound', 'hk_domestic'] as const) {
    streams[stream] = { ...streams[stream], penalty_ppm_per_day: CSDR_LIQUID_SHARES_PENALTY_PPM };
  }
  return posttradeConfig({ streams, ...overrides });
}

/** A world with an empty ledger and posttrade state. */
export function createWorld(config: PosttradeConfig = DEFAULT_POSTTRADE_CONFIG): World {
  return {
    ledger: createLedgerState(),
    state: createPosttradeState(config),
    ledger_events: new EventLog(),
    events: [],
    now_us: 1_767_571_200_000_000, // 2026-01-05T00:00:00Z
  };
}

/** The env of a world at its current time. */
export function envOf(world: World): PosttradeEnv {
  return {
    ledger: world.ledger,
    resolver: DEFAULT_RESOLVER,
    actor: OPERATOR_ACTOR,
    sink: world.ledger_events,
    events: { emit: (event) => world.events.push(event) },
    timestamp_us: world.now_us,
  };
}

/** Opens accounts (idempotent for identical inputs). */
export function openAll(world: World, inputs: AccountInput[]): void {
  for (let i = 0; i < inputs.length; i += 8_000) {
    openAccounts(world.ledger, inputs.slice(i, i + 8_000));
  }
}

/** Opens one account per need with posttrade's flags. */
export function openNeeds(world: World, needs: AccountNeed[]): void {
  openAll(
    world,
    needs.map((need) => accountInputFor(need)),
  );
}

/** The issuance account every asset is minted from in tests. */
export function issuanceId(asset: string): string {
  return `MINT/${asset}/issuance`;
}

/** Opens issuance accounts for the assets (once). */
export function openIssuance(world: World, assets: readonly string[]): void {
  const fresh = assets.filter((a) => !world.ledger.accounts.has(issuanceId(a)));
  if (fresh.length === 0) return;
  openNeeds(
    world,
    fresh.map((asset) => ({ owner: 'MINT', asset, role: 'issuance' as const })),
  );
}

/** Mints `amount` of an account's asset into it. */
export function mint(world: World, account_id: string, amount: bigint): void {
  const account = world.ledger.accounts.get(account_id);
  if (account === undefined) throw new Error(`no account ${account_id}`);
  if (amount === 0n) return;
  openIssuance(world, [account.asset]);
  const mint_sequence = retainedCount(world.ledger);
  const outcome = createTransfers(
    world.ledger,
    [
      {
        id: `mint/${mint_sequence}/${account_id}`.slice(0, 64),
        debit_account_id: issuanceId(account.asset),
        credit_account_id: account_id,
        amount_minor: amount,
        code: 'mint',
      },
    ],
    { actor: OPERATOR_ACTOR, timestamp_us: world.now_us, sink: world.ledger_events },
  );
  if (!outcome.ok) throw new Error(`mint failed: ${outcome.code}`);
}

/** The account id of (owner, asset, role) under the default resolver. */
export function idOf(owner: string, asset: string, role: AccountRole = 'holding'): string {
  return DEFAULT_RESOLVER.accountFor(owner, asset, role) as string;
}

/** Posted balance of (owner, asset, role). */
export function balance(
  world: World,
  owner: string,
  asset: string,
  role: AccountRole = 'holding',
): bigint {
  const account = world.ledger.accounts.get(idOf(owner, asset, role));
  if (account === undefined) throw new Error(`no account ${idOf(owner, asset, role)}`);
  return postedBalance(account);
}

/** Posted balance of an account by id. */
export function balanceOfId(world: World, id: string): bigint {
  const account = world.ledger.accounts.get(id);
  if (account === undefined) throw new Error(`no account ${id}`);
  return postedBalance(account);
}

/** Freezes or unfreezes an account. */
export function freeze(world: World, id: string, frozen = true): void {
  const outcome = setFrozen(
    world.ledger,
    { account_id: id, frozen, reason: 'test' },
    world.ledger_events,
  );
  if (!outcome.ok) throw new Error(outcome.code);
}

/** Opens holdings (root accounts) for owners in assets, and funds them. */
export function holders(
  world: World,
  owners: readonly string[],
  assets: Record<string, bigint>,
): void {
  const needs: AccountNeed[] = [];
  for (const owner of owners) {
    for (const asset of Object.keys(assets)) {
      if (!world.ledger.accounts.has(idOf(owner, asset)))
        needs.push({ owner, asset, role: 'holding' });
    }
  }
  if (needs.length > 0) openNeeds(world, needs);
  for (const owner of owners) {
    for (const [asset, amount] of Object.entries(assets))
      if (amount > 0n) mint(world, idOf(owner, asset), amount);
  }
}

/** Opens the settlement infrastructure for the given securities and cash assets. */
export function openInfrastructure(
  world: World,
  plan: {
    cn: readonly string[];
    hk: readonly string[];
    other: readonly string[];
    cash: readonly string[];
  },
): void {
  const config = world.state.config;
  const inputs = posttradeAccountInputs(config, {
    ccp_securities: { CSDC: plan.cn, HKSCC: plan.hk },
    ccp_cash: { CSDC: ['CNY'], HKSCC: ['HKD'] },
    netted_assets: [...plan.cn, ...plan.hk, ...plan.other, ...plan.cash],
    penalty_cash: { CSDC: ['CNY'], HKSCC: ['HKD'], HUTONG: plan.cash },
  });
  openAll(world, inputs);
  holders(world, [config.southbound.fx_bank], { HKD: 0n, CNY: 0n });
}

/** A trade with test defaults: a domestic SEHK trade of 100 Tencent at HKD 620.000. */
export function tradeOf(
  fields: Partial<TradeForSettlement> & { trade_id: string },
): TradeForSettlement {
  return {
    instrument: TENCENT,
    market: 'XHKG',
    price_units: 620_000,
    quantity_units: 100,
    buyer: 'buyer',
    seller: 'seller',
    buyer_participant: 'BROKER_B',
    seller_participant: 'BROKER_S',
    buy_route: 'domestic',
    sell_route: 'domestic',
    buy_venue: 'XHKG',
    sell_venue: 'XHKG',
    timestamp_us: 1_767_571_200_000_000,
    trade_date: '2026-01-05',
    currency: 'HKD',
    price_scale: 3,
    ...fields,
  };
}

/** The whole of a world's state as text: equal text means nothing changed. */
export function worldText(world: World): string {
  return `${encode(snapshotPosttrade(world.state))}\n${ledgerText(world.ledger)}`;
}

/** Instrument data for sese.023 import in tests. */
export const TEST_INSTRUMENTS: InstrumentLookup = (isin) => {
  if (isin.startsWith('HKHTGB25')) {
    const ccy = isin.slice(8, 11) as 'HKD' | 'CNH' | 'USD' | 'EUR';
    return { market: 'CMU', currency: ccy, price_scale: 3 };
  }
  if (isin === MMF_TOKEN) return { market: 'VATP', currency: 'HKD', price_scale: 4 };
  if (isin === TENCENT || isin === HSBC_HK)
    return { market: 'XHKG', currency: 'HKD', price_scale: 3 };
  if (isin === MOUTAI || isin === PINGAN)
    return { market: 'XSHG', currency: 'CNY', price_scale: 2 };
  return undefined;
};
