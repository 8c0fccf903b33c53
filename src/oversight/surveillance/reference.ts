/**
 * What surveillance knows about instruments, parties and investors: learnt from the hub's own
 * reference events (so alerts stay a pure function of the event sequence), or seeded from a
 * reference snapshot when a reader starts in the middle of a journal.
 * @module
 */

import type { ReferenceEvent } from '../../hub/index.js';
import { formatMinor } from '../../kernel/index.js';
import { referenceTickRule, type TickRule } from '../../market/index.js';
import type { Investor, Party, Security, TickTableId } from '../../reference/index.js';

export interface InstrumentInfo {
  readonly id: string;
  /** The exchange symbol (`600519`, `0700`): what alert texts name. */
  readonly symbol: string;
  readonly market: string;
  readonly currency: string;
  /** Decimal places of a price unit: 2 for A shares (1 unit = RMB 0.01), 3 for Hong Kong. */
  readonly price_scale: number;
  readonly lot_units: number;
  readonly tick: TickRule;
}

export interface ReferenceSeed {
  readonly securities?: Iterable<Security>;
  readonly parties?: Iterable<Party>;
  readonly investors?: Iterable<Investor>;
}

export class ReferenceView {
  readonly instruments = new Map<string, InstrumentInfo>();
  readonly parties = new Map<string, Party>();
  readonly investors = new Map<string, Investor>();
  /** Called when a market maker registers, so obligations can be set up. */
  onMaker: (party: Party) => void = () => {};

  seed(seed: ReferenceSeed): void {
    for (const security of seed.securities ?? []) this.addSecurity(security);
    for (const party of seed.parties ?? []) this.addParty(party);
    for (const investor of seed.investors ?? []) this.investors.set(investor.id, investor);
  }

  apply(event: ReferenceEvent): void {
    switch (event.type) {
      case 'security_registered':
      case 'security_updated':
        this.addSecurity(event.security);
        return;
      case 'party_registered':
        this.addParty(event.party);
        return;
      case 'investor_registered':
      case 'investor_updated':
        this.investors.set(event.investor.id, event.investor);
        return;
      case 'cash_asset_registered':
        return;
    }
  }

  isMarketMaker(owner: string): boolean {
    return this.parties.get(owner)?.roles.includes('market_maker') ?? false;
  }

  private addSecurity(security: Security): void {
    this.instruments.set(security.id, {
      id: security.id,
      symbol: security.symbol,
      market: security.market,
      currency: security.currency,
      price_scale: security.price_scale,
      lot_units: Math.max(1, security.lot_size),
      tick: referenceTickRule(security.tick_table as TickTableId),
    });
  }

  private addParty(party: Party): void {
    this.parties.set(party.id, party);
    if (party.roles.includes('market_maker')) this.onMaker(party);
  }
}

/** Whole ticks from `low` to `high` (the tick size at `low`); negative when `high < low`. */
export function ticksBetween(tick: TickRule, low: number, high: number): number {
  if (low <= 0 || high <= 0) return 0;
  if (high < low) return -ticksBetween(tick, high, low);
  return Math.floor((high - low) / tick.tickSizeAt(low));
}

/** A price in the instrument's units as the market quotes it: 146050 at scale 2 → "1460.50". */
export function priceText(info: InstrumentInfo, units: number): string {
  return formatMinor(BigInt(units), info.price_scale);
}
