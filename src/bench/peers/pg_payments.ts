/**
 * The peer of the payments figures (issue 16): the same payments in PostgreSQL, done the usual
 * way. Per payment, the payee is looked up by proxy (one prepared query), then one transaction,
 * sent in one round trip: the payer's limit row updated (the day's and year's use, reset on a new
 * day or year, a CHECK holding them within the caps), every balance of the payment's legs updated
 * in account-id order (so concurrent payments cannot deadlock on the banks' hot rows; a CHECK
 * refuses an overdraft), the payment inserted, commit (durable: `synchronous_commit` stays on).
 * Several connections run in parallel, as a payment service would. The conversion is computed in
 * the service (sent × rate rounded down), as ours. The proxies are stored and passed in E.164:
 * the peer does not parse mobile numbers (ours does, with libphonenumber, on every lookup).
 * Afterwards every payment must be in the table and every asset conserved, or the run fails.
 * @module
 */

import type pg from 'pg';
import { customerAccountId, linkAccountId, settlementAccountId } from '../../hub/index.js';
import { timestampAt } from '../../kernel/time.js';
import { hkDate } from '../../payments/index.js';
import { benchAccounts } from '../payments/hub_payments.js';
import {
  type BenchPayment,
  benchPayments,
  CN_BANK,
  cnAccount,
  cnMobile,
  HK_BANK,
  HKD_PER_CNY_E8,
  hkAccount,
  hkMobile,
  LINK_BANK,
  PAYEES_PER_SIDE,
  receivedMinor,
  USD_PER_CNY_E8,
} from '../payments/workload.js';
import { withPgSchema } from './pg_pool.js';

export interface PgPaymentsOptions {
  readonly payments: number;
  readonly connections: number;
}

export type PgPaymentsResult = { readonly payments_per_s: number } | { readonly skipped: string };

const DAY = hkDate(timestampAt('2026-01-05', '10:00'));
const YEAR = 2026;
const NORTH_DAY_CAP = 1_000_000n;
const NORTH_YEAR_CAP = 20_000_000n;
const SOUTH_QUOTA = 5_000_000n;

export async function measurePgPayments(options: PgPaymentsOptions): Promise<PgPaymentsResult> {
  const peer = { connections: options.connections, schema_prefix: 'hutong_payments' };
  return withPgSchema(peer, async (pool, schema) => {
    await createSchema(pool, schema, options.payments);
    const slices: BenchPayment[][] = Array.from({ length: options.connections }, () => []);
    benchPayments(options.payments).forEach((p, i) => {
      slices[i % options.connections]?.push(p);
    });
    const started_ns = process.hrtime.bigint();
    await Promise.all(slices.map((slice) => runSlice(pool, schema, slice)));
    const elapsed_s = Number(process.hrtime.bigint() - started_ns) / 1e9;
    await checkPeer(pool, schema, options.payments);
    return { payments_per_s: options.payments / elapsed_s };
  });
}

async function createSchema(pool: pg.Pool, schema: string, payments: number): Promise<void> {
  await pool.query(`create table ${schema}.accounts (id text primary key, asset text not null,
    balance bigint not null check (balance >= 0))`);
  await pool.query(`create table ${schema}.proxies (side text not null, value text not null,
    bank text not null, account text not null, name text not null, primary key (side, value))`);
  await pool.query(`create table ${schema}.limits (key text primary key, day date not null,
    day_used bigint not null, year int not null, year_used bigint not null,
    day_cap bigint not null, year_cap bigint not null,
    check (day_used <= day_cap and year_used <= year_cap))`);
  await pool.query(`create table ${schema}.payments (e2e text primary key, direction text not null,
    payer_key text not null, payee_account text not null, send_currency text not null,
    receive_currency text not null, amount bigint not null, received bigint not null,
    rate_e8 bigint, state text not null, created_at timestamptz not null default now())`);
  const accounts = benchAccounts(payments);
  await pool.query(
    `insert into ${schema}.accounts select * from unnest($1::text[], $2::text[], $3::bigint[])`,
    [accounts.map(([a]) => a.id), accounts.map(([a]) => a.asset), accounts.map(([, b]) => b)],
  );
  const proxies: string[][] = [];
  for (let n = 0; n < PAYEES_PER_SIDE; n += 1) {
    proxies.push(['HK', hkMobile(n), HK_BANK, hkAccount('Q', n), `PAYEE Hk ${n}`]);
    proxies.push(['MAINLAND', cnMobile(n), CN_BANK, cnAccount('Q', n), `收款人${n}`]);
  }
  await pool.query(
    `insert into ${schema}.proxies select * from unnest($1::text[], $2::text[], $3::text[],
      $4::text[], $5::text[])`,
    [0, 1, 2, 3, 4].map((c) => proxies.map((row) => row[c])),
  );
  const keys = [...new Set(benchPayments(payments).map(limitKey))];
  await pool.query(
    `insert into ${schema}.limits select k, $2::date, 0, $3, 0,
       case when k like 'northbound%' then $4::bigint else 9223372036854775807 end,
       case when k like 'northbound%' then $5::bigint else $6::bigint end
     from unnest($1::text[]) k`,
    [keys, DAY, YEAR, NORTH_DAY_CAP, NORTH_YEAR_CAP, SOUTH_QUOTA],
  );
  await pool.query(`analyze ${schema}.accounts`);
}

function limitKey(p: BenchPayment): string {
  return `${p.direction}|${p.payer}`;
}

/** What the caps count: HKD (Northbound) or USD (Southbound) at the stated rates, rounded up. */
function limitMinor(p: BenchPayment): bigint {
  const up = (amount: bigint, rate: bigint) => (amount * rate + 99_999_999n) / 100_000_000n;
  if (p.direction === 'southbound') return up(p.amount_minor, USD_PER_CNY_E8);
  return p.send_currency === 'HKD' ? p.amount_minor : up(p.amount_minor, HKD_PER_CNY_E8);
}

/** Balance changes of the payment's legs, per account (as the hub's legs, docs/payments.md §9.2). */
function deltas(p: BenchPayment, payee_account: string): Map<string, bigint> {
  const north = p.direction === 'northbound';
  const [payer_bank, payee_bank] = north ? [HK_BANK, CN_BANK] : [CN_BANK, HK_BANK];
  const [payer_system, payee_system]: ['FPS' | 'IBPS', 'FPS' | 'IBPS'] = north
    ? ['FPS', 'IBPS']
    : ['IBPS', 'FPS'];
  const send = north ? (p.send_currency === 'HKD' ? 'HKD' : 'CNH') : 'CNY';
  const receive = north ? 'CNY' : p.receive_currency === 'HKD' ? 'HKD' : 'CNH';
  const payer = north ? hkAccount('P', p.payer) : cnAccount('P', p.payer);
  const sent = p.amount_minor;
  const received = receivedMinor(p);
  const out = new Map<string, bigint>();
  const move = (from: string, to: string, amount: bigint) => {
    out.set(from, (out.get(from) ?? 0n) - amount);
    out.set(to, (out.get(to) ?? 0n) + amount);
  };
  move(customerAccountId(payer_bank, payer, send), linkAccountId(LINK_BANK, send), sent);
  move(
    settlementAccountId(payer_bank, send, payer_system),
    settlementAccountId(LINK_BANK, send, payer_system),
    sent,
  );
  move(
    settlementAccountId(LINK_BANK, receive, payee_system),
    settlementAccountId(payee_bank, receive, payee_system),
    received,
  );
  move(
    linkAccountId(LINK_BANK, receive),
    customerAccountId(payee_bank, payee_account, receive),
    received,
  );
  return out;
}

const text = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The payment's transaction as one simple-protocol round trip. */
function transaction(schema: string, p: BenchPayment, payee_account: string): string {
  const limit = limitMinor(p);
  const key = text(limitKey(p));
  const statements = [
    'begin',
    `update ${schema}.limits set
       day_used = (case when day = '${DAY}' then day_used else 0 end) + ${limit}, day = '${DAY}',
       year_used = (case when year = ${YEAR} then year_used else 0 end) + ${limit}, year = ${YEAR}
     where key = ${key}`,
  ];
  const changes = [...deltas(p, payee_account)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, delta] of changes) {
    statements.push(
      `update ${schema}.accounts set balance = balance + (${delta}) where id = ${text(id)}`,
    );
  }
  statements.push(
    `insert into ${schema}.payments (e2e, direction, payer_key, payee_account, send_currency,
       receive_currency, amount, received, rate_e8, state)
     values (${text(p.end_to_end_id)}, '${p.direction}', ${key}, ${text(payee_account)},
       '${p.send_currency}', '${p.receive_currency}', ${p.amount_minor}, ${receivedMinor(p)},
       ${p.rate_e8 ?? 'null'}, 'credited')`,
    'commit',
  );
  return `${statements.join(';\n')};`;
}

async function runSlice(pool: pg.Pool, schema: string, slice: readonly BenchPayment[]) {
  const client = await pool.connect();
  try {
    for (const p of slice) {
      const north = p.direction === 'northbound';
      const found = await client.query<{ account: string }>({
        name: 'lookup',
        text: `select account from ${schema}.proxies where side = $1 and value = $2`,
        values: [north ? 'MAINLAND' : 'HK', north ? cnMobile(p.payee) : hkMobile(p.payee)],
      });
      const account = found.rows[0]?.account;
      if (account === undefined) throw new Error(`payments peer: no payee for ${p.end_to_end_id}`);
      try {
        await client.query(transaction(schema, p, account));
      } catch (error) {
        await client.query('rollback');
        throw new Error(`payments peer: ${p.end_to_end_id} refused: ${(error as Error).message}`);
      }
    }
  } finally {
    client.release();
  }
}

/** Every payment in the table; every asset's balances sum to what was funded. */
async function checkPeer(pool: pg.Pool, schema: string, payments: number): Promise<void> {
  const count = await pool.query<{ n: string }>(
    `select count(*)::text as n from ${schema}.payments`,
  );
  if (Number(count.rows[0]?.n) !== payments)
    throw new Error(`payments peer: ${count.rows[0]?.n} of ${payments} payments kept`);
  const opening = new Map<string, bigint>();
  for (const [a, b] of benchAccounts(payments))
    opening.set(a.asset, (opening.get(a.asset) ?? 0n) + b);
  const sums = await pool.query<{ asset: string; total: string }>(
    `select asset, sum(balance)::text as total from ${schema}.accounts group by asset`,
  );
  for (const row of sums.rows) {
    if (BigInt(row.total) !== opening.get(row.asset))
      throw new Error(`payments peer: ${row.asset} not conserved (${row.total})`);
  }
}
