/**
 * A liquidity stress as a supervisor reads it: per scenario, CCP and currency, the need over the
 * whole horizon, the resources available, the largest shortfall and the first day short, with
 * the affiliate groups whose default sets the need.
 * @module
 */

import type { CurrencyCode } from '../../reference/index.js';
import type { LiquidityReport } from './liquidity.js';
import type { CcpId } from './types.js';

export interface LiquiditySummaryRow {
  readonly scenario: string;
  readonly ccp: CcpId;
  readonly currency: CurrencyCode;
  readonly groups: readonly string[];
  /** The cumulative need on the horizon's last day (needs only grow day by day). */
  readonly need_minor: bigint;
  readonly available_minor: bigint;
  readonly shortfall_minor: bigint;
  /** The first day (0 = today) with a shortfall; null when there is none. */
  readonly first_short_day: number | null;
}

export function liquiditySummary(report: LiquidityReport): LiquiditySummaryRow[] {
  const rows = new Map<string, LiquiditySummaryRow>();
  for (const line of report.lines) {
    const key = `${line.scenario}\u0000${line.ccp}\u0000${line.currency}`;
    const seen = rows.get(key);
    const short = line.shortfall_minor > 0n;
    const groups = report.groups.find((g) => g.ccp === line.ccp && g.currency === line.currency);
    rows.set(key, {
      scenario: line.scenario,
      ccp: line.ccp,
      currency: line.currency,
      groups: groups?.groups ?? [],
      need_minor: line.need_minor,
      available_minor: line.available_minor,
      shortfall_minor:
        seen !== undefined && seen.shortfall_minor > line.shortfall_minor
          ? seen.shortfall_minor
          : line.shortfall_minor,
      first_short_day: seen?.first_short_day ?? (short ? line.day : null),
    });
  }
  return [...rows.values()];
}
