/**
 * The SQLite projection's tables. Amounts are TEXT holding decimal minor units: SQLite integers
 * stop at 2^63 and a ledger amount may reach 2^128 − 1.
 * @module
 */

export const PROJECTION_SCHEMA_VERSION = 2;

export const SCHEMA_SQL = `
create table if not exists meta (key text primary key, value text not null);
create table if not exists commands (
  seq integer primary key,
  timestamp_us integer not null,
  participant text not null,
  type text not null,
  status text not null,
  rejection_code text,
  rejection_message text,
  first_event_seq integer not null,
  event_count integer not null,
  duplicate_of integer
);
create table if not exists events (
  event_seq integer primary key,
  command_seq integer not null,
  timestamp_us integer not null,
  type text not null,
  body text not null
);
create index if not exists events_by_type on events (type, event_seq);
create table if not exists accounts (
  id text primary key,
  owner text not null,
  asset text not null,
  purpose text not null,
  parent_id text,
  omnibus integer not null,
  debits_must_not_exceed_credits integer not null,
  credits_must_not_exceed_debits integer not null,
  created_at_us integer not null,
  debits_pending text not null default '0',
  debits_posted text not null default '0',
  credits_pending text not null default '0',
  credits_posted text not null default '0',
  frozen integer not null default 0
);
create index if not exists accounts_by_owner on accounts (owner, asset);
create table if not exists transfers (
  -- Not unique: an id may be reused once the hub's 24-hour idempotency window has passed.
  id text not null,
  action text not null,
  debit_account_id text not null,
  credit_account_id text not null,
  asset text not null,
  amount_minor text not null,
  pending_id text,
  timeout_s integer not null,
  code text not null,
  reference text not null,
  submitted_by text not null,
  timestamp_us integer not null,
  command_seq integer not null,
  hold_status text
);
create index if not exists transfers_by_id on transfers (id);
create table if not exists orders (
  order_id integer primary key,
  client_order_id text not null,
  participant text not null,
  owner text not null,
  instrument text not null,
  market text not null,
  route text not null,
  venue text not null,
  side text not null,
  order_type text not null,
  time_in_force text not null,
  price_units integer not null,
  quantity_units integer not null,
  filled_units integer not null default 0,
  remaining_units integer not null,
  status text not null,
  cancel_reason text,
  accepted_at_us integer not null,
  updated_at_us integer not null
);
create index if not exists orders_by_participant on orders (participant, order_id);
create index if not exists orders_by_owner on orders (owner, order_id);
create index if not exists orders_by_instrument on orders (instrument, order_id);
create table if not exists trades (
  trade_id text primary key,
  instrument text not null,
  market text not null,
  price_units integer not null,
  quantity_units integer not null,
  aggressor text not null,
  buy_order_id integer not null,
  sell_order_id integer not null,
  buyer text not null,
  seller text not null,
  buyer_participant text not null,
  seller_participant text not null,
  buy_route text not null,
  sell_route text not null,
  buy_venue text not null,
  sell_venue text not null,
  timestamp_us integer not null,
  command_seq integer not null
);
create index if not exists trades_by_instrument on trades (instrument, timestamp_us);
create index if not exists trades_by_buyer on trades (buyer, timestamp_us);
create index if not exists trades_by_seller on trades (seller, timestamp_us);
create index if not exists transfers_by_debit on transfers (debit_account_id, timestamp_us);
create index if not exists transfers_by_credit on transfers (credit_account_id, timestamp_us);
`;
