/**
 * Forced-sale notices when foreign ownership is over its limits: first each investor over 10 %
 * sells the excess from their newest lots; then, if all foreign investors together still hold
 * more than 30 %, the excess is assigned to the newest lots of any investor, last in first out by
 * trade time (connect-rules.md §1.13).
 * @module
 */

import type { ReferenceState } from '../reference/index.js';
import { CONNECT_CONSTANTS } from './links.js';
import type { InstrumentOwnership, Lot, OwnershipState } from './ownership.js';

/** Who must sell how much of what, and why. */
export interface ForcedSaleNotice {
  readonly instrument: string;
  readonly owner: string;
  /** `single`: the investor's own 10 %; `aggregate`: all foreign investors' 30 %. */
  readonly limit: 'single' | 'aggregate';
  readonly excess_units: number;
  readonly limit_units: number;
  readonly held_units: number;
  /** The trade time of the newest lot the notice takes units from. */
  readonly latest_trade_timestamp_us: number;
}

/**
 * The most units one foreign investor may hold, floor(issued × 10 %), and all together,
 * floor(A shares × 30 %): the aggregate limit is on the A shares (`a_share_units`, else all).
 */
export function ownershipLimitUnits(
  issued_units: bigint,
  a_share_units: bigint = issued_units,
): {
  readonly single_units: number;
  readonly aggregate_units: number;
} {
  const single = (issued_units * BigInt(CONNECT_CONSTANTS.single_foreign_limit_ppm)) / 1_000_000n;
  const aggregate =
    (a_share_units * BigInt(CONNECT_CONSTANTS.aggregate_foreign_limit_ppm)) / 1_000_000n;
  return { single_units: Number(single), aggregate_units: Number(aggregate) };
}

/** Forced-sale notices for one instrument, or for every tracked instrument. */
export function forcedSaleNotices(
  state: OwnershipState,
  reference: ReferenceState,
  instrument?: string,
): ForcedSaleNotice[] {
  const notices: ForcedSaleNotice[] = [];
  for (const entry of state.instruments.values()) {
    if (instrument !== undefined && entry.instrument !== instrument) continue;
    const security = reference.securities.get(entry.instrument);
    const issued = security?.issued_units;
    if (issued === undefined) continue;
    const limits = ownershipLimitUnits(issued, security?.a_share_units ?? issued);
    notices.push(...instrumentNotices(entry, limits));
  }
  return notices;
}

function newestFirst(lots: readonly Lot[]): Lot[] {
  const indexed = lots.map((lot, index) => ({ lot, index })).filter((x) => x.lot.units > 0);
  indexed.sort(
    (a, b) =>
      b.lot.timestamp_us - a.lot.timestamp_us ||
      b.lot.order_id - a.lot.order_id ||
      b.index - a.index,
  );
  return indexed.map((x) => x.lot);
}

function instrumentNotices(
  entry: InstrumentOwnership,
  limits: { readonly single_units: number; readonly aggregate_units: number },
): ForcedSaleNotice[] {
  const notices: ForcedSaleNotice[] = [];
  const forced = new Map<Lot, number>();
  let single_excess = 0;
  for (const [owner, holder] of entry.holders) {
    const excess = holder.units - limits.single_units;
    if (excess <= 0) continue;
    const latest = takeNewest(newestFirst(holder.lots), excess, forced);
    single_excess += excess;
    notices.push({
      instrument: entry.instrument,
      owner,
      limit: 'single',
      excess_units: excess,
      limit_units: limits.single_units,
      held_units: holder.units,
      latest_trade_timestamp_us: latest,
    });
  }
  const excess = entry.aggregate_units - single_excess - limits.aggregate_units;
  if (excess > 0) notices.push(...aggregateNotices(entry, excess, limits, forced));
  return notices;
}

/** Marks up to `units` of the given lots (newest first) as forced; returns the newest lot time. */
function takeNewest(lots: readonly Lot[], units: number, forced: Map<Lot, number>): number {
  let left = units;
  let latest = 0;
  for (const lot of lots) {
    if (left === 0) break;
    const taken = Math.min(left, lot.units - (forced.get(lot) ?? 0));
    if (taken <= 0) continue;
    if (latest === 0) latest = lot.timestamp_us;
    forced.set(lot, (forced.get(lot) ?? 0) + taken);
    left -= taken;
  }
  return latest;
}

function aggregateNotices(
  entry: InstrumentOwnership,
  excess: number,
  limits: { readonly aggregate_units: number },
  forced: Map<Lot, number>,
): ForcedSaleNotice[] {
  const by_owner = new Map<string, { units: number; latest: number }>();
  let left = excess;
  for (const lot of newestFirst(entry.lots)) {
    if (left === 0) break;
    const taken = Math.min(left, lot.units - (forced.get(lot) ?? 0));
    if (taken <= 0) continue;
    const sum = by_owner.get(lot.owner) ?? { units: 0, latest: lot.timestamp_us };
    sum.units += taken;
    by_owner.set(lot.owner, sum);
    left -= taken;
  }
  return [...by_owner].map(([owner, sum]) => ({
    instrument: entry.instrument,
    owner,
    limit: 'aggregate' as const,
    excess_units: sum.units,
    limit_units: limits.aggregate_units,
    held_units: entry.holders.get(owner)?.units ?? 0,
    latest_trade_timestamp_us: sum.latest,
  }));
}
