/**
 * The projection's prepared statements, compiled once.
 * @module
 */

import type Database from 'better-sqlite3';

export interface Statements {
  readonly get_meta: Database.Statement;
  readonly set_meta: Database.Statement;
  readonly insert_command: Database.Statement;
  readonly insert_event: Database.Statement;
  readonly insert_account: Database.Statement;
  readonly insert_transfer: Database.Statement;
  readonly set_balance: Database.Statement;
  readonly set_hold_status: Database.Statement;
  readonly set_frozen: Database.Statement;
  readonly insert_order: Database.Statement;
  readonly order_traded: Database.Statement;
  readonly order_cancelled: Database.Statement;
  readonly order_replaced: Database.Statement;
  readonly insert_trade: Database.Statement;
}

export function prepareStatements(db: Database.Database): Statements {
  return {
    get_meta: db.prepare('select value from meta where key = ?'),
    set_meta: db.prepare(
      'insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    ),
    insert_command: db.prepare('insert into commands values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    insert_event: db.prepare('insert into events values (?, ?, ?, ?, ?)'),
    insert_account: db.prepare(
      `insert into accounts (id, owner, asset, purpose, parent_id, omnibus, debits_must_not_exceed_credits,
        credits_must_not_exceed_debits, created_at_us) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insert_transfer: db.prepare(
      'insert into transfers values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    set_balance: db.prepare(
      'update accounts set debits_pending = ?, debits_posted = ?, credits_pending = ?, credits_posted = ? where id = ?',
    ),
    set_hold_status: db.prepare('update transfers set hold_status = ? where id = ?'),
    set_frozen: db.prepare('update accounts set frozen = ? where id = ?'),
    insert_order: db.prepare(
      `insert into orders (order_id, client_order_id, participant, owner, instrument, market, route, venue, side,
        order_type, time_in_force, price_units, quantity_units, remaining_units, status, accepted_at_us, updated_at_us)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'live', ?, ?)`,
    ),
    order_traded: db.prepare(
      `update orders set filled_units = filled_units + ?, remaining_units = ?,
        status = case when ? = 0 then 'filled' else status end, updated_at_us = ? where order_id = ?`,
    ),
    order_cancelled: db.prepare(
      `update orders set remaining_units = ?, status = case when ? = 0 then 'cancelled' else status end,
        cancel_reason = ?, updated_at_us = ? where order_id = ?`,
    ),
    order_replaced: db.prepare(
      'update orders set price_units = ?, remaining_units = ?, updated_at_us = ? where order_id = ?',
    ),
    insert_trade: db.prepare(
      'insert into trades values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
}
