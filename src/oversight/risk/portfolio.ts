/**
 * Portfolios in columns (docs/risk.md §1): rows checked at the door, then accounts interned to
 * members (participant, CCP) and affiliate groups in first-seen order, instruments priced in HKD
 * at the stated rates, and positions and collateral sorted by account (a stable counting sort),
 * so an account's holdings are one contiguous run. Same rows in, same columns out.
 * @module
 */

import { accept, type Outcome, reject } from '../../kernel/index.js';
import { INVESTOR_TYPES } from '../../reference/index.js';
import { fxTable } from './fx.js';
import {
  accountProblem,
  collateralProblem,
  holdingProblem,
  instrumentProblem,
  PORTFOLIO_LIMITS,
  valueFits,
} from './portfolio_rows.js';
import { FLOAT_EXACT_LIMIT } from './rounding.js';
import {
  type AccountRow,
  CCPS,
  type CollateralRow,
  type FxTable,
  INSTRUMENT_KINDS,
  type InstrumentRow,
  type Portfolio,
  type PortfolioInput,
  type PositionRow,
} from './types.js';

const SAFE_FAST = 2 ** 52;

/** Builds the columns of a portfolio, or says which row is wrong and why. */
export function riskPortfolio(input: PortfolioInput): Outcome<Portfolio> {
  const collateral = input.collateral ?? [];
  const sizes = sizeProblem(input, collateral.length);
  if (sizes !== undefined) return reject('RISK_PORTFOLIO_TOO_LARGE', sizes.message, sizes.details);
  const fx = fxTable(input.fx_rates);
  if (!fx.ok) return fx;
  const accounts = accountColumns(input.accounts);
  if (!accounts.ok) return accounts;
  const instruments = instrumentColumns(input.instruments, fx.value);
  if (!instruments.ok) return instruments;
  const counts = { accounts: input.accounts.length, instruments: input.instruments.length };
  const positions = holdingColumns(input.positions, input.instruments, counts, 'position');
  if (!positions.ok) return positions;
  const posted = holdingColumns(collateral, input.instruments, counts, 'collateral');
  if (!posted.ok) return posted;
  const gross = grossValueHkd(positions.value, posted.value, instruments.value.value_hkd);
  if (!(gross <= FLOAT_EXACT_LIMIT)) {
    return reject('RISK_VALUE_TOO_LARGE', 'The portfolio is worth more than 2^53 HKD minor units', {
      gross_value_hkd_minor: gross,
    });
  }
  return accept(
    assemble(accounts.value, instruments.value, positions.value, posted.value, fx.value),
  );
}

function sizeProblem(input: PortfolioInput, collateral: number) {
  const checks: [string, number, number][] = [
    ['accounts', input.accounts.length, PORTFOLIO_LIMITS.accounts_max],
    ['instruments', input.instruments.length, PORTFOLIO_LIMITS.instruments_max],
    ['positions', input.positions.length, PORTFOLIO_LIMITS.positions_max],
    ['collateral', collateral, PORTFOLIO_LIMITS.collateral_max],
  ];
  for (const [what, count, max] of checks) {
    if (count > max) {
      return {
        message: `Too many ${what}: ${count}, at most ${max}`,
        details: { what, count, max },
      };
    }
  }
  return undefined;
}

interface AccountColumns {
  readonly account_ids: string[];
  readonly account_member: Uint32Array;
  readonly account_investor_type: Uint8Array;
  readonly participant_ids: string[];
  readonly group_ids: string[];
  readonly member_participant: number[];
  readonly member_ccp: number[];
  readonly member_group: number[];
}

function accountColumns(rows: readonly AccountRow[]): Outcome<AccountColumns> {
  const out: AccountColumns = {
    account_ids: [],
    account_member: new Uint32Array(rows.length),
    account_investor_type: new Uint8Array(rows.length),
    participant_ids: [],
    group_ids: [],
    member_participant: [],
    member_ccp: [],
    member_group: [],
  };
  const seen = new Set<string>();
  const participants = new Map<string, number>();
  const participant_group: number[] = [];
  const groups = new Map<string, number>();
  const members = new Map<string, number>();
  for (let a = 0; a < rows.length; a += 1) {
    const row = rows[a] as AccountRow;
    const problem = accountProblem(row) ?? (seen.has(row.id) ? 'the id is used twice' : undefined);
    if (problem !== undefined) {
      return reject('RISK_ACCOUNT_INVALID', `Account ${a}: ${problem}`, { index: a });
    }
    seen.add(row.id);
    const group = intern(groups, out.group_ids, row.affiliate_group);
    const participant = intern(participants, out.participant_ids, row.participant);
    if (participant === participant_group.length) participant_group.push(group);
    if (participant_group[participant] !== group) {
      return reject(
        'RISK_ACCOUNT_INVALID',
        `Account ${a}: participant ${row.participant} is in two affiliate groups`,
        { index: a, participant: row.participant },
      );
    }
    const ccp = CCPS.indexOf(row.ccp);
    const key = `${participant}:${ccp}`;
    let member = members.get(key);
    if (member === undefined) {
      member = out.member_participant.length;
      members.set(key, member);
      out.member_participant.push(participant);
      out.member_ccp.push(ccp);
      out.member_group.push(group);
    }
    out.account_ids.push(row.id);
    out.account_member[a] = member;
    out.account_investor_type[a] = investorTypeIndex(row.investor_type);
  }
  return accept(out);
}

function intern(index: Map<string, number>, list: string[], key: string): number {
  let k = index.get(key);
  if (k === undefined) {
    k = list.length;
    index.set(key, k);
    list.push(key);
  }
  return k;
}

function investorTypeIndex(type: AccountRow['investor_type']): number {
  return INVESTOR_TYPES.indexOf(type);
}

interface InstrumentColumns {
  readonly ids: string[];
  readonly index: Map<string, number>;
  readonly market: InstrumentRow['market'][];
  readonly currency: Uint8Array;
  readonly kind: Uint8Array;
  readonly price: Float64Array;
  readonly duration: Float64Array;
  readonly convexity: Float64Array;
  readonly value_hkd: Float64Array;
}

function instrumentColumns(
  rows: readonly InstrumentRow[],
  fx: FxTable,
): Outcome<InstrumentColumns> {
  const n = rows.length;
  const out: InstrumentColumns = {
    ids: [],
    index: new Map(),
    market: [],
    currency: new Uint8Array(n),
    kind: new Uint8Array(n),
    price: new Float64Array(n),
    duration: new Float64Array(n),
    convexity: new Float64Array(n),
    value_hkd: new Float64Array(n),
  };
  for (let i = 0; i < n; i += 1) {
    const row = rows[i] as InstrumentRow;
    const problem =
      instrumentProblem(row) ?? (out.index.has(row.id) ? 'the id is used twice' : undefined);
    if (problem !== undefined) {
      return reject('RISK_INSTRUMENT_INVALID', `Instrument ${i}: ${problem}`, { index: i });
    }
    const c = fx.index.get(row.currency);
    if (c === undefined) {
      return reject(
        'RISK_FX_RATE_MISSING',
        `Instrument ${row.id} is in ${row.currency}, which has no FX rate`,
        {
          instrument: row.id,
          currency: row.currency,
        },
      );
    }
    if (row.price_minor > BigInt(FLOAT_EXACT_LIMIT)) {
      return reject(
        'RISK_VALUE_TOO_LARGE',
        `Instrument ${row.id}: the price is above 2^53 minor units`,
        {
          instrument: row.id,
        },
      );
    }
    out.ids.push(row.id);
    out.index.set(row.id, i);
    out.market.push(row.market);
    out.currency[i] = c;
    out.kind[i] = INSTRUMENT_KINDS.indexOf(row.kind);
    out.price[i] = Number(row.price_minor);
    out.duration[i] = row.modified_duration_e4 ?? 0;
    out.convexity[i] = row.convexity_e4 ?? 0;
    out.value_hkd[i] = (out.price[i] as number) * (fx.hkd_per_minor[c] as number);
  }
  return accept(out);
}

interface HoldingColumns {
  readonly start: Uint32Array;
  readonly instrument: Uint32Array;
  readonly quantity: Float64Array;
  readonly haircut_bp: Float64Array;
}

function holdingColumns(
  rows: readonly (PositionRow | CollateralRow)[],
  instruments: readonly InstrumentRow[],
  counts: { readonly accounts: number; readonly instruments: number },
  what: 'position' | 'collateral',
): Outcome<HoldingColumns> {
  const code = what === 'position' ? 'RISK_POSITION_INVALID' : 'RISK_COLLATERAL_INVALID';
  const start = new Uint32Array(counts.accounts + 1);
  for (let k = 0; k < rows.length; k += 1) {
    const row = rows[k] as CollateralRow;
    const problem =
      holdingProblem(row, counts.accounts, counts.instruments) ??
      (what === 'collateral' ? collateralProblem(row) : undefined);
    if (problem !== undefined)
      return reject(code, `${capital(what)} ${k}: ${problem}`, { index: k });
    const price = (instruments[row.instrument] as InstrumentRow).price_minor;
    const fast = Math.abs(Number(row.quantity) * Number(price)) < SAFE_FAST;
    if (!fast && !valueFits(row.quantity, price)) {
      return reject(
        'RISK_VALUE_TOO_LARGE',
        `${capital(what)} ${k}: quantity × price is above 2^53 minor units`,
        {
          index: k,
        },
      );
    }
    start[row.account + 1] = (start[row.account + 1] as number) + 1;
  }
  for (let a = 0; a < counts.accounts; a += 1) {
    start[a + 1] = (start[a + 1] as number) + (start[a] as number);
  }
  return accept(fillSorted(rows, start));
}

/** Places row `k` after the earlier rows of its account: a stable counting sort. */
function fillSorted(
  rows: readonly (PositionRow | CollateralRow)[],
  start: Uint32Array,
): HoldingColumns {
  const n = rows.length;
  const next = start.slice(0, start.length - 1);
  const out = {
    start,
    instrument: new Uint32Array(n),
    quantity: new Float64Array(n),
    haircut_bp: new Float64Array(n),
  };
  for (const row of rows) {
    const slot = next[row.account] as number;
    next[row.account] = slot + 1;
    out.instrument[slot] = row.instrument;
    out.quantity[slot] = Number(row.quantity);
    out.haircut_bp[slot] = (row as Partial<CollateralRow>).haircut_bp ?? 0;
  }
  return out;
}

function capital(what: string): string {
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
}

function grossValueHkd(positions: HoldingColumns, posted: HoldingColumns, value_hkd: Float64Array) {
  let gross = 0;
  for (const holdings of [positions, posted]) {
    for (let k = 0; k < holdings.quantity.length; k += 1) {
      const i = holdings.instrument[k] as number;
      gross += Math.abs((holdings.quantity[k] as number) * (value_hkd[i] as number));
    }
  }
  return gross;
}

function assemble(
  accounts: AccountColumns,
  instruments: InstrumentColumns,
  positions: HoldingColumns,
  posted: HoldingColumns,
  fx: FxTable,
): Portfolio {
  return {
    account_ids: accounts.account_ids,
    account_member: accounts.account_member,
    account_investor_type: accounts.account_investor_type,
    participant_ids: accounts.participant_ids,
    group_ids: accounts.group_ids,
    member_participant: Uint32Array.from(accounts.member_participant),
    member_ccp: Uint8Array.from(accounts.member_ccp),
    member_group: Uint32Array.from(accounts.member_group),
    instrument_ids: instruments.ids,
    instrument_index: instruments.index,
    instrument_market: instruments.market,
    instrument_currency: instruments.currency,
    instrument_kind: instruments.kind,
    instrument_price_minor: instruments.price,
    instrument_duration_e4: instruments.duration,
    instrument_convexity_e4: instruments.convexity,
    instrument_value_hkd: instruments.value_hkd,
    position_start: positions.start,
    position_instrument: positions.instrument,
    position_quantity: positions.quantity,
    collateral_start: posted.start,
    collateral_instrument: posted.instrument,
    collateral_quantity: posted.quantity,
    collateral_haircut_bp: posted.haircut_bp,
    fx,
  };
}
