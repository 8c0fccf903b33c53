/**
 * The PostgreSQL projection's tables: the SQLite projection's tables and columns, with
 * PostgreSQL types. Integers are `bigint` (hub times in microseconds pass 2^31) and read back as
 * numbers. Amounts and balances are `numeric`: exact at any size (a ledger amount may reach
 * 2^128 − 1, beyond `bigint`), summable and comparable in SQL by an analyst, and read back as the
 * same decimal strings SQLite's TEXT holds. Event bodies are `text`: the bytes SQLite stores, so
 * both projections answer identically (jsonb would reorder keys) and nothing is parsed on insert;
 * the few JSON lookups cast to `json` on rows already narrowed by type.
 *
 * Indexes: only those the queries (pg_queries.ts) and the writer's updates use. The SQLite
 * schema's indexes of orders and trades by participant, owner, instrument, buyer and seller are
 * not made here: no query reads them and each costs every inserted row (about a third of the
 * server's time for the orders and trades tables in the projection bench). An analyst who needs
 * one creates it; schemas made before keep theirs, which cost time but change no answer.
 * @module
 */

/** Checked at open; a different version must be dropped and rebuilt from the journal. */
export const PG_PROJECTION_SCHEMA_VERSION = 1;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name safe to splice into SQL; anything else is refused. */
export function checkSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema))
    throw new Error(
      `INVALID_SCHEMA_NAME: schema "${schema}" must be lower-case letters, digits and _ (at most 63)`,
    );
  return schema;
}

export function schemaSql(s: string): string {
  return `
create schema if not exists ${s};
create table if not exists ${s}.meta (key text primary key, value text not null);
create table if not exists ${s}.commands (
  seq bigint primary key,
  timestamp_us bigint not null,
  participant text not null,
  type text not null,
  status text not null,
  rejection_code text,
  rejection_message text,
  first_event_seq bigint not null,
  event_count bigint not null,
  duplicate_of bigint
);
create table if not exists ${s}.events (
  event_seq bigint primary key,
  command_seq bigint not null,
  timestamp_us bigint not null,
  type text not null,
  body text not null
);
create index if not exists events_by_type on ${s}.events (type, event_seq);
create table if not exists ${s}.accounts (
  id text primary key,
  owner text not null,
  asset text not null,
  purpose text not null,
  parent_id text,
  omnibus smallint not null,
  debits_must_not_exceed_credits smallint not null,
  credits_must_not_exceed_debits smallint not null,
  created_at_us bigint not null,
  debits_pending numeric not null default 0,
  debits_posted numeric not null default 0,
  credits_pending numeric not null default 0,
  credits_posted numeric not null default 0,
  frozen smallint not null default 0
);
create index if not exists accounts_by_owner on ${s}.accounts (owner, asset);
create table if not exists ${s}.transfers (
  id text not null,
  action text not null,
  debit_account_id text not null,
  credit_account_id text not null,
  asset text not null,
  amount_minor numeric not null,
  pending_id text,
  timeout_s bigint not null,
  code text not null,
  reference text not null,
  submitted_by text not null,
  timestamp_us bigint not null,
  command_seq bigint not null,
  hold_status text
);
create index if not exists transfers_by_id on ${s}.transfers (id);
create index if not exists transfers_by_debit on ${s}.transfers (debit_account_id, timestamp_us);
create index if not exists transfers_by_credit on ${s}.transfers (credit_account_id, timestamp_us);
create table if not exists ${s}.orders (
  order_id bigint primary key,
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
  price_units bigint not null,
  quantity_units bigint not null,
  filled_units bigint not null default 0,
  remaining_units bigint not null,
  status text not null,
  cancel_reason text,
  accepted_at_us bigint not null,
  updated_at_us bigint not null
);
create table if not exists ${s}.trades (
  trade_id text primary key,
  instrument text not null,
  market text not null,
  price_units bigint not null,
  quantity_units bigint not null,
  aggressor text not null,
  buy_order_id bigint not null,
  sell_order_id bigint not null,
  buyer text not null,
  seller text not null,
  buyer_participant text not null,
  seller_participant text not null,
  buy_route text not null,
  sell_route text not null,
  buy_venue text not null,
  sell_venue text not null,
  timestamp_us bigint not null,
  command_seq bigint not null
);
`;
}
