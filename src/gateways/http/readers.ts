/**
 * What the API needs from domains that are being written now. Until a domain provides its reader,
 * its endpoints answer 501 with a message that says so. The server takes them as options
 * (`quotas`, `settlement`).
 *
 * - Quotas (src/rules): read by quota_view.ts from `state.rules` (the default reader).
 * - Settlement (src/posttrade): counts of instructions per status (matched, pending, settled,
 *   failed, cancelled) and the instructions themselves, scoped to the viewer's parties.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import type { Viewer } from './scope.js';

export interface QuotaView {
  /** `sh_northbound`, `sz_northbound`, `sh_southbound`, `sz_southbound`. */
  readonly link: string;
  readonly direction: 'northbound' | 'southbound';
  /** `sufficient`, `balance`, or a closure the domain defines. */
  readonly status: string;
  readonly daily_quota_minor: bigint | null;
  readonly balance_minor: bigint | null;
}

export interface QuotaReader {
  quotas(state: HubState, viewer: Viewer): readonly QuotaView[];
}

export interface SettlementView {
  readonly id: string;
  /** One of the domain's statuses (matched, pending, settled, failed, cancelled). */
  readonly status: string;
  readonly instrument: string | null;
  /** The parties whose accounts settle: scoping shows an instruction to each of them. */
  readonly parties: readonly string[];
  readonly settlement_date: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface SettlementSummary {
  readonly by_participant: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly fail_reasons: Readonly<Record<string, number>>;
}

export interface SettlementReader {
  /** Instructions per status, as the viewer may see them. */
  counts(state: HubState, viewer: Viewer): Readonly<Record<string, number>>;
  /**
   * Instructions per participant and status (an instruction counts for the participant of each
   * side), and the open fails per reason; a participant sees its own row only. Optional: a
   * reader without it leaves both out of `GET /v1/settlement`.
   */
  summary?(state: HubState, viewer: Viewer): SettlementSummary;
  instructions(
    state: HubState,
    viewer: Viewer,
    filter: { status?: string; limit: number },
  ): readonly SettlementView[];
}
