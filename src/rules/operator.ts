/**
 * Operator inputs: eligibility lists, daily quotas, Southbound channels and seeded foreign
 * holdings. Each checks the whole input first and changes nothing when it refuses.
 * @module
 */

import { accept, type Outcome, type Rejection, secondOfDay } from '../kernel/index.js';
import type { ReferenceState, Security } from '../reference/index.js';
import { ownershipApplies } from './checks_holdings.js';
import { refuse } from './codes.js';
import type {
  SeedForeignHoldings,
  SetDailyQuota,
  SetEligibility,
  SetSouthboundChannel,
} from './commands.js';
import { type LinkInfo, linkInfo } from './links.js';
import { checkOwnerOf } from './operator_checks.js';
import { addToLot, openLot } from './ownership.js';
import { updateBuySuspension } from './ownership_limits.js';
import { adjustQuota } from './quota.js';
import type { RulesState } from './state.js';
import { scheduleFor } from './windows.js';

/** Puts securities on links' lists, makes them sell-only, or removes them. */
export function setEligibility(
  state: RulesState,
  reference: ReferenceState,
  input: SetEligibility,
): Outcome<{ readonly entries: number }> {
  const added = [new Set<string>(), new Set<string>(), new Set<string>(), new Set<string>()];
  for (const entry of input.entries) {
    const info = linkInfo(entry.link);
    const refused = checkEligibilityEntry(reference, info, entry.instrument);
    if (refused !== null) return refused;
    const list = state.eligibility[info.index] as Map<string, string>;
    if (entry.status !== 'removed' && !list.has(entry.instrument)) {
      (added[info.index] as Set<string>).add(entry.instrument);
    }
    if (
      list.size + (added[info.index] as Set<string>).size >
      state.limits.eligibility_per_link_max
    ) {
      return refuse('ELIGIBILITY_FULL', `The ${entry.link} list is full`, {
        link: entry.link,
        maximum: state.limits.eligibility_per_link_max,
      });
    }
  }
  for (const entry of input.entries) {
    const list = state.eligibility[linkInfo(entry.link).index] as Map<string, string>;
    if (entry.status === 'removed') list.delete(entry.instrument);
    else list.set(entry.instrument, entry.status);
  }
  return accept({ entries: input.entries.length });
}

function checkEligibilityEntry(
  reference: ReferenceState,
  info: LinkInfo,
  instrument: string,
): Rejection | null {
  const security = reference.securities.get(instrument);
  if (security === undefined) {
    return refuse('UNKNOWN_SECURITY', `No security ${instrument}`, { instrument });
  }
  if (security.kind !== 'stock' && security.kind !== 'etf') {
    return refuse('ELIGIBILITY_KIND_INVALID', 'Stock Connect lists stocks and ETFs only', {
      instrument,
      kind: security.kind,
    });
  }
  const market = info.direction === 'northbound' ? info.mainland_market : 'XHKG';
  if (security.market !== market) {
    return refuse('ELIGIBILITY_MARKET_MISMATCH', `${instrument} is not listed on ${market}`, {
      link: info.link,
      instrument,
      market: security.market,
      link_market: market,
    });
  }
  return null;
}

/**
 * Sets a link's daily quota: from the next day start, or (`now`) today as well, the difference
 * the balance moving by the difference (the formula's daily-quota term changes).
 */
export function setDailyQuota(
  state: RulesState,
  input: SetDailyQuota,
  timestamp_us: number,
): Outcome<{ readonly daily_quota_minor: bigint }> {
  if (input.daily_quota_minor <= 0n) {
    return refuse('QUOTA_INVALID', 'A daily quota is a positive amount', {
      link: input.link,
      daily_quota_minor: input.daily_quota_minor,
    });
  }
  const info = linkInfo(input.link);
  const quota = state.quotas[info.index];
  if (quota === undefined) return refuse('QUOTA_INVALID', 'Unknown link', { link: input.link });
  quota.next_daily_quota_minor = input.daily_quota_minor;
  if (input.effective === 'now' && state.day.open) {
    const schedule = scheduleFor(info.direction, state.day.hk_half_day);
    adjustQuota(quota, input.daily_quota_minor, schedule, secondOfDay(timestamp_us));
  }
  return accept({ daily_quota_minor: input.daily_quota_minor });
}

/** Registers the Mainland exchange an investor trades Southbound through. */
export function setSouthboundChannel(
  state: RulesState,
  reference: ReferenceState,
  input: SetSouthboundChannel,
): Outcome<{ readonly investor: string }> {
  const investor = reference.investors.get(input.investor);
  if (investor === undefined) {
    return refuse('UNKNOWN_OWNER', `No investor ${input.investor}`, { owner: input.investor });
  }
  const broker = reference.parties.get(investor.broker);
  if (broker === undefined || !broker.exchange_participant_of.includes(input.channel)) {
    return refuse(
      'CHANNEL_NOT_AVAILABLE',
      `${investor.broker} is not a ${input.channel} participant`,
      {
        investor: input.investor,
        broker: investor.broker,
        channel: input.channel,
      },
    );
  }
  const fresh = !state.channels.has(input.investor);
  if (fresh && state.channels.size >= state.limits.channel_registrations_max) {
    return refuse('CHANNEL_REGISTRATIONS_FULL', 'The channel register is full', {
      maximum: state.limits.channel_registrations_max,
    });
  }
  state.channels.set(input.investor, input.channel);
  return accept({ investor: input.investor });
}

/**
 * Each holding is a safe integer alone, but the rules count an instrument's holdings as one number:
 * what is held plus what is seeded may not pass the units in issue, nor a safe integer.
 */
function checkSeededTotals(
  state: RulesState,
  reference: ReferenceState,
  input: SeedForeignHoldings,
): Rejection | null {
  const totals = new Map<string, bigint>();
  for (const { instrument, units } of input.holdings) {
    const held = BigInt(state.ownership.instruments.get(instrument)?.aggregate_units ?? 0);
    const total = (totals.get(instrument) ?? held) + units;
    totals.set(instrument, total);
    const issued = reference.securities.get(instrument)?.issued_units ?? 0n;
    const safe = BigInt(Number.MAX_SAFE_INTEGER);
    const limit_units = issued < safe ? issued : safe;
    if (total > limit_units) {
      return refuse(
        'HOLDINGS_TOO_LARGE',
        `Foreign holdings of ${instrument} would pass ${limit_units} units`,
        {
          instrument,
          units: total,
          limit_units,
        },
      );
    }
  }
  return null;
}

/** Seeds foreign holdings that predate the engine (A-share stocks only), stamped now. */
export function seedForeignHoldings(
  state: RulesState,
  reference: ReferenceState,
  input: SeedForeignHoldings,
  timestamp_us: number,
): Outcome<{ readonly holdings: number }> {
  for (const holding of input.holdings) {
    const security = reference.securities.get(holding.instrument);
    const refused = checkOwnerOf(reference, holding.owner);
    if (refused !== null) return refused;
    if (security === undefined || !ownershipApplies(security)) {
      return refuse(
        'HOLDING_INVALID',
        `${holding.instrument} is not an A-share stock with shares in issue`,
        {
          instrument: holding.instrument,
        },
      );
    }
    if (holding.units <= 0n || holding.units > BigInt(Number.MAX_SAFE_INTEGER)) {
      return refuse('HOLDING_INVALID', 'Seeded units are positive whole units', {
        instrument: holding.instrument,
        units: holding.units,
      });
    }
  }
  const too_large = checkSeededTotals(state, reference, input);
  if (too_large !== null) return too_large;
  const o = state.ownership;
  if (o.lot_count + o.pending_lots + input.holdings.length > state.limits.ownership_lots_max) {
    return refuse('OWNERSHIP_LOTS_FULL', 'The rules track the most ownership lots they can', {
      maximum: state.limits.ownership_lots_max,
    });
  }
  for (const holding of input.holdings) {
    const lot = openLot(o, holding.instrument, holding.owner, 0, timestamp_us);
    addToLot(lot, Number(holding.units));
    updateBuySuspension(lot.entry, reference.securities.get(holding.instrument) as Security);
  }
  return accept({ holdings: input.holdings.length });
}
