/**
 * The tokenized green bonds changing hands: banks and Hong Kong institutions trade the HKD
 * tranche over the counter, and each trade reaches CMU as an ISO 20022 sese.023 instruction that
 * settles DvP at once against e-HKD, wholesale tokenized central-bank money (the same import as
 * `POST /v1/settlement/instructions`). The desk trades in Hong Kong's trading hours, a few times
 * an hour, at a price around its own fair value (fair_value.ts).
 * @module
 */

import { cashAccountId, securitiesAccountId } from '../../hub/accounts.js';
import type { HubState } from '../../hub/index.js';
import { formatMinor } from '../../kernel/money.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { marketDate } from '../../kernel/time.js';
import { postedBalance } from '../../ledger/index.js';
import { PARTY_ID_ISSUER, SESE023_NAMESPACE } from '../../posttrade/index.js';
import type { Submission } from '../genesis.js';
import type { FairValues } from './fair_value.js';
import { volatilityProfile } from './volatility.js';

/** The HKD tranche, settled in e-HKD. */
export const GREEN_BOND_HKD = 'HKHTGB25HKD0';
const CASH_ASSET = 'e-HKD';
/** Prices per 100 of face value at 3 decimals; a unit's face value is 100 minor units (HKD 1). */
const PRICE_SCALE_POW = 1_000n;
const LOT_UNITS = 10_000;
/** Chance of a trade per simulator step during Hong Kong's continuous session. */
const TRADE_CHANCE = 0.01;

interface Holder {
  readonly participant: string;
  readonly owner: string;
}

export class BondDesk {
  private holders: Holder[] | null = null;

  constructor(
    private readonly rng: Mulberry32,
    private readonly fair: FairValues,
    private readonly nextId: () => string,
    /** What an account can give: its posted balance less what unsettled RFQ trades will take. */
    private readonly available: (state: HubState, account_id: string, today: string) => bigint = (
      s,
      id,
    ) => balance(s, id),
  ) {}

  /** A trade now and then while Hong Kong trades continuously; null otherwise. */
  step(state: HubState, now_us: number): Submission | null {
    const hk = state.markets.markets.venues.get('XHKG');
    if (hk === undefined || hk.session.phase !== 'continuous') return null;
    if (!this.rng.chance(TRADE_CHANCE)) return null;
    this.fair.start(GREEN_BOND_HKD, 100_125, volatilityProfile('', 'bond', 'CMU'), now_us);
    const price_units = Math.round(this.fair.advance(GREEN_BOND_HKD, now_us, 90_000, 110_000));
    this.holders ??= bondHolders(state);
    const holders = this.holders;
    if (holders.length < 2) return null;
    const deliverer = this.rng.pick(holders);
    const receiver = this.rng.pick(holders.filter((h) => h.owner !== deliverer.owner));
    const quantity_units = LOT_UNITS * this.rng.int(1, 20);
    const cash_minor = (BigInt(quantity_units) * BigInt(price_units)) / PRICE_SCALE_POW;
    const today = marketDate(now_us);
    const security = state.reference.securities.get(GREEN_BOND_HKD);
    const bonds_at =
      security === undefined
        ? undefined
        : securitiesAccountId(state.reference, deliverer.owner, security);
    if (bonds_at === undefined) return null;
    const held = this.available(state, bonds_at, today);
    const cash = this.available(state, cashAccountId(receiver.owner, CASH_ASSET), today);
    if (held < BigInt(quantity_units) || cash < cash_minor) return null;
    const xml = sese023({
      tx_id: this.nextId(),
      date: today,
      price_units,
      quantity_units,
      cash_minor,
      deliverer,
      receiver,
    });
    return { participant: 'operator', command: { type: 'posttrade.import_sese023', xml } };
  }
}

function balance(state: HubState, account_id: string): bigint {
  const account = state.ledger.accounts.get(account_id);
  return account === undefined ? 0n : postedBalance(account);
}

/**
 * Who holds the bond in Hong Kong: banks for themselves, institutions through their broker (the
 * Mainland investors trade it by RFQ instead, rfq_desk.ts).
 */
function bondHolders(state: HubState): Holder[] {
  const holders: Holder[] = [];
  for (const account of state.ledger.by_asset.get(GREEN_BOND_HKD) ?? []) {
    if (account.purpose !== 'available' || account.omnibus) continue;
    const investor = state.reference.investors.get(account.owner);
    const jurisdiction =
      investor?.jurisdiction ?? state.reference.parties.get(account.owner)?.jurisdiction;
    if (jurisdiction !== 'HK') continue;
    holders.push({ participant: investor?.broker ?? account.owner, owner: account.owner });
  }
  return holders;
}

interface Trade {
  readonly tx_id: string;
  readonly date: string;
  readonly price_units: number;
  readonly quantity_units: number;
  readonly cash_minor: bigint;
  readonly deliverer: Holder;
  readonly receiver: Holder;
}

function party(tag: string, id: string): string {
  return `<${tag}><Id><PrtryId><Id>${id}</Id><Issr>${PARTY_ID_ISSUER}</Issr></PrtryId></Id></${tag}>`;
}

/** The deliverer's sese.023 (DELI, against payment). */
function sese023(t: Trade): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${SESE023_NAMESPACE}"><SctiesSttlmTxInstr>
<TxId>${t.tx_id}</TxId>
<SttlmTpAndAddtlParams><SctiesMvmntTp>DELI</SctiesMvmntTp><Pmt>APMT</Pmt></SttlmTpAndAddtlParams>
<TradDtls><TradId>${t.tx_id}</TradId><TradDt><Dt><Dt>${t.date}</Dt></Dt></TradDt><SttlmDt><Dt><Dt>${t.date}</Dt></Dt></SttlmDt>
<DealPric><Tp><Yldd>false</Yldd></Tp><Val><Amt Ccy="HKD">${formatMinor(BigInt(t.price_units), 3)}</Amt></Val></DealPric></TradDtls>
<FinInstrmId><ISIN>${GREEN_BOND_HKD}</ISIN></FinInstrmId>
<QtyAndAcctDtls><SttlmQty><Qty><Unit>${t.quantity_units}</Unit></Qty></SttlmQty><SfkpgAcct><Id>${t.deliverer.owner}</Id></SfkpgAcct><CshAcct><Prtry>${CASH_ASSET}</Prtry></CshAcct></QtyAndAcctDtls>
<SttlmParams><SctiesTxTp><Cd>TRAD</Cd></SctiesTxTp><PrtlSttlmInd>NPAR</PrtlSttlmInd></SttlmParams>
<DlvrgSttlmPties>${party('Pty1', t.deliverer.participant)}${party('Pty2', t.deliverer.owner)}</DlvrgSttlmPties>
<RcvgSttlmPties>${party('Pty1', t.receiver.participant)}${party('Pty2', t.receiver.owner)}</RcvgSttlmPties>
<SttlmAmt><Amt Ccy="HKD">${formatMinor(t.cash_minor, 2)}</Amt><CdtDbtInd>CRDT</CdtDbtInd></SttlmAmt>
</SctiesSttlmTxInstr></Document>`;
}
