/**
 * The settlement benchmark's workloads (docs/benchmarks.md § Settlement): worlds of investors
 * funded in every asset, and seeded streams of trades, built before any clock starts.
 *
 * - gross: tokenized green bond trades between 10,000 investors, settled DvP in e-HKD, one
 *   instruction each (configured T+1 so capture does not settle them and the settlement can be
 *   timed on its own).
 * - net: SEHK trades in 20 securities between 2,000 investors: 2 instructions per trade after
 *   novation to HKSCC, netted and settled on T+2 in one cycle.
 * Benchmark code, not the deterministic core.
 * @module
 */

import { Mulberry32 } from '../../kernel/random.js';
import { createTransfers, type TransferInput } from '../../ledger/index.js';
import { accountInputFor } from '../../posttrade/accounts.js';
import { DEFAULT_POSTTRADE_CONFIG, posttradeConfig } from '../../posttrade/config.js';
import { NULL_POSTTRADE_SINK } from '../../posttrade/events.js';
import type { PosttradeEnv } from '../../posttrade/state.js';
import {
  createWorld,
  envOf,
  GREEN_HKD,
  issuanceId,
  openAll,
  openInfrastructure,
  openIssuance,
  tradeOf,
  type World,
} from '../../posttrade/testing.js';
import type { TradeForSettlement } from '../../posttrade/types.js';
import { isinCheckDigit } from '../../reference/index.js';

/** Investors in the gross workload. */
export const GROSS_INVESTORS = 10_000;
/** Investors in the net workload. */
export const NET_INVESTORS = 2_000;
/** Securities in the net workload. */
export const NET_SECURITIES = 20;
const SEED = 7;

/** ISINs of the net workload's securities (well formed, check digit computed). */
export function netSecurities(): string[] {
  return Array.from({ length: NET_SECURITIES }, (_, k) => {
    const base = `HKBNCH${String(k).padStart(5, '0')}`;
    return `${base}${isinCheckDigit(base)}`;
  });
}

/** The env benchmarks settle with: events go nowhere. */
export function benchEnv(world: World): PosttradeEnv {
  return { ...envOf(world), events: NULL_POSTTRADE_SINK, sink: { emit: () => undefined } };
}

function fundAll(world: World, owners: readonly string[], assets: Record<string, bigint>): void {
  openAll(
    world,
    owners.flatMap((owner) =>
      Object.keys(assets).map((asset) => accountInputFor({ owner, asset, role: 'holding' })),
    ),
  );
  openIssuance(world, Object.keys(assets));
  const transfers: TransferInput[] = [];
  for (const owner of owners) {
    for (const [asset, amount] of Object.entries(assets)) {
      transfers.push({
        id: `fund/${owner}/${asset}`,
        debit_account_id: issuanceId(asset),
        credit_account_id: `${owner}/${asset}`,
        amount_minor: amount,
      });
    }
  }
  const context = {
    actor: envOf(world).actor,
    timestamp_us: world.now_us,
    sink: { emit: () => undefined },
  };
  for (let i = 0; i < transfers.length; i += 8_000) {
    const outcome = createTransfers(world.ledger, transfers.slice(i, i + 8_000), context);
    if (!outcome.ok) throw new Error(`bench funding failed: ${outcome.code}`);
  }
}

/** A world for gross DvP, and `count` bond trades between random pairs. */
export function grossWorkload(count: number): { world: World; trades: TradeForSettlement[] } {
  const streams = { ...DEFAULT_POSTTRADE_CONFIG.streams };
  streams.tokenized = { ...streams.tokenized, securities_lag_days: 1, cash_lag_days: 1 };
  const world = createWorld(posttradeConfig({ streams }));
  openInfrastructure(world, { cn: [], hk: [], other: [GREEN_HKD], cash: ['e-HKD'] });
  const owners = Array.from({ length: GROSS_INVESTORS }, (_, k) => `inv${k}`);
  fundAll(world, owners, { [GREEN_HKD]: 1_000_000_000n, 'e-HKD': 1_000_000_000_000_000n });
  const rng = new Mulberry32(SEED);
  const trades: TradeForSettlement[] = [];
  for (let k = 0; k < count; k += 1) {
    const seller = rng.int(0, GROSS_INVESTORS - 1);
    let buyer = rng.int(0, GROSS_INVESTORS - 2);
    if (buyer >= seller) buyer += 1;
    trades.push(
      tradeOf({
        trade_id: `g:${k}`,
        instrument: GREEN_HKD,
        market: 'CMU',
        seller: owners[seller] as string,
        buyer: owners[buyer] as string,
        quantity_units: rng.int(1, 100) * 100,
        price_units: rng.int(99_000, 101_000),
        face_value_minor: 100n,
        cash_asset: 'e-HKD',
      }),
    );
  }
  return { world, trades };
}

/** A world for netting, and `count` SEHK trades between random pairs in random securities. */
export function netWorkload(count: number): { world: World; trades: TradeForSettlement[] } {
  const world = createWorld();
  const isins = netSecurities();
  openInfrastructure(world, { cn: [], hk: isins, other: [], cash: ['HKD'] });
  const owners = Array.from({ length: NET_INVESTORS }, (_, k) => `inv${k}`);
  const assets: Record<string, bigint> = { HKD: 1_000_000_000_000_000n };
  for (const isin of isins) assets[isin] = 1_000_000_000n;
  fundAll(world, owners, assets);
  const rng = new Mulberry32(SEED);
  const trades: TradeForSettlement[] = [];
  for (let k = 0; k < count; k += 1) {
    const seller = rng.int(0, NET_INVESTORS - 1);
    let buyer = rng.int(0, NET_INVESTORS - 2);
    if (buyer >= seller) buyer += 1;
    trades.push(
      tradeOf({
        trade_id: `n:${k}`,
        instrument: isins[rng.int(0, NET_SECURITIES - 1)] as string,
        seller: owners[seller] as string,
        buyer: owners[buyer] as string,
        quantity_units: rng.int(1, 10) * 100,
        price_units: rng.int(10_000, 100_000),
      }),
    );
  }
  return { world, trades };
}
