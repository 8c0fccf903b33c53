/**
 * A batch folded in memory into the rows PostgreSQL receives: new rows as COPY text lines
 * (pg_copy.ts), carrying every later change of the same batch already applied; changes to rows
 * of earlier batches folded per row into one delta, sent as arrays (`update … from unnest`) and
 * applied before the new rows are inserted. The end state is what the SQLite projection reaches
 * statement by statement. Event lines can be taken as they are made (`takeEventLines`), so the
 * server inserts them while the rest of the batch is folded.
 * @module
 */

import type { CommandResult, Envelope, HubEvent } from '../hub/index.js';
import type { AccountBalance, Transfer } from '../ledger/index.js';
import { eventJson } from './event_json.js';
import { copyLine, copyValue, jsonCopyValue } from './pg_copy.js';
import { commandRow, commandValues } from './stored.js';

type Trade = Extract<HubEvent, { type: 'trade' }>;
type Accepted = Extract<HubEvent, { type: 'order_accepted' }>;
type Balances = [string, string, string, string];

interface NewAccount {
  readonly values: unknown[];
  balances: Balances;
  frozen: number;
}

interface AccountDelta {
  balances: Balances | null;
  frozen: number | null;
}

interface NewTransfer {
  readonly values: unknown[];
  hold_status: string | null;
}

/** What a trade, cancel or replace does to an order row (the SQLite statements' semantics). */
interface OrderState {
  filled_add: number;
  remaining: number | null;
  status: string | null;
  reason_set: boolean;
  reason: string | null;
  price: number | null;
  updated_at_us: number;
}

interface NewOrder {
  readonly accepted: Accepted;
  readonly change: OrderState;
}

export class PgBatch {
  /** COPY lines of the `commands` and `trades` tables. */
  commands = '';
  trades = '';
  private events = '';
  private readonly new_accounts = new Map<string, NewAccount>();
  private readonly account_deltas = new Map<string, AccountDelta>();
  private readonly new_transfers: NewTransfer[] = [];
  /** The batch's transfer rows by id, for hold status changes. */
  private readonly transfers_by_id = new Map<string, NewTransfer[]>();
  /** Hold status for rows of earlier batches, by transfer id: the last change wins. */
  readonly hold_deltas = new Map<string, string>();
  private readonly new_orders = new Map<number, NewOrder>();
  private readonly order_deltas = new Map<number, OrderState>();

  add(envelope: Envelope, result: CommandResult): void {
    this.commands += copyLine(commandValues(commandRow(envelope, result)));
    for (let i = 0; i < result.events.length; i += 1) {
      const event = result.events[i] as HubEvent;
      // As in SQLite: best bid and offer changes are market data, not business events.
      if (event.type !== 'bbo')
        this.events += `${result.first_event_seq + i}\t${envelope.seq}\t${envelope.timestamp_us}\t${copyValue(event.type)}\t${jsonCopyValue(eventJson(event))}\n`;
      this.addEvent(envelope, event);
    }
  }

  /** The `events` lines made since the last call. */
  takeEventLines(): string {
    const lines = this.events;
    this.events = '';
    return lines;
  }

  private addEvent(envelope: Envelope, event: HubEvent): void {
    switch (event.type) {
      case 'account_created': {
        const a = event.account;
        const values: unknown[] = [
          a.id,
          a.owner,
          a.asset,
          a.purpose,
          a.parent_id,
          a.omnibus ? 1 : 0,
        ];
        values.push(a.debits_must_not_exceed_credits ? 1 : 0);
        values.push(a.credits_must_not_exceed_debits ? 1 : 0, a.created_at_us);
        this.new_accounts.set(a.id, { values, balances: ['0', '0', '0', '0'], frozen: 0 });
        return;
      }
      case 'transfer_created': {
        const t = event.transfer;
        this.addTransfer(t, envelope.seq);
        if (t.action === 'post' || t.action === 'void')
          this.setHoldStatus(t.pending_id, t.action === 'post' ? 'posted' : 'voided');
        this.setBalances(event.balances);
        return;
      }
      case 'transfer_batch_created':
        for (let k = 0; k < event.batch.count; k += 1)
          this.addTransfer(event.batch.transfer(k), envelope.seq);
        this.setBalances(event.balances);
        return;
      case 'hold_expired':
        this.setHoldStatus(event.hold_id, 'expired');
        this.setBalances(event.balances);
        return;
      case 'account_frozen':
      case 'account_unfrozen':
        this.setFrozen(event.account_id, event.type === 'account_frozen' ? 1 : 0);
        return;
      default:
        this.addMarketEvent(envelope, event);
    }
  }

  private addTransfer(t: Transfer, command_seq: number): void {
    const values: unknown[] = [t.id, t.action, t.debit_account_id, t.credit_account_id, t.asset];
    values.push(t.amount_minor.toString(), t.pending_id || null, t.timeout_s, t.code);
    values.push(t.reference, t.submitted_by, t.timestamp_us, command_seq);
    const row: NewTransfer = { values, hold_status: t.action === 'hold' ? 'pending' : null };
    this.new_transfers.push(row);
    const same = this.transfers_by_id.get(t.id);
    if (same === undefined) this.transfers_by_id.set(t.id, [row]);
    else same.push(row);
  }

  /** `update transfers set hold_status = ? where id = ?`: every row with the id so far. */
  private setHoldStatus(id: string, status: string): void {
    for (const row of this.transfers_by_id.get(id) ?? []) row.hold_status = status;
    this.hold_deltas.set(id, status);
  }

  private setBalances(balances: readonly AccountBalance[]): void {
    for (const b of balances) {
      const values: Balances = [
        b.debits_pending.toString(),
        b.debits_posted.toString(),
        b.credits_pending.toString(),
        b.credits_posted.toString(),
      ];
      const fresh = this.new_accounts.get(b.account_id);
      if (fresh !== undefined) fresh.balances = values;
      else this.accountDelta(b.account_id).balances = values;
    }
  }

  private setFrozen(account_id: string, frozen: number): void {
    const fresh = this.new_accounts.get(account_id);
    if (fresh !== undefined) fresh.frozen = frozen;
    else this.accountDelta(account_id).frozen = frozen;
  }

  private accountDelta(id: string): AccountDelta {
    let delta = this.account_deltas.get(id);
    if (delta === undefined) {
      delta = { balances: null, frozen: null };
      this.account_deltas.set(id, delta);
    }
    return delta;
  }

  private addMarketEvent(envelope: Envelope, event: HubEvent): void {
    const at_us = envelope.timestamp_us;
    switch (event.type) {
      case 'order_accepted':
        this.new_orders.set(event.order_id, { accepted: event, change: noChange(event) });
        return;
      case 'trade':
        this.addTrade(event, envelope.seq);
        this.traded(event.buy_order_id, event.quantity_units, event.buy_remaining_units, at_us);
        this.traded(event.sell_order_id, event.quantity_units, event.sell_remaining_units, at_us);
        return;
      case 'order_cancelled': {
        const change = this.orderChange(event.order_id, at_us);
        change.remaining = event.remaining_units;
        if (event.remaining_units === 0) change.status = 'cancelled';
        change.reason_set = true;
        change.reason = event.reason;
        return;
      }
      case 'order_replaced': {
        const change = this.orderChange(event.order_id, at_us);
        change.price = event.new_price_units;
        change.remaining = event.new_remaining_units;
        return;
      }
      default:
        return;
    }
  }

  private addTrade(e: Trade, command_seq: number): void {
    this.trades += copyLine([
      ...[e.trade_id, e.instrument, e.market, e.price_units, e.quantity_units, e.aggressor],
      ...[e.buy_order_id, e.sell_order_id, e.buyer, e.seller],
      ...[e.buyer_participant, e.seller_participant, e.buy_route, e.sell_route],
      ...[e.buy_venue, e.sell_venue, e.timestamp_us, command_seq],
    ]);
  }

  private traded(order_id: number, quantity: number, remaining: number, at_us: number): void {
    const change = this.orderChange(order_id, at_us);
    change.filled_add += quantity;
    change.remaining = remaining;
    if (remaining === 0) change.status = 'filled';
  }

  /** The change to fold an order's event into, its update time set to this event's. */
  private orderChange(order_id: number, at_us: number): OrderState {
    let change = this.new_orders.get(order_id)?.change ?? this.order_deltas.get(order_id);
    if (change === undefined) {
      change = noChange(null);
      this.order_deltas.set(order_id, change);
    }
    change.updated_at_us = at_us;
    return change;
  }

  /** Lines of the batch's new accounts, balances and frozen flag as the batch left them. */
  accountLines(): string {
    let lines = '';
    for (const a of this.new_accounts.values())
      lines += copyLine([...a.values, ...a.balances, a.frozen]);
    return lines;
  }

  /** Columns of changes to accounts of earlier batches: id, four balances (or null), frozen. */
  accountDeltaColumns(): unknown[][] {
    const columns: unknown[][] = Array.from({ length: 6 }, () => []);
    for (const [id, d] of this.account_deltas)
      push(columns, [id, ...(d.balances ?? [null, null, null, null]), d.frozen]);
    return columns;
  }

  transferLines(): string {
    let lines = '';
    for (const t of this.new_transfers) lines += copyLine([...t.values, t.hold_status]);
    return lines;
  }

  /** Lines of the batch's new orders with their own later changes applied. */
  orderLines(): string {
    let lines = '';
    for (const { accepted: o, change } of this.new_orders.values())
      lines += copyLine([
        ...[o.order_id, o.client_order_id, o.participant, o.owner, o.instrument, o.market],
        ...[o.route, o.venue, o.side, o.order_type, o.time_in_force],
        ...[change.price ?? o.price_units, o.quantity_units, change.filled_add],
        ...[change.remaining ?? o.quantity_units, change.status ?? 'live', change.reason],
        ...[o.timestamp_us, change.updated_at_us],
      ]);
    return lines;
  }

  /** Columns of folded changes to orders of earlier batches. */
  orderDeltaColumns(): unknown[][] {
    const columns: unknown[][] = Array.from({ length: 8 }, () => []);
    for (const [id, d] of this.order_deltas)
      push(columns, [
        ...[id, d.filled_add, d.remaining, d.status, d.reason_set, d.reason, d.price],
        d.updated_at_us,
      ]);
    return columns;
  }
}

/** A fresh order's state: nothing filled, updated when accepted. */
function noChange(accepted: Accepted | null): OrderState {
  const updated_at_us = accepted === null ? 0 : accepted.timestamp_us;
  return {
    filled_add: 0,
    remaining: null,
    status: null,
    reason_set: false,
    reason: null,
    price: null,
    updated_at_us,
  };
}

function push(columns: unknown[][], values: readonly unknown[]): void {
  for (let i = 0; i < values.length; i += 1) (columns[i] as unknown[]).push(values[i]);
}
