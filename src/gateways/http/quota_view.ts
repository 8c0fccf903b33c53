/**
 * The Northbound and Southbound daily quotas, read from the rules' state in the hub. Operators see
 * the figures; participants see what HKEX discloses: "sufficient" while the balance is at or above
 * the disclosure threshold, the balance below it.
 * @module
 */

import { bondQuotaReport, type HubState } from '../../hub/index.js';
import { linkInfo, quotaDisclosures } from '../../rules/index.js';
import type { QuotaReader, QuotaView } from './readers.js';
import type { Viewer } from './scope.js';

function operatorView(state: HubState): QuotaView[] {
  return state.rules.quotas.map((q) => ({
    link: q.link,
    direction: linkInfo(q.link).direction,
    status: q.buying_closed ? 'closed' : 'balance',
    daily_quota_minor: q.daily_quota_minor,
    balance_minor: q.balance_minor,
  }));
}

function publicView(state: HubState): QuotaView[] {
  return quotaDisclosures(state.rules).map((d) => ({
    link: d.link,
    direction: linkInfo(d.link).direction,
    status: d.status,
    daily_quota_minor: d.status === 'balance' ? d.daily_quota_minor : null,
    balance_minor: d.status === 'balance' ? d.balance_minor : null,
  }));
}

export const RULES_QUOTA_READER: QuotaReader = {
  quotas: (state: HubState, viewer: Viewer) =>
    viewer.operator ? operatorView(state) : publicView(state),
};

/**
 * The Southbound Bond Connect quota (docs/bonds.md §3) as a viewer may see it: the daily balance
 * for an operator always, for a participant only once it is below 30 % ("sufficient" before).
 */
export function bondQuotaView(state: HubState, viewer: Viewer) {
  const report = bondQuotaReport(state.bonds);
  const shown = viewer.operator || report.daily_status !== 'sufficient';
  return { ...report, daily_balance_minor: shown ? report.daily_balance_minor : null };
}
