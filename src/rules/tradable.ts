/**
 * What a broker's client may trade, and how: per security, the route an order would take, whether
 * a buy and a sell pass the rules that depend only on who trades what (route, the link's list, the
 * Northbound special cases, the investor's own eligibility), the client's BCAN for Northbound
 * orders, and the venues of entry of a shared book. A read for order tickets: it never changes
 * state, and what depends on the moment or the amount (the day, the acceptance window, board lots,
 * holdings, the quota) is judged when the order comes (pipeline.ts).
 * @module
 */

import type { Investor, Party, ReferenceState, Security } from '../reference/index.js';
import { checkEligibility, checkInvestor } from './checks_investor.js';
import { type Link, linkAt, type RouteName } from './links.js';
import type { RulesOrder } from './order.js';
import { routeOf } from './route.js';
import type { RulesState } from './state.js';

/** One side's verdict: allowed, or the code and message the order would be refused with. */
export interface SideVerdict {
  readonly allowed: boolean;
  readonly code: string | null;
  readonly message: string | null;
}

export interface Tradability {
  readonly instrument: string;
  /** The route an order would take; null when there is none for this broker and client. */
  readonly route: RouteName | null;
  readonly link: Link | null;
  readonly buy: SideVerdict;
  readonly sell: SideVerdict;
  /** Northbound: the client's BCAN with this broker (not retired), to put on the order. */
  readonly bcan: string | null;
  /** Shared books: the platforms an order may enter through, local platforms first. */
  readonly venues: readonly string[];
}

const ALLOWED: SideVerdict = Object.freeze({ allowed: true, code: null, message: null });

function refused(code: string, message: string): SideVerdict {
  return { allowed: false, code, message };
}

/** Every security as `owner` may trade it through `participant` (who must be a party). */
export function tradability(
  state: RulesState,
  reference: ReferenceState,
  participant: string,
  owner: string,
): Tradability[] {
  const venues = platformsOf(reference);
  return [...reference.securities.values()].map((security) =>
    tradabilityOf(state, reference, { participant, owner, security, venues }),
  );
}

interface Asked {
  readonly participant: string;
  readonly owner: string;
  readonly security: Security;
  readonly venues: readonly string[];
}

function tradabilityOf(state: RulesState, reference: ReferenceState, asked: Asked): Tradability {
  const { participant, owner, security } = asked;
  const venues = security.market === 'VATP' ? asked.venues : [];
  const route = routeOf(state, reference, {
    participant,
    owner,
    instrument: security.id,
    venue: venues[0],
  });
  const none = { instrument: security.id, bcan: null, venues };
  if ('ok' in route) {
    const verdict = refused(route.code, route.message);
    return { ...none, route: null, link: null, buy: verdict, sell: verdict };
  }
  if (route.link_index < 0)
    return { ...none, route: route.route, link: null, buy: ALLOWED, sell: ALLOWED };
  const info = linkAt(route.link_index);
  const holder = (reference.investors.get(owner) ?? reference.parties.get(owner)) as
    | Investor
    | Party;
  const bcan = info.direction === 'northbound' ? bcanOf(state, participant, owner) : null;
  const side = (s: 'buy' | 'sell'): SideVerdict => {
    if (info.direction === 'northbound' && bcan === null)
      return refused('INVESTOR_ID_NOT_MAPPED', `${owner} has no BCAN mapped with ${participant}`);
    const order = sideOrder(asked, s);
    const refusal =
      checkEligibility(state, info, order, security, holder) ?? checkInvestor(info, order, holder);
    return refusal === null ? ALLOWED : refused(refusal.code, refusal.message);
  };
  return {
    ...none,
    route: route.route,
    link: info.link,
    bcan,
    buy: side('buy'),
    sell: side('sell'),
  };
}

function sideOrder(asked: Asked, side: 'buy' | 'sell'): RulesOrder {
  return {
    participant: asked.participant,
    owner: asked.owner,
    instrument: asked.security.id,
    side,
    order_type: 'limit',
    time_in_force: 'day',
    price_units: 0,
    quantity_units: 0,
  };
}

/** The client's BCAN with the broker, unless the mapping has been removed. */
function bcanOf(state: RulesState, broker: string, investor: string): string | null {
  const mapping = state.bcan.by_investor.get(broker)?.get(investor);
  if (mapping === undefined || mapping.retired_day >= 0) return null;
  return mapping.bcan;
}

/** Trading platforms: those in Hong Kong first (the local route), then overseas affiliates. */
function platformsOf(reference: ReferenceState): string[] {
  const platforms = [...reference.parties.values()].filter((p) => p.roles.includes('platform'));
  const local = platforms.filter((p) => p.jurisdiction === 'HK').map((p) => p.id);
  const overseas = platforms.filter((p) => p.jurisdiction !== 'HK').map((p) => p.id);
  return [...local, ...overseas];
}
