/**
 * Importing a sese.023 instruction into posttrade, and exporting one. An imported instruction is
 * a bilateral one (model 1, settled gross on its settlement date, at once if that is today):
 * exchange trades reach posttrade from the market, not as messages.
 * @module
 */

import { accept, marketDate, type Outcome } from '../kernel/index.js';
import { BILATERAL, streamOf } from './capture.js';
import { refuse } from './codes.js';
import { settlementDates } from './dates.js';
import { settleGrossNow } from './gross.js';
import {
  checkDrafts,
  type DraftAccount,
  type DraftSide,
  type DraftTerms,
  type InstructionDraft,
  recordDrafts,
  resolveAccount,
} from './instructions.js';
import {
  type InstrumentLookup,
  readSese023,
  type Sese023Instruction,
  writeSese023,
} from './sese023.js';
import type { PosttradeEnv, PosttradeState } from './state.js';
import type { Instruction } from './types.js';

const ROOT = 'Document/SctiesSttlmTxInstr';

/** Reads a sese.023 document and records (and, if due today, settles) its instruction. */
export function importSese023(
  state: PosttradeState,
  env: PosttradeEnv,
  xml: string,
  lookup: InstrumentLookup,
): Outcome<Instruction> {
  const read = readSese023(xml, lookup);
  if (!read.ok) return read;
  const draft = draftOf(state, env, read.value);
  if (!draft.ok) return draft;
  const blocked = checkDrafts(state, [draft.value]);
  if (blocked !== undefined) return blocked;
  const [instruction] = recordDrafts(state, env, [draft.value]) as [Instruction];
  const today = marketDate(env.timestamp_us);
  if (instruction.model === 'gross' && instruction.securities_date <= today) {
    settleGrossNow(state, env, [instruction], today);
  }
  return accept(instruction);
}

function sese(field: string, problem: string) {
  return refuse('SESE023_INVALID', `sese.023 ${field} ${problem}`, { field, problem });
}

function draftOf(
  state: PosttradeState,
  env: PosttradeEnv,
  m: Sese023Instruction,
): Outcome<InstructionDraft> {
  if (state.config.ccp_by_market[m.market] !== undefined) {
    return sese(`${ROOT}/FinInstrmId/ISIN`, `settles through the ${m.market} CCP, not bilaterally`);
  }
  const stream = streamOf(m.market, 'vatp_local');
  const rules = state.config.streams[stream];
  const dates = settlementDates(
    { ...rules, securities_lag_days: 0, cash_lag_days: 0 },
    m.settlement_date,
  );
  if (!dates.ok) return dates;
  const cash_asset = m.cash_asset ?? state.config.cash_asset_by_currency[m.currency];
  const legs = legsOf(env, m, cash_asset);
  if (!legs.ok) return legs;
  const own = m.movement === 'DELI' ? legs.value.sec_from : legs.value.sec_to;
  if (own.id !== m.safekeeping_account && own.owner !== m.safekeeping_account) {
    return sese(
      `${ROOT}/QtyAndAcctDtls/SfkpgAcct/Id`,
      `is not the instructing party's account ${own.id}`,
    );
  }
  const terms: DraftTerms = {
    trade_id: m.trade_id,
    stream,
    group: BILATERAL,
    model: rules.model,
    market: m.market,
    isin: m.isin,
    payment: m.payment,
    currency: m.currency,
    cash_asset,
    trade_date: m.trade_date,
    securities_date: m.settlement_date,
    cash_date: m.settlement_date,
    buy_in_date: dates.value.buy_in_date,
    captured_at_us: env.timestamp_us,
    quantity_units: m.quantity_units,
    cash_minor: m.cash_minor,
    price_units: m.price_units,
    price_scale: m.price_scale,
    face_value_minor: 0n,
    partial_allowed: m.partial_allowed,
  };
  const side: DraftSide = {
    id: m.tx_id,
    deliverer: m.deliverer,
    deliverer_participant: m.deliverer_participant,
    receiver: m.receiver,
    receiver_participant: m.receiver_participant,
    fx: 'none',
    shared_book: false,
    affiliate_deliverer: false,
    affiliate_receiver: false,
  };
  return accept({ terms, side, legs: legs.value });
}

function legsOf(
  env: PosttradeEnv,
  m: Sese023Instruction,
  cash_asset: string,
): Outcome<InstructionDraft['legs']> {
  const accounts: DraftAccount[] = [];
  const wanted = [
    [m.deliverer, m.isin, m.deliverer_participant],
    [m.receiver, m.isin, m.receiver_participant],
    ...(m.payment === 'APMT'
      ? [
          [m.receiver, cash_asset, m.receiver_participant],
          [m.deliverer, cash_asset, m.deliverer_participant],
        ]
      : []),
  ] as const;
  for (const [owner, asset, participant] of wanted) {
    const account = resolveAccount(env, owner, asset, 'holding', participant);
    if (!account.ok) return account;
    accounts.push(account.value);
  }
  const [sec_from, sec_to, cash_from, cash_to] = accounts as [
    DraftAccount,
    DraftAccount,
    ...DraftAccount[],
  ];
  return accept({
    sec_from,
    sec_to,
    cash_from: cash_from ?? null,
    cash_to: cash_to ?? null,
    rmb_from: null,
    rmb_to: null,
  });
}

/** Exports an instruction as sese.023 from the deliverer's (`DELI`) or receiver's side. */
export function exportSese023(
  state: PosttradeState,
  instruction_id: string,
  movement: 'DELI' | 'RECE',
): Outcome<string> {
  const i = state.instructions.get(instruction_id);
  if (i === undefined) {
    return refuse('UNKNOWN_INSTRUCTION', `No instruction ${instruction_id}`, { instruction_id });
  }
  const account = state.accounts.ids[movement === 'DELI' ? i.sec_from : i.sec_to] as string;
  return writeSese023(i, movement, account);
}
