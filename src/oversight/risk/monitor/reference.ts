/**
 * The reference data the monitor needs, learnt from the hub's `security_registered`,
 * `party_registered` and `investor_registered` events (and their updates): per instrument its
 * market, currency, price scale, units in issue and a bond's face value; per owner its investor
 * class and the participant it trades through; per participant its Southbound channel.
 * @module
 */

import {
  CURRENCY_CODES,
  type Investor,
  MARKETS,
  type Party,
  type Security,
} from '../../../reference/index.js';
import { growBigint, growFloat64, growInt32, growUint8, Interner } from './tables.js';
import { INVESTOR_CLASSES } from './types.js';

/** Far above what the hub registers: reaching one is a wiring bug (an assertion). */
export const MONITOR_BOUNDS = {
  instruments_max: 1 << 20,
  names_max: 1 << 24,
  participants_max: 1 << 16,
} as const;

export const HOUSE_CLASS = INVESTOR_CLASSES.indexOf('house');
const KIND_INVESTOR = 1;
const KIND_PARTY = 2;

export class MonitorReference {
  readonly instruments = new Interner('instruments', MONITOR_BOUNDS.instruments_max);
  /** Index in MARKETS, -1 while unknown. */
  market = new Int32Array(0);
  /** Index in CURRENCY_CODES, -1 while unknown. */
  currency = new Int32Array(0);
  price_scale = new Int32Array(0);
  /** Units in issue when the security states them, else 0. */
  issued_units = new Float64Array(0);
  /** A bond's face value of one ledger unit (minor units), 0n for other securities. */
  readonly face_value_minor: bigint[] = [];

  /** Investors and parties: the owners of positions, and the parties that trade. */
  readonly names = new Interner('owners', MONITOR_BOUNDS.names_max);
  private name_kind = new Uint8Array(0);
  /** Index in INVESTOR_CLASSES. */
  name_class = new Int32Array(0);
  /** The participant handle an owner trades and settles through, -1 until known. */
  private name_participant = new Int32Array(0);
  /** CCPs and CSDs: their accounts are settlement plumbing, not positions. */
  name_excluded = new Uint8Array(0);

  readonly participants = new Interner('participants', MONITOR_BOUNDS.participants_max);
  /** A participant's Southbound channel: 0 through SSE (XSHG), 1 through SZSE (XSHE). */
  participant_channel = new Int32Array(0);

  /** The instrument's handle, made (with unknown terms) on first sight. */
  instrument(id: string): number {
    const handle = this.instruments.intern(id);
    if (handle >= this.market.length) this.growInstruments(handle + 1);
    return handle;
  }

  /** The owner's handle, made on first sight (an unregistered owner is a house account). */
  name(id: string): number {
    const handle = this.names.intern(id);
    if (handle >= this.name_kind.length) this.growNames(handle + 1);
    return handle;
  }

  participant(id: string): number {
    const handle = this.participants.intern(id);
    this.participant_channel = growInt32(this.participant_channel, handle + 1);
    return handle;
  }

  /** The participant an owner trades through: an investor's broker, else the party itself. */
  participantOf(name: number): number {
    const known = this.name_participant[name] as number;
    if (known >= 0) return known;
    const made = this.participant(this.names.name(name));
    this.name_participant[name] = made;
    return made;
  }

  onSecurity(security: Security): void {
    const h = this.instrument(security.id);
    this.market[h] = MARKETS.indexOf(security.market);
    this.currency[h] = CURRENCY_CODES.indexOf(security.currency);
    this.price_scale[h] = security.price_scale;
    const issued = security.issued_units ?? security.a_share_units;
    this.issued_units[h] = issued === undefined ? 0 : Number(issued);
    this.face_value_minor[h] = security.bond?.face_value_minor ?? 0n;
  }

  onParty(party: Party): void {
    const h = this.name(party.id);
    if (this.name_kind[h] !== KIND_INVESTOR) {
      this.name_kind[h] = KIND_PARTY;
      this.name_class[h] = HOUSE_CLASS;
      this.name_participant[h] = this.participant(party.id);
    }
    const plumbing = party.roles.includes('ccp') || party.roles.includes('csd');
    this.name_excluded[h] = plumbing ? 1 : 0;
    const p = this.participant(party.id);
    const markets = party.exchange_participant_of;
    // The rules' default channel: the first Mainland exchange the participant belongs to.
    this.participant_channel[p] = !markets.includes('XSHG') && markets.includes('XSHE') ? 1 : 0;
  }

  onInvestor(investor: Investor): void {
    const h = this.name(investor.id);
    this.name_kind[h] = KIND_INVESTOR;
    this.name_class[h] = INVESTOR_CLASSES.indexOf(investor.type);
    // A broker change moves the investor's future trades; positions already kept stay where
    // they were counted (docs/risk-monitor.md §2).
    this.name_participant[h] = this.participant(investor.broker);
  }

  private growInstruments(length: number): void {
    this.market = growInt32(this.market, length, -1);
    this.currency = growInt32(this.currency, length, -1);
    this.price_scale = growInt32(this.price_scale, length);
    this.issued_units = growFloat64(this.issued_units, length);
    growBigint(this.face_value_minor, this.market.length);
  }

  private growNames(length: number): void {
    const before = this.name_class.length;
    this.name_kind = growUint8(this.name_kind, length);
    this.name_class = growInt32(this.name_class, length);
    this.name_class.fill(HOUSE_CLASS, before);
    this.name_participant = growInt32(this.name_participant, length, -1);
    this.name_excluded = growUint8(this.name_excluded, length);
  }
}
