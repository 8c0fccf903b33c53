/**
 * The alert store's tables, beside (never inside) the hub projection's: alerts with their evidence
 * and case state, an owner index for "alerts on this account", and the case audit trail.
 * @module
 */

export const STORE_SCHEMA_VERSION = 1;

export const STORE_SCHEMA_SQL = `
create table if not exists surveillance_meta (
  key text primary key,
  value text not null
);
create table if not exists surveillance_alerts (
  alert_id text primary key,
  kind text not null,
  subtype text not null,
  severity text not null,
  state text not null,
  close_reason text,
  instrument text,
  market text,
  market_date text not null,
  window_start_us integer not null,
  window_end_us integer not null,
  raised_at_us integer not null,
  event_seq integer not null,
  summary text not null,
  owners text not null,
  participants text not null,
  evidence text not null,
  updated_at_us integer not null,
  version integer not null
);
create index if not exists surveillance_alerts_by_state
  on surveillance_alerts (state, severity, raised_at_us);
create index if not exists surveillance_alerts_by_kind on surveillance_alerts (kind, raised_at_us);
create index if not exists surveillance_alerts_by_instrument
  on surveillance_alerts (instrument, raised_at_us);
create table if not exists surveillance_alert_owners (
  owner text not null,
  alert_id text not null,
  primary key (owner, alert_id)
);
create table if not exists surveillance_case_events (
  id integer primary key autoincrement,
  alert_id text not null,
  from_state text,
  to_state text not null,
  actor text not null,
  reason text,
  note text,
  at_us integer not null
);
create index if not exists surveillance_case_events_by_alert
  on surveillance_case_events (alert_id, id);
`;
