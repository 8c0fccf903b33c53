/**
 * Pre-funding on the shared order book (SFC circular of 3 Nov 2025: orders on the platform are
 * pre-funded). The book calls the hook last, after every other check; the hub answers with a
 * ledger hold on the account settlement will debit, so an order that could not settle never rests:
 *
 * - a buy holds its cash: the limit price (for a market order, the worst price it can reach now)
 *   of one unit in the settlement cash asset, rounded **up**, × the open quantity. Settlement
 *   rounds each trade half up, so fills of one unit at a price with a sub-minor digit cost more
 *   than the whole order rounded once (2 × HKD 10.0050 filled one at a time is 2 × 10.01 = 20.02,
 *   not 20.01): the per-unit ceiling covers every way the order can be split into fills, and after
 *   a fill of q units the hold shrinks by q × that ceiling, never by less than the fill's cash;
 * - a sell holds its token units;
 * - each hold is a pending transfer into the platform's pre-funding account for the asset
 *   (`HDX/<asset>/prefund`, opened at genesis); it is never posted, only voided.
 *
 * A hold follows its order: after a fill, a cancel or a replace the hub voids it and places one
 * for what is still open, both in one all-or-nothing ledger batch. A fill releases its funds
 * before settlement captures the trade, so DvP at capture debits money the order had reserved.
 * Orders entered through the overseas affiliate also pass the reserve fund's cap check, which
 * counts what is already committed: the unsettled trades and the notional value of the
 * affiliate's resting orders (issue 12 item 20). Each such order records its commitment
 * (`reserve_minor`: what is open × the price it was funded at, rounded half up as a trade settles)
 * and the hub keeps the total in posttrade's `resting_shared_minor`; the commitment follows the
 * order like its hold (accept, replace, fill, cancel, expiry) and is 0 once the order is done. A
 * fill moves it to the unsettled trades, which release it when they settle.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import { mulDiv } from '../../kernel/money.js';
import { type Rejection, reject } from '../../kernel/rejection.js';
import { createTransfers, OPERATOR_ACTOR, type TransferInput } from '../../ledger/index.js';
import { type PrefundRequest, Side } from '../../market/index.js';
import { checkSharedBookOrder, commitSharedOrder, tradeCashMinor } from '../../posttrade/index.js';
import { currency, type Security } from '../../reference/index.js';
import { prefundAccountId } from '../accounts.js';
import type { EventSink } from '../events.js';
import { posttradeEnv, settlementResolver } from '../settlement.js';
import type { HubState } from '../state.js';
import { SHARED_BOOK_VENUES } from './config.js';
import type { OrderMeta } from './state.js';

/** What an order must have held: `amount_minor` of `asset` on `account_id`. */
interface Funding {
  readonly asset: string;
  readonly account_id: string;
  readonly amount_minor: bigint;
}

const AFFILIATE_VENUE: string = SHARED_BOOK_VENUES[1];

/** The book's pre-funding hook: null to accept, or the refusal (nothing changed). */
export function prefundOrder(
  state: HubState,
  sink: EventSink,
  request: PrefundRequest,
): Rejection | null {
  // The hub registers every order before its book sees it.
  const meta = state.markets.markets.orders.get(request.order_id);
  const security = meta && state.reference.securities.get(meta.instrument);
  assert(meta !== undefined && security !== undefined, `unregistered order ${request.order_id}`);
  // For a market order the book passes the worst price it can reach now (0: it cannot trade).
  const price_units = request.price_units;
  const side = request.side === Side.BUY ? 'buy' : 'sell';
  const funding = fundingOf(state, security, meta.owner, side, price_units, request.quantity_units);
  const reserve_minor = reserveOf(meta, security, price_units, request.quantity_units);
  if (meta.venue === AFFILIATE_VENUE) {
    const capped = checkReserve(state, sink, meta, reserve_minor, request);
    if (capped !== undefined) return capped;
  }
  const moved = moveHold(state, sink, meta, funding, request.timestamp_us);
  if (moved !== undefined) return moved;
  meta.funded_price_units = price_units;
  commitReserve(state, meta, reserve_minor);
  return null;
}

/** What an order commits against the reserve cap: its notional if the affiliate entered it. */
function reserveOf(
  meta: OrderMeta,
  security: Security,
  price_units: number,
  quantity_units: number,
): bigint {
  return meta.venue === AFFILIATE_VENUE ? notionalMinor(security, price_units, quantity_units) : 0n;
}

function commitReserve(state: HubState, meta: OrderMeta, reserve_minor: bigint): void {
  if (reserve_minor === meta.reserve_minor) return;
  commitSharedOrder(state.posttrade, meta.reserve_minor, reserve_minor);
  meta.reserve_minor = reserve_minor;
}

/**
 * Brings an order's hold and its reserve commitment in line with what is still open (after a
 * fill, a cancel or a replace). Cannot fail: the new hold is never larger than the one it replaces
 * at the same price, it stays on the same two accounts, so the ledger takes it as narrowing the
 * reservation it voids in the same batch, which a freeze of either account does not stop (issue 12
 * item 1); the hub's transfer ids and holds cannot be taken or resolved by a request
 * (`reservedTransfers`); and the commitment only shrinks. One bound is left: a ledger full of
 * retained transfers (`LEDGER_TRANSFERS_FULL`, docs/market.md §11).
 */
export function refundOrder(
  state: HubState,
  sink: EventSink,
  meta: OrderMeta,
  remaining_units: number,
  timestamp_us: number,
): void {
  if (meta.hold_id === '' && meta.reserve_minor === 0n) return; // nothing held, nothing committed
  const security = state.reference.securities.get(meta.instrument);
  if (security === undefined) return;
  commitReserve(state, meta, reserveOf(meta, security, meta.funded_price_units, remaining_units));
  if (meta.hold_id === '') return;
  const funding = fundingOf(
    state,
    security,
    meta.owner,
    meta.side,
    meta.funded_price_units,
    remaining_units,
  );
  // The rest stays reserved where it was: the account the order was funded from.
  const held = state.ledger.holds.get(meta.hold_id)?.transfer.debit_account_id;
  const rest = held === undefined ? funding : { ...funding, account_id: held };
  const moved = moveHold(state, sink, meta, rest, timestamp_us);
  if (moved !== undefined) {
    throw new Error(`releasing the funds of order ${meta.order_id} failed: ${moved.code}`);
  }
}

/** Ids of the hub's pre-funding holds and their voids: `prefund/<order_id>/<n>[/void]`. */
const PREFUND_ID_PREFIX = 'prefund/';
const PREFUND_CODE = 'prefund';

/**
 * A request's transfers may not use what the pre-funding of orders relies on (issue 12 item 1): an
 * id under `prefund/` (taking the id of an order's next hold or of its void would make the release
 * after a fill or a cancel fail), a post or void of a pre-funding hold (the order would rest
 * unfunded, and its release fail), or the code `prefund` (a hold no order owns in the escrow).
 * The refusal names the transfer by index, as the ledger's own refusals do.
 */
export function reservedTransfers(transfers: readonly TransferInput[]): Rejection | undefined {
  for (let index = 0; index < transfers.length; index += 1) {
    const t = transfers[index] as TransferInput;
    const where = { index, id: t.id };
    if (t.id.startsWith(PREFUND_ID_PREFIX)) {
      return reject(
        'TRANSFER_ID_RESERVED',
        `Transfer ids under ${PREFUND_ID_PREFIX} are the hub's pre-funding holds`,
        { ...where, prefix: PREFUND_ID_PREFIX },
      );
    }
    if (t.pending_id?.startsWith(PREFUND_ID_PREFIX) === true) {
      return reject(
        'HOLD_RESERVED',
        `Hold ${t.pending_id} pre-funds an order: it follows the order, cancel or replace the order`,
        { ...where, pending_id: t.pending_id },
      );
    }
    if (t.code === PREFUND_CODE) {
      return reject(
        'TRANSFER_CODE_RESERVED',
        `The code ${PREFUND_CODE} marks the hub's pre-funding holds`,
        { ...where, code: t.code },
      );
    }
  }
  return undefined;
}

function fundingOf(
  state: HubState,
  security: Security,
  owner: string,
  side: 'buy' | 'sell',
  price_units: number,
  quantity_units: number,
): Funding {
  const resolver = settlementResolver(state);
  if (side === 'sell') {
    const account_id = resolver.accountFor(owner, security.id, 'holding') ?? '';
    return { asset: security.id, account_id, amount_minor: BigInt(quantity_units) };
  }
  const code = security.currency;
  const asset = state.posttrade.config.cash_asset_by_currency[code];
  const amount_minor = unitCashCeilMinor(security, price_units) * BigInt(quantity_units);
  return { asset, account_id: resolver.accountFor(owner, asset, 'holding') ?? '', amount_minor };
}

/**
 * The most one unit at `price_units` can cost, in minor units: rounded up. For any split of q
 * units into fills, Σ half-up(price × qᵢ) ≤ Σ ceil(price × qᵢ) ≤ q × ceil(price × 1).
 */
function unitCashCeilMinor(security: Security, price_units: number): bigint {
  const scale = currency(security.currency)?.minor_units ?? 2;
  return mulDiv(
    BigInt(price_units),
    10n ** BigInt(scale),
    10n ** BigInt(security.price_scale),
    'ceil',
  );
}

/** Price × quantity in the security's currency, rounded half up as settlement rounds a trade. */
function notionalMinor(security: Security, price_units: number, quantity_units: number): bigint {
  const scale = currency(security.currency)?.minor_units ?? 2;
  return tradeCashMinor(price_units, quantity_units, security.price_scale, scale);
}

/** Voids the order's hold and places the new one, in one batch; refuses with the reason. */
function moveHold(
  state: HubState,
  sink: EventSink,
  meta: OrderMeta,
  funding: Funding,
  timestamp_us: number,
): Rejection | undefined {
  const current = meta.hold_id === '' ? undefined : state.ledger.holds.get(meta.hold_id);
  const held = current?.transfer;
  if (held?.amount_minor === funding.amount_minor && held.debit_account_id === funding.account_id) {
    return undefined;
  }
  const seq = meta.hold_seq + 1;
  const hold_id = `${PREFUND_ID_PREFIX}${meta.order_id}/${seq}`;
  const batch: TransferInput[] = [];
  if (held !== undefined) {
    batch.push({ id: `${held.id}/void`, action: 'void', pending_id: held.id, code: PREFUND_CODE });
  }
  if (funding.amount_minor > 0n) {
    batch.push({
      id: hold_id,
      action: 'hold',
      debit_account_id: funding.account_id,
      credit_account_id: prefundAccountId(funding.asset),
      amount_minor: funding.amount_minor,
      code: PREFUND_CODE,
    });
  }
  if (batch.length === 0) return undefined;
  const outcome = createTransfers(state.ledger, batch, {
    actor: OPERATOR_ACTOR,
    timestamp_us,
    sink,
  });
  if (!outcome.ok) return notFunded(meta, funding, outcome);
  meta.hold_id = funding.amount_minor > 0n ? hold_id : '';
  meta.hold_seq = seq;
  return undefined;
}

function notFunded(meta: OrderMeta, funding: Funding, refusal: Rejection): Rejection {
  const missing_escrow =
    refusal.code === 'ACCOUNT_NOT_FOUND' &&
    refusal.details.account_id === prefundAccountId(funding.asset);
  if (missing_escrow) {
    return reject(
      'PREFUND_ACCOUNT_MISSING',
      `The platform has no pre-funding account for ${funding.asset}; open ${prefundAccountId(funding.asset)}`,
      { asset: funding.asset, account_id: prefundAccountId(funding.asset) },
    );
  }
  const available = refusal.details.available_minor;
  return reject('ORDER_NOT_FUNDED', `${meta.owner} cannot fund this order: ${refusal.message}`, {
    owner: meta.owner,
    asset: funding.asset,
    account_id: funding.account_id,
    required_minor: funding.amount_minor,
    ...(available === undefined ? {} : { available_minor: available }),
    reason: refusal.code,
  });
}

/**
 * The reserve fund's cap, for orders entered through the affiliate: unsettled trades + the
 * affiliate's resting orders + this order ≤ min(cap, fund). A replace takes the place of what the
 * order committed; one that does not raise it always passes.
 */
function checkReserve(
  state: HubState,
  sink: EventSink,
  meta: OrderMeta,
  notional_minor: bigint,
  request: PrefundRequest,
): Rejection | undefined {
  // A new order commits nothing yet (reserve_minor 0); a replace commits its old notional.
  if (request.is_replace && notional_minor <= meta.reserve_minor) return undefined;
  const env = posttradeEnv(state, sink, request.timestamp_us);
  const checked = checkSharedBookOrder(state.posttrade, env, notional_minor, meta.reserve_minor);
  return checked.ok ? undefined : checked;
}

/**
 * Sets every order's reserve commitment and their total from what is open: for a state restored
 * from a snapshot taken before issue 12 item 20, which did not keep them. Gives exactly what the
 * hub would have kept, since a commitment is always the notional of what is open.
 */
export function recomputeReserveCommitments(state: HubState): void {
  let total = 0n;
  for (const meta of state.markets.markets.orders.values()) {
    const security = state.reference.securities.get(meta.instrument);
    meta.reserve_minor =
      security === undefined
        ? 0n
        : reserveOf(meta, security, meta.funded_price_units, meta.remaining_units);
    total += meta.reserve_minor;
  }
  state.posttrade.resting_shared_minor = total;
}

/**
 * Every live shared-book order's hold pre-funds exactly what is open, and every pending
 * pre-funding hold belongs to a live order (none is orphaned). Every affiliate order commits the
 * notional of what is open against the reserve cap, every other order nothing, and the total
 * kept for the cap is their sum.
 */
export function checkFundingInvariants(state: HubState): void {
  const owned = new Set<string>();
  let resting = 0n;
  for (const meta of state.markets.markets.orders.values()) {
    const listed = state.reference.securities.get(meta.instrument);
    const expected =
      listed === undefined
        ? 0n
        : reserveOf(meta, listed, meta.funded_price_units, meta.remaining_units);
    assert(
      meta.reserve_minor === expected,
      `order ${meta.order_id}: commits ${meta.reserve_minor} against the reserve cap, not ${expected}`,
    );
    resting += meta.reserve_minor;
    if (meta.hold_id === '') continue;
    owned.add(meta.hold_id);
    const hold = state.ledger.holds.get(meta.hold_id);
    const security = state.reference.securities.get(meta.instrument);
    if (hold?.status !== 'pending' || security === undefined) {
      throw new Error(`order ${meta.order_id}: its hold ${meta.hold_id} is not pending`);
    }
    const funding = fundingOf(
      state,
      security,
      meta.owner,
      meta.side,
      meta.funded_price_units,
      meta.remaining_units,
    );
    const held = hold.transfer;
    assert(
      held.amount_minor === funding.amount_minor && held.debit_account_id === funding.account_id,
      `order ${meta.order_id}: hold ${held.id} does not match what is open`,
    );
  }
  assert(
    resting === state.posttrade.resting_shared_minor,
    `resting affiliate orders commit ${resting}, the reserve cap counts ${state.posttrade.resting_shared_minor}`,
  );
  for (const hold of state.ledger.holds.values()) {
    if (hold.status !== 'pending' || hold.transfer.code !== PREFUND_CODE) continue;
    assert(owned.has(hold.transfer.id), `pre-funding hold ${hold.transfer.id} has no live order`);
  }
}
