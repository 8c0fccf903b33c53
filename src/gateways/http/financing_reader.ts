/**
 * Recent margin calls for `GET /v1/financing/margin-calls` (docs/financing.md §13): the hub keeps
 * only what is open, so the history is a reader fed from committed `margin_called` events (and
 * `repo_opened`, for each repo's bond and currency), seeded at start from the projection's events.
 * Bounded: the newest MARGIN_CALLS_KEPT calls.
 * @module
 */

import type { HubEvent } from '../../hub/index.js';
import type { HubNode } from '../../runtime/index.js';

export const MARGIN_CALLS_KEPT = 1_000;

export interface MarginCallView {
  readonly event_seq: number;
  readonly timestamp_us: number;
  readonly repo_id: string;
  readonly seller: string;
  readonly buyer: string;
  readonly isin: string | null;
  readonly currency: string | null;
  /** `seller`: the cash borrower delivered margin to the buyer; `buyer`: the other way. */
  readonly from: 'seller' | 'buyer';
  readonly amount_minor: bigint;
  readonly market_value_minor: bigint;
  /** Cash margin the buyer holds after the call (negative: the seller holds the buyer's). */
  readonly cash_margin_minor: bigint;
}

type RepoOpened = Extract<HubEvent, { type: 'repo_opened' }>;
type MarginCalled = Extract<HubEvent, { type: 'margin_called' }>;

/** Bigints arrive as bigints from the hub and as decimal strings from the projection. */
const big = (value: unknown): bigint => BigInt(String(value));

export class MarginCallLog {
  /** Oldest first. */
  private readonly calls: MarginCallView[] = [];
  /** Each repo's bond and cash currency, from its opening (kept for closed repos' calls). */
  private readonly repos = new Map<string, { isin: string; currency: string }>();
  private readonly open = new Set<string>();
  /** When each bond's latest closing valuation was published (hub time). */
  private readonly valued_at = new Map<string, number>();

  apply(event: HubEvent, event_seq: number, timestamp_us: number): void {
    if (event.type === 'repo_opened') this.opened(event);
    else if (event.type === 'repo_closed') this.closed(event.repo_id);
    else if (event.type === 'bond_valuation_published')
      this.valued_at.set(event.isin, timestamp_us);
    else if (event.type === 'margin_called') this.called(event, event_seq, timestamp_us);
  }

  /** The repo's newest margin call kept, if any. */
  lastCall(repo_id: string): MarginCallView | undefined {
    for (let i = this.calls.length - 1; i >= 0; i -= 1)
      if (this.calls[i]?.repo_id === repo_id) return this.calls[i];
    return undefined;
  }

  /** When the bond's latest closing valuation was published; undefined when not known. */
  valuedAt(isin: string): number | undefined {
    return this.valued_at.get(isin);
  }

  /** Newest first, those `sees` lets through, at most `limit`. */
  list(
    sees: (call: MarginCallView) => boolean,
    filter: { repo_id?: string | undefined; limit: number },
  ): MarginCallView[] {
    const out: MarginCallView[] = [];
    for (let i = this.calls.length - 1; i >= 0 && out.length < filter.limit; i -= 1) {
      const call = this.calls[i] as MarginCallView;
      if (filter.repo_id !== undefined && call.repo_id !== filter.repo_id) continue;
      if (sees(call)) out.push(call);
    }
    return out;
  }

  /**
   * After a restart: the repos still open from the hub's state (their calls may come later), then
   * the newest calls and their closed repos' openings from the projection.
   */
  async seed(node: HubNode): Promise<void> {
    for (const { terms } of node.hub.state.financing.repos.values()) {
      this.repos.set(terms.repo_id, { isin: terms.isin, currency: terms.currency });
      this.open.add(terms.repo_id);
    }
    const projection = node.queries;
    if (projection === null) return;
    const rows = await projection.newestEventsOfType('margin_called', MARGIN_CALLS_KEPT);
    for (const v of await projection.latestValuationTimes()) this.valued_at.set(v.isin, v.at_us);
    for (const row of rows.reverse()) {
      const event = row.event as MarginCalled;
      if (!this.repos.has(event.repo_id)) {
        const opened = await projection.newestEventWithField(
          'repo_opened',
          'repo_id',
          event.repo_id,
        );
        if (opened !== undefined) this.opened(opened.event as RepoOpened);
      }
      this.called(event, row.event_seq, row.timestamp_us);
    }
  }

  private opened(event: RepoOpened): void {
    this.repos.set(event.repo_id, { isin: event.terms.isin, currency: event.terms.currency });
    this.open.add(event.repo_id);
  }

  private closed(repo_id: string): void {
    this.open.delete(repo_id);
    if (!this.calls.some((c) => c.repo_id === repo_id)) this.repos.delete(repo_id);
  }

  private called(event: MarginCalled, event_seq: number, timestamp_us: number): void {
    const repo = this.repos.get(event.repo_id);
    this.calls.push({
      ...{ event_seq, timestamp_us, repo_id: event.repo_id },
      ...{ seller: event.seller, buyer: event.buyer, from: event.from },
      ...{ isin: repo?.isin ?? null, currency: repo?.currency ?? null },
      amount_minor: big(event.amount_minor),
      market_value_minor: big(event.market_value_minor),
      cash_margin_minor: big(event.cash_margin_minor),
    });
    if (this.calls.length > MARGIN_CALLS_KEPT) {
      this.calls.splice(0, this.calls.length - MARGIN_CALLS_KEPT);
      // Closed repos no kept call refers to are forgotten with their calls.
      const referred = new Set(this.calls.map((c) => c.repo_id));
      for (const id of this.repos.keys())
        if (!referred.has(id) && !this.open.has(id)) this.repos.delete(id);
    }
  }
}
