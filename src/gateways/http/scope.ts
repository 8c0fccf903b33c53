/**
 * Who sees what. The hub already refuses actions a participant may not take; the gateway scopes
 * reads the same way:
 *
 * - an operator (the built-in `operator` or a party with the operator role) sees everything;
 * - a participant sees its own accounts and orders and those of the investors it is broker for
 *   (the hub's `actsFor`), the events that concern them, and public data: reference data other
 *   than investors, books, BBO, phases and anonymous trade prints.
 *
 * A ledger event touching a visible and an invisible account is shown with the invisible
 * account's balance removed; a trade is shown to each side with the counterparty left out.
 * Bond events follow the RFQ's parties (scopeBondEvent). Event types the gateway does not know
 * yet are operator-only.
 * @module
 */

import { actorOf, type HubEvent, type HubState, PAYMENT_OPERATORS } from '../../hub/index.js';

export interface Viewer {
  readonly participant: string;
  readonly operator: boolean;
  actsFor(owner: string): boolean;
}

export function viewerOf(state: HubState, participant: string): Viewer {
  const actor = actorOf(state, participant);
  return { participant, operator: actor.operator, actsFor: actor.actsFor };
}

/** What scoping needs to know beyond the event itself. */
export interface ScopeLookups {
  accountOwner(account_id: string): string | undefined;
  orderParties(order_id: number): { participant: string; owner: string } | undefined;
  /** An RFQ's requester and the dealers asked (bond RFQs); absent: RFQ events operator-only. */
  rfqParties?(quote_req_id: string): RfqParties | undefined;
}

export interface RfqParties {
  readonly requester: string;
  readonly dealers: readonly string[];
}

export function stateLookups(
  state: HubState,
  orderParties: ScopeLookups['orderParties'],
): ScopeLookups {
  return {
    accountOwner: (id) => state.ledger.accounts.get(id)?.owner,
    orderParties,
    rfqParties: (id) => state.bonds.rfq.rfqs.get(id)?.request,
  };
}

const PUBLIC_TYPES = new Set([
  'party_registered',
  'cash_asset_registered',
  'security_registered',
  'security_updated',
  'bbo',
  'phase_changed',
  'auction_indicative',
  'closing_price_set',
  'bond_registered',
  'bond_maker_registered',
  'bond_quota_fx_set',
  'bond_fixing_published',
  'bond_valuation_published',
  'bond_payment_asset_set',
  'financing_plps_set',
  'financing_repo_schedule_set',
  'facility_rate_published',
  'bond_coupon_paid',
  'bond_redeemed',
]);

/** The event as `viewer` may see it, or null when it is none of the viewer's business. */
export function scopeEvent(
  event: HubEvent,
  viewer: Viewer,
  lookups: ScopeLookups,
): HubEvent | null {
  if (viewer.operator || PUBLIC_TYPES.has(event.type)) return event;
  const sees = (owner: string | undefined) => owner !== undefined && viewer.actsFor(owner);
  const seesOrder = (participant: string, owner: string) =>
    participant === viewer.participant || sees(owner);
  switch (event.type) {
    case 'investor_registered':
    case 'investor_updated':
      return sees(event.investor.id) ? event : null;
    case 'account_created':
      return sees(event.account.owner) ? event : null;
    case 'account_frozen':
    case 'account_unfrozen':
      return sees(lookups.accountOwner(event.account_id)) ? event : null;
    case 'transfer_created':
    case 'hold_expired':
      return scopeBalances(event, (id) => sees(lookups.accountOwner(id)));
    case 'transfer_batch_created':
      return scopeBatch(event, (id) => sees(lookups.accountOwner(id)));
    case 'order_accepted':
    case 'order_cancelled':
      return seesOrder(event.participant, event.owner) ? event : null;
    case 'order_rested':
    case 'order_replaced': {
      const parties = lookups.orderParties(event.order_id);
      return parties !== undefined && seesOrder(parties.participant, parties.owner) ? event : null;
    }
    case 'trade':
      return scopeTrade(
        event,
        seesOrder(event.buyer_participant, event.buyer),
        seesOrder(event.seller_participant, event.seller),
      );
    default:
      if ('banks' in event && event.type.startsWith('payment')) {
        return scopePaymentEvent(event.banks, sees) ? event : null;
      }
      return scopeBondEvent(event, sees, lookups);
  }
}

/** A payment event: the banks it names and Payment Connect's two operators see it. */
function scopePaymentEvent(
  banks: readonly string[],
  sees: (owner: string | undefined) => boolean,
): boolean {
  return banks.some(sees) || PAYMENT_OPERATORS.some(sees);
}

/** OTC Clear's party id: it sees the margin posted to it. */
const OTC_CLEAR = 'OTCC';

/**
 * The two sides of a bilateral event (a bond trade, a closing order, a repo, a facility drawing),
 * or undefined.
 */
function bilateralSides(event: HubEvent): readonly [string, string] | undefined {
  switch (event.type) {
    case 'bond_trade':
      return [event.trade.buyer, event.trade.seller];
    case 'bond_closing_order_concluded':
      return [event.order.trade.buyer, event.order.trade.seller];
    case 'repo_opened':
      return [event.terms.buyer, event.terms.seller];
    case 'repo_closed':
    case 'margin_called':
    case 'margin_call_outstanding':
    case 'margin_paid':
    case 'repo_closed_out':
    case 'collateral_substituted':
    case 'repo_termination_proposed':
    case 'repo_termination_agreed':
    case 'repo_terminated':
      return [event.buyer, event.seller];
    case 'repo_defaulted':
      return [event.defaulter, event.non_defaulter];
    case 'collateral_reused':
    case 'collateral_returned':
      return [event.party, event.party];
    case 'otc_cap_set':
    case 'otc_margin_posted':
    case 'otc_margin_released':
      return [event.member, OTC_CLEAR];
    // An HKMA facility's setting, drawing, repayment or roll: the bank and the HKMA, its lender.
    case 'facility_allocation_set':
    case 'facility_plp_line_set':
    case 'facility_drawn':
    case 'facility_repaid':
    case 'facility_rolled_overnight':
      return [event.bank, 'HKMA'];
    default:
      return undefined;
  }
}

/**
 * Bond and repo events: an investor's access to its broker; a bilateral trade or repo to both
 * sides; an RFQ to its requester, and to each dealer asked what concerns the RFQ as a whole and
 * its own quotes (never a competitor's).
 */
function scopeBondEvent(
  event: HubEvent,
  sees: (owner: string | undefined) => boolean,
  lookups: ScopeLookups,
): HubEvent | null {
  const sides = bilateralSides(event);
  if (sides !== undefined) return sees(sides[0]) || sees(sides[1]) ? event : null;
  switch (event.type) {
    case 'bond_access_set':
      return sees(event.investor) ? event : null;
    case 'rfq_requested':
      return sees(event.request.requester) || event.request.dealers.some(sees) ? event : null;
    case 'rfq_quote':
      return sees(event.requester) || sees(event.quote.dealer) ? event : null;
    case 'rfq_status': {
      const parties = lookups.rfqParties?.(event.report.quote_req_id);
      if (parties === undefined) return null;
      if (sees(parties.requester)) return event;
      const dealer = event.report.dealer;
      const asked = dealer === undefined ? parties.dealers.some(sees) : sees(dealer);
      return asked ? event : null;
    }
    default:
      return null;
  }
}

type TradeEvent = Extract<HubEvent, { type: 'trade' }>;

const BUY_SIDE = ['buyer', 'buyer_participant', 'buy_order_id', 'buy_route', 'buy_venue'] as const;
const SELL_SIDE = [
  'seller',
  'seller_participant',
  'sell_order_id',
  'sell_route',
  'sell_venue',
] as const;

/**
 * A trade as one side sees it: its own side in full, the counterparty anonymous (as on the
 * exchanges: the fields naming the other side and its order are left out).
 */
export function scopeTrade(
  event: TradeEvent,
  buy_side: boolean,
  sell_side: boolean,
): HubEvent | null {
  if (buy_side && sell_side) return event;
  if (!buy_side && !sell_side) return null;
  const hidden: readonly string[] = buy_side ? SELL_SIDE : BUY_SIDE;
  const copy: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event)) {
    if (!hidden.includes(field) && !field.startsWith(buy_side ? 'sell_' : 'buy_'))
      copy[field] = value;
  }
  return copy as unknown as HubEvent;
}

type BalanceEvent = Extract<HubEvent, { type: 'transfer_created' | 'hold_expired' }>;

function scopeBalances(
  event: BalanceEvent,
  sees: (account_id: string) => boolean,
): HubEvent | null {
  const balances = event.balances.filter((b) => sees(b.account_id));
  if (balances.length === 0) return null;
  if (balances.length === event.balances.length) return event;
  return { ...event, balances };
}

type BatchEvent = Extract<HubEvent, { type: 'transfer_batch_created' }>;

/**
 * A transfer batch as a participant sees it: only the transfers touching one of its accounts,
 * and only its balances. The batch travels as its transfers (`TransferBatch.toJSON`), so the
 * scoped copy does too.
 */
function scopeBatch(event: BatchEvent, sees: (account_id: string) => boolean): HubEvent | null {
  const balances = event.balances.filter((b) => sees(b.account_id));
  if (balances.length === 0) return null;
  const { id, submitted_by, timestamp_us } = event.batch;
  const transfers = event.batch
    .transfers()
    .filter((t) => sees(t.debit_account_id) || sees(t.credit_account_id));
  const batch = { id, submitted_by, timestamp_us, transfers };
  return { type: event.type, batch, balances } as unknown as HubEvent;
}

/** Whether the viewer may see an account of this owner. */
export function seesOwner(viewer: Viewer, owner: string): boolean {
  return viewer.operator || viewer.actsFor(owner);
}
