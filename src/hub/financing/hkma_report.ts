/**
 * The same-day repo report to the HKMA (docs/financing.md §10): Northbound repo trades are
 * reported to the HKMA the same day (HKMA press releases 20250708-4, 20250825-5). The sources
 * give no field list, so the report carries the repo's identity, parties and PLP, bond, face,
 * cash, currency, rate, haircut, dates and whether its collateral is re-used (*assumption*).
 * Lines are kept in the financing state, so the report is deterministic and in the digest;
 * lines older than `REPO_REPORT_DAYS_KEPT` calendar days are dropped as new ones arrive.
 * @module
 */

import type { RepoTerms } from '../../financing/index.js';
import { addDays } from '../../kernel/index.js';
import type { HubState } from '../state.js';
import type { RepoReport } from './collateral_types.js';

/** Days of repo reports kept in the state (*assumption*: a working week and a weekend). */
export const REPO_REPORT_DAYS_KEPT = 7;

/** Who reads: an operator reads every line, a participant the lines of repos it is party to. */
export interface ReportViewer {
  readonly operator: boolean;
  actsFor(owner: string): boolean;
}

/** Adds a line for a repo opened or closed today, dropping lines past the window. */
export function recordRepoReport(
  state: HubState,
  terms: RepoTerms,
  line: Pick<RepoReport, 'date' | 'timestamp_us' | 'action' | 'cash_minor' | 'reuse_of'>,
): void {
  const plps = [terms.seller, terms.buyer].filter((p) => state.financing.plps.has(p));
  // Lines arrive in date order (the hub's clock only moves forward), so the ones past the window
  // are at the front: drop them there, and never rescan the lines kept.
  const oldest = addDays(line.date, 1 - REPO_REPORT_DAYS_KEPT);
  const reports = state.financing.repo_reports;
  let past = 0;
  while (past < reports.length && (reports[past] as RepoReport).date < oldest) past += 1;
  if (past > 0) reports.splice(0, past);
  reports.push({
    ...line,
    ...{ repo_id: terms.repo_id, seller: terms.seller, buyer: terms.buyer, plps },
    ...{ isin: terms.isin, face_minor: terms.face_minor, currency: terms.currency },
    ...{ rate_e12: terms.rate_e12, haircut_ppm: terms.haircut_ppm },
    ...{ purchase_date: terms.purchase_date, repurchase_date: terms.repurchase_date },
  });
}

/**
 * The repo report for `date`: every repo opened or closed that day, in the order it happened;
 * with a viewer, what that viewer may read. Empty for a day outside the kept window.
 */
export function hkmaRepoReport(
  state: HubState,
  date: string,
  viewer?: ReportViewer,
): readonly RepoReport[] {
  return state.financing.repo_reports.filter(
    (r) =>
      r.date === date &&
      (viewer === undefined ||
        viewer.operator ||
        viewer.actsFor(r.seller) ||
        viewer.actsFor(r.buyer)),
  );
}
