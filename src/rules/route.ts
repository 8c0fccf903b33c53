/**
 * Which way an order goes, derived from who submits it, for whom, and in what (connect-rules.md
 * §1.1 "home market rules"), never taken from the order:
 * - the submitting broker is a participant of the security's exchange → `domestic`;
 * - an SEHK participant that is a China Connect participant (CCEP/TTEP) ordering an SSE/SZSE
 *   security → `northbound` through the link of that exchange;
 * - a Mainland broker (an SSE/SZSE participant) ordering an SEHK security → `southbound` through
 *   the link of the client's channel: the order's own `channel` if the hub passes one, else the
 *   channel registered for the investor (`rules.set_southbound_channel`), else the first Mainland
 *   exchange in the broker's `exchange_participant_of`. The broker must be a participant of that
 *   exchange. Holdings bought through one channel are sold through the same one: positions are kept
 *   per link;
 * - a VATP token → `vatp_local` when the venue of entry is a platform in Hong Kong, else
 *   `vatp_affiliate`.
 * The owner is the submitting broker itself (a house order) or one of its clients.
 * @module
 */

import type { Rejection } from '../kernel/index.js';
import type { Investor, Party, ReferenceState, Security } from '../reference/index.js';
import { refuse } from './codes.js';
import { linkFor, type MainlandMarket, type RouteName } from './links.js';
import type { Decision, RulesState } from './state.js';

/** The fields of an order that decide its route. */
export interface RouteOrder {
  readonly participant: string;
  readonly owner: string;
  readonly instrument: string;
  /** Shared books: the venue of entry (a platform party). */
  readonly venue?: string | undefined;
  /** Southbound: the Mainland exchange channel, when the client names one. */
  readonly channel?: MainlandMarket | undefined;
}

/** Fills `out.route` and `out.link_index`, or refuses. */
export function resolveRoute(
  state: RulesState,
  reference: ReferenceState,
  order: RouteOrder,
  security: Security,
  out: Decision,
): Rejection | null {
  const participant = reference.parties.get(order.participant);
  if (participant === undefined) {
    return refuse('UNKNOWN_PARTY', `No party ${order.participant}`, { party: order.participant });
  }
  const refused = checkOwner(state, reference, order, participant);
  if (refused !== null) return refused;
  out.participant_id = participant.id;
  out.owner_id = (state.scratch_owner as Party | Investor).id;
  out.instrument_id = security.id;
  out.link_index = -1;
  const market = security.market;
  if (market === 'VATP') return venueRoute(reference, order, out);
  if (market === 'CMU' || market === 'CIBM') {
    return refuse(
      'ROUTE_NOT_AVAILABLE',
      `${security.id} is a ${market} bond, not exchange-traded`,
      {
        instrument: security.id,
        market,
      },
    );
  }
  if (participant.exchange_participant_of.includes(market)) {
    out.route = 'domestic';
    return null;
  }
  if (market === 'XHKG') return southboundRoute(state, order, participant, out);
  return northboundRoute(participant, market, security, out);
}

/** Checks the owner is the participant or its client, and leaves it in `state.scratch_owner`. */
function checkOwner(
  state: RulesState,
  reference: ReferenceState,
  order: RouteOrder,
  participant: Party,
): Rejection | null {
  if (order.owner === participant.id) {
    state.scratch_owner = participant;
    return null;
  }
  const investor = reference.investors.get(order.owner);
  if (investor === undefined) {
    if (reference.parties.has(order.owner)) {
      return refuse('OWNER_NOT_CLIENT', `${order.owner} is not a client of ${participant.id}`, {
        owner: order.owner,
        participant: participant.id,
      });
    }
    return refuse('UNKNOWN_OWNER', `No investor or party ${order.owner}`, { owner: order.owner });
  }
  if (investor.broker === participant.id) {
    state.scratch_owner = investor;
    return null;
  }
  return refuse('OWNER_NOT_CLIENT', `${order.owner} is a client of ${investor.broker}`, {
    owner: order.owner,
    participant: participant.id,
    broker: investor.broker,
  });
}

function northboundRoute(
  participant: Party,
  market: 'XSHG' | 'XSHE',
  security: Security,
  out: Decision,
): Rejection | null {
  if (!participant.exchange_participant_of.includes('XHKG')) {
    return refuse('ROUTE_NOT_AVAILABLE', `${participant.id} cannot reach ${market}`, {
      participant: participant.id,
      market,
      instrument: security.id,
    });
  }
  if (participant.china_connect === 'none') {
    return refuse(
      'NOT_CONNECT_PARTICIPANT',
      `${participant.id} is not a China Connect participant and cannot trade ${market} securities`,
      { participant: participant.id, china_connect: participant.china_connect, market },
    );
  }
  out.route = 'northbound';
  out.link_index = linkFor('northbound', market).index;
  return null;
}

function southboundRoute(
  state: RulesState,
  order: RouteOrder,
  participant: Party,
  out: Decision,
): Rejection | null {
  const markets = participant.exchange_participant_of;
  const first: MainlandMarket | undefined = markets.includes('XSHG')
    ? 'XSHG'
    : markets.includes('XSHE')
      ? 'XSHE'
      : undefined;
  if (first === undefined) {
    return refuse('ROUTE_NOT_AVAILABLE', `${participant.id} cannot reach XHKG`, {
      participant: participant.id,
      market: 'XHKG',
    });
  }
  const channel = order.channel ?? state.channels.get(out.owner_id) ?? first;
  if (!markets.includes(channel)) {
    return refuse('CHANNEL_NOT_AVAILABLE', `${participant.id} is not a ${channel} participant`, {
      participant: participant.id,
      channel,
      exchange_participant_of: markets,
    });
  }
  out.route = 'southbound';
  out.link_index = linkFor('southbound', channel).index;
  return null;
}

function venueRoute(reference: ReferenceState, order: RouteOrder, out: Decision) {
  if (order.venue === undefined) {
    return refuse('VENUE_REQUIRED', 'An order on a shared book names its venue of entry', {
      instrument: order.instrument,
    });
  }
  const venue = reference.parties.get(order.venue);
  if (venue === undefined || !venue.roles.includes('platform')) {
    return refuse('VENUE_UNKNOWN', `${order.venue} is not a trading platform`, {
      venue: order.venue,
    });
  }
  out.route = venue.jurisdiction === 'HK' ? 'vatp_local' : 'vatp_affiliate';
  return null;
}

/** The route of an order as a value (allocates; the hub's hot path uses `checkOrder`). */
export function routeOf(
  state: RulesState,
  reference: ReferenceState,
  order: RouteOrder,
): { readonly route: RouteName; readonly link_index: number } | Rejection {
  const security = reference.securities.get(order.instrument);
  if (security === undefined) {
    return refuse('UNKNOWN_SECURITY', `No security ${order.instrument}`, {
      instrument: order.instrument,
    });
  }
  const out = { ...state.scratch };
  const refused = resolveRoute(state, reference, order, security, out);
  return refused ?? { route: out.route, link_index: out.link_index };
}
