/**
 * A synthetic event stream for the risk monitor's timing, in the shapes of the hub's events and
 * in the mix of a simulated demo day (the abuse scenario of seed 1, 255,572 events in 89,204
 * batches, measured 2026-12: bbo 23 %, order_accepted 20 %, order_cancelled 17 %, order_rested
 * 16 %, transfer_created 14 %, instruction_captured 5 %, trade 3 %, transfer_batch_created and
 * instruction_status 0.5 % each; about 2.9 events a batch). Stock Connect trades both ways, the
 * ledger balances of the holders they move, the settlement cycles that close the instructions,
 * and now and then a Bond Connect trade, a repo, a margin call and a payment.
 * @module
 */

import type { HubEvent } from '../../hub/index.js';
import { Mulberry32 } from '../../kernel/random.js';
import { timestampAt, US_PER_DAY } from '../../kernel/time.js';
import {
  accountCreated,
  balances,
  bondTrade,
  captured,
  payment,
  repoClosed,
  repoOpened,
  SECURITIES,
  status,
  trade,
  transfer,
} from '../../oversight/risk/monitor/fixtures.js';
import type { RiskBatch } from '../../oversight/risk/monitor/index.js';
import type { Investor, Party, Security } from '../../reference/index.js';

export interface WorkloadOptions {
  readonly seed?: number;
  /** Events of trading after the reference data and opening balances (about). */
  readonly events?: number;
  readonly instruments_per_market?: number;
  readonly brokers?: number;
  readonly investors?: number;
}

export interface Workload {
  /** Reference data and opening holdings: fed before the clock starts. */
  readonly genesis: readonly RiskBatch[];
  readonly trading: readonly RiskBatch[];
  readonly trading_events: number;
  /** Events per type in `trading`, for the record. */
  readonly mix: ReadonlyMap<string, number>;
}

const STEP_US = 40_000;
/** 09:30 to 16:00. */
const SESSION_US = 6.5 * 3_600_000_000;
const CYCLE_EVERY_STEPS = 4_000;
const HOLDINGS_PER_INVESTOR = 3;

interface Book {
  readonly id: string;
  readonly market: 'XSHG' | 'XSHE' | 'XHKG';
  readonly scale: number;
  mid: number;
  /** The investors who hold and trade it (their accounts opened in genesis). */
  readonly holders: Investor[];
}

/** Builds the stream; everything is decided by the seed. */
export function monitorWorkload(options: WorkloadOptions = {}): Workload {
  return new Generator(options).run();
}

class Generator {
  private readonly rng: Mulberry32;
  private readonly target: number;
  private readonly books: Book[] = [];
  private readonly brokers: Party[] = [];
  private readonly investors: Investor[] = [];
  /** Holder account → posted units (the ledger the generator keeps consistent). */
  private readonly ledger = new Map<string, bigint>();
  private readonly account_ids = new Map<string, string>();
  /** Instructions captured and not yet settled: [id, receiver account or '', units]. */
  private pending: Array<[string, string, number]> = [];
  private readonly trading: RiskBatch[] = [];
  private readonly mix = new Map<string, number>();
  private seq = 1;
  private now_us = timestampAt('2026-01-05', '09:30');
  private close_us = timestampAt('2026-01-05', '16:00');
  private order_id = 0;
  private trade_seq = 0;
  private steps = 0;
  private events = 0;

  constructor(private readonly options: WorkloadOptions) {
    this.rng = new Mulberry32(options.seed ?? 17);
    this.target = options.events ?? 400_000;
  }

  run(): Workload {
    const genesis = this.genesis();
    while (this.events < this.target) this.step();
    return { genesis, trading: this.trading, trading_events: this.events, mix: this.mix };
  }

  private emit(into: RiskBatch[], events: HubEvent[], count: boolean): void {
    into.push({ events, first_event_seq: this.seq, timestamp_us: this.now_us });
    this.seq += events.length;
    if (!count) return;
    this.events += events.length;
    for (const e of events) this.mix.set(e.type, (this.mix.get(e.type) ?? 0) + 1);
  }

  private genesis(): RiskBatch[] {
    const out: RiskBatch[] = [];
    const securities = this.securities();
    const parties = this.parties();
    this.emit(
      out,
      [
        ...parties.map((p): HubEvent => ({ type: 'party_registered', party: p })),
        ...securities.map((s): HubEvent => ({ type: 'security_registered', security: s })),
        ...SECURITIES.slice(3).map((s): HubEvent => ({ type: 'security_registered', security: s })),
      ],
      false,
    );
    for (let i = 0; i < this.investors.length; i += 1000) {
      const some = this.investors.slice(i, i + 1000);
      this.emit(
        out,
        some.map((v): HubEvent => ({ type: 'investor_registered', investor: v })),
        false,
      );
    }
    this.openingHoldings(out);
    return out;
  }

  /** `instruments_per_market` stocks on each of SSE, SZSE and SEHK, each with its book. */
  private securities(): Security[] {
    const per_market = this.options.instruments_per_market ?? 100;
    const securities: Security[] = [];
    for (const [m, market] of (['XSHG', 'XSHE', 'XHKG'] as const).entries()) {
      for (let i = 0; i < per_market; i += 1) {
        const base = SECURITIES[market === 'XHKG' ? 2 : m] as Security;
        const id = `${market.slice(1, 3)}${String(i).padStart(10, '0')}`;
        const security = { ...base, id, symbol: id.slice(-6) };
        securities.push(security);
        const scale = security.price_scale;
        const mid = this.rng.int(5, 500) * 10 ** scale;
        this.books.push({ id, market, scale, mid, holders: [] });
      }
    }
    return securities;
  }

  /** Brokers on both sides, the CCPs, two banks; and the investors (kept for `genesis`). */
  private parties(): Party[] {
    const party = (
      id: string,
      markets: Party['exchange_participant_of'],
      roles: Party['roles'],
    ): Party => ({
      ...{ id, name: id, roles, jurisdiction: markets.includes('XHKG') ? 'HK' : 'CN' },
      ...{ exchange_participant_of: markets, china_connect: 'none' },
    });
    for (let b = 0; b < (this.options.brokers ?? 40); b += 1) {
      const markets: Party['exchange_participant_of'] =
        b % 2 === 0 ? ['XHKG'] : b % 4 === 1 ? ['XSHG', 'XSHE'] : ['XSHE'];
      this.brokers.push(party(`BRK${b}`, markets, ['broker']));
    }
    const types = ['retail', 'retail', 'retail', 'professional', 'institutional', 'qfii'] as const;
    for (let i = 0; i < (this.options.investors ?? 20_000); i += 1) {
      const broker = this.rng.pick(this.brokers).id;
      const type = this.rng.pick(types);
      this.investors.push({
        ...{ id: `inv${i}`, type, jurisdiction: 'HK', broker, id_document_country: 'HK' },
        professional: type !== 'retail',
        institutional: type === 'institutional' || type === 'qfii',
      });
    }
    return [
      ...this.brokers,
      ...[party('CSDC', [], ['ccp', 'csd']), party('HKSCC', [], ['ccp', 'csd'])],
      ...['BANKHK', 'BANKCN'].map((id) => party(id, [], ['bank'])),
    ];
  }

  /** Each investor holds a few instruments: accounts opened and funded, 500 a batch. */
  private openingHoldings(out: RiskBatch[]): void {
    let batch: HubEvent[] = [];
    for (const [i, investor] of this.investors.entries()) {
      // Its cash account too: the ledger's cash transfers name existing accounts.
      batch.push(accountCreated(this.account(`${investor.id}/CNY`), investor.id, 'CNY'));
      for (let h = 0; h < HOLDINGS_PER_INVESTOR; h += 1) {
        // Round robin: every book has its holders (investors × 3 / books of them).
        const book = this.books[(i * HOLDINGS_PER_INVESTOR + h) % this.books.length] as Book;
        const account = this.account(`${book.id}/${investor.id}`);
        if (this.ledger.has(account)) continue;
        book.holders.push(investor);
        const units = BigInt(this.rng.int(1, 50) * 100);
        this.ledger.set(account, units);
        batch.push(
          accountCreated(account, investor.id, book.id),
          transfer(book.id, [account, units]),
        );
        if (batch.length >= 500) {
          this.emit(out, batch, false);
          batch = [];
        }
      }
    }
    if (batch.length > 0) this.emit(out, batch, false);
  }

  /**
   * One command's events, drawn so the mix is the demo day's: a resting order 8.5 %, a cancel
   * 41 %, an order that trades 6.8 %, an IOC remainder cancelled 6.2 %, a prefunded (shared
   * book) order 35 %, a cash transfer 2.3 %, the rare rest 0.15 %.
   */
  private step(): void {
    this.steps += 1;
    this.advance();
    const r = this.rng.uniform();
    let events: HubEvent[];
    if (r < 0.085) events = this.resting();
    else if (r < 0.497) events = this.cancel();
    else if (r < 0.565) events = this.aggressive();
    else if (r < 0.627) events = this.ioc();
    else if (r < 0.977) events = [this.cashMove(), ...this.resting().slice(0, 2)];
    else if (r < 0.9985) events = [this.cashMove()];
    else events = this.rare();
    this.emit(this.trading, events, true);
    if (this.steps % CYCLE_EVERY_STEPS === 0) this.emit(this.trading, this.cycle(), true);
  }

  /** 09:30 to 16:00, then the next day's 09:30: the monitor rolls its day at HK midnight. */
  private advance(): void {
    this.now_us += STEP_US;
    if (this.now_us <= this.close_us) return;
    this.close_us += US_PER_DAY;
    this.now_us = this.close_us - SESSION_US;
  }

  private resting(): HubEvent[] {
    const book = this.rng.pick(this.books);
    const side = this.rng.chance(0.5) ? 'buy' : 'sell';
    const price = book.mid + (side === 'buy' ? -1 : 1) * this.rng.int(1, 20);
    const accepted = this.accepted(book, side, price);
    return [
      accepted,
      {
        type: 'order_rested',
        order_id: this.order_id,
        instrument: book.id,
        side,
        price_units: price,
        remaining_units: 100,
      },
      this.bbo(book),
    ];
  }

  /** An immediate-or-cancel order that found nothing: accepted, its remainder cancelled. */
  private ioc(): HubEvent[] {
    const book = this.rng.pick(this.books);
    const [accepted, , bbo] = this.resting();
    const cancelled = this.cancel()[0] as HubEvent;
    return [accepted as HubEvent, cancelled, bbo as HubEvent].map((e) =>
      'instrument' in e ? { ...e, instrument: book.id } : e,
    ) as HubEvent[];
  }

  private cancel(): HubEvent[] {
    const book = this.rng.pick(this.books);
    const investor = this.rng.pick(this.investors);
    return [
      {
        type: 'order_cancelled',
        ...{ order_id: this.rng.int(1, Math.max(1, this.order_id)), instrument: book.id },
        ...{ owner: investor.id, participant: investor.broker, side: 'buy', price_units: book.mid },
        ...{ reason: 'user_cancel', cancelled_units: 100, remaining_units: 0 },
      },
      this.bbo(book),
    ];
  }

  /** An order that trades once or twice, each trade captured for settlement on both sides. */
  private aggressive(): HubEvent[] {
    const book = this.rng.pick(this.books);
    book.mid += this.rng.int(-2, 2) * 10 ** Math.max(0, book.scale - 2);
    if (book.mid <= 0) book.mid = 10 ** book.scale;
    const events: HubEvent[] = [this.accepted(book, 'buy', book.mid)];
    const fills = this.rng.chance(0.3) ? 2 : 1;
    for (let f = 0; f < fills; f += 1) events.push(...this.fill(book));
    events.push(this.bbo(book));
    return events;
  }

  private fill(book: Book): HubEvent[] {
    const buyer = this.rng.pick(book.holders);
    const seller = this.rng.pick(book.holders);
    const qty = this.rng.int(1, 10) * 100;
    const connect = this.rng.chance(0.4);
    const hk = book.market === 'XHKG';
    this.trade_seq += 1;
    const id = `${book.id}:${this.trade_seq}`;
    const t = trade({
      ...{ id, instrument: book.id, price: book.mid, qty, market: book.market },
      ...{
        buyer: buyer.id,
        seller: seller.id,
        buyer_participant: buyer.broker,
        seller_participant: seller.broker,
      },
      buy_route: connect && this.rng.chance(0.5) ? (hk ? 'southbound' : 'northbound') : 'domestic',
      sell_route: connect && this.rng.chance(0.5) ? (hk ? 'southbound' : 'northbound') : 'domestic',
    });
    const ccp = hk ? 'HKSCC' : 'CSDC';
    this.pending.push(
      [`${id}/S`, this.account(`${book.id}/${seller.id}`), -qty],
      [`${id}/B`, this.account(`${book.id}/${buyer.id}`), qty],
    );
    return [t, captured(`${id}/S`, id, ccp), captured(`${id}/B`, id, ccp)];
  }

  /** A settlement cycle: the holders' new balances in one batch, every open instruction settled. */
  private cycle(): HubEvent[] {
    const moved = new Map<string, bigint>();
    const fresh: HubEvent[] = [];
    for (const [, account, units] of this.pending) {
      const before = this.ledger.get(account);
      if (before === undefined)
        fresh.push(
          accountCreated(account, account.split('/')[1] as string, account.split('/')[0] as string),
        );
      const after = (before ?? 0n) + BigInt(units);
      this.ledger.set(account, after);
      moved.set(account, after);
    }
    // The netting batch's transfers are not built: the monitor reads the balances it left.
    const netting = balances(...moved.entries());
    const settled = this.pending.map(([id, , units]) =>
      status(id, 'settled', BigInt(Math.abs(units)), 0n),
    );
    this.pending = [];
    return [...fresh, netting, ...settled];
  }

  /** Cash moving on the ledger (holds, payments' legs): balances of accounts that are not holdings. */
  private cashMove(): HubEvent {
    const a = this.rng.pick(this.investors).id;
    const b = this.rng.pick(this.investors).id;
    return transfer(
      'CNY',
      [this.account(`${a}/CNY`), BigInt(this.rng.int(0, 1e9))],
      [this.account(`${b}/CNY`), BigInt(this.rng.int(0, 1e9))],
    );
  }

  /** Now and then: Bond Connect, a repo opened or closed, a margin call, a payment. */
  private rare(): HubEvent[] {
    const n = this.rng.int(0, 4);
    const id = `R${this.steps}`;
    if (n === 0) {
      const face = BigInt(this.rng.int(1, 100)) * 1_000_000n;
      return [
        bondTrade({
          id: `BOND:${this.steps}`,
          direction: 'northbound',
          buyer: 'inv1',
          seller: 'BANKCN',
          requester: 'inv1',
          face_minor: face,
          px_e8: 10_050_000_000n,
          amount_minor: (face * 1005n) / 1000n,
        }),
        captured(`BOND:${this.steps}`, `BOND:${this.steps}`, 'BILATERAL'),
      ];
    }
    if (n === 1) return [repoOpened(id, 'BANKCN', 'BANKHK', 980_000_000n, 1_000_000_000n)];
    if (n === 2) return [repoClosed(`R${this.steps - 4_000}`, 'BANKCN', 'BANKHK', 980_347_699n)];
    if (n === 3)
      return [
        payment(
          'payment_credited',
          this.rng.chance(0.5) ? 'northbound' : 'southbound',
          BigInt(this.rng.int(100, 1_000_000)),
          'CNY',
        ),
      ];
    return [
      {
        type: 'margin_called',
        repo_id: `R${this.steps - 10}`,
        seller: 'BANKCN',
        buyer: 'BANKHK',
        from: 'seller',
        amount_minor: 1n,
        market_value_minor: 990_000_000n,
        cash_margin_minor: 1n,
      },
    ];
  }

  /**
   * One string per account id, as the hub's events carry the ledger account's own id string
   * (`balanceOf`, `viewOf`): a reader's lookups then meet the same string object every time.
   */
  private account(id: string): string {
    const known = this.account_ids.get(id);
    if (known !== undefined) return known;
    this.account_ids.set(id, id);
    return id;
  }

  private accepted(book: Book, side: 'buy' | 'sell', price: number): HubEvent {
    this.order_id += 1;
    const investor = this.rng.pick(this.investors);
    return {
      type: 'order_accepted',
      ...{
        order_id: this.order_id,
        client_order_id: `c${this.order_id}`,
        participant: investor.broker,
      },
      ...{
        owner: investor.id,
        instrument: book.id,
        market: book.market,
        route: 'domestic',
        venue: book.market,
      },
      ...{ side, order_type: 'limit', time_in_force: 'day', post_only: false, price_units: price },
      ...{ quantity_units: 100, timestamp_us: this.now_us },
    };
  }

  private bbo(book: Book): HubEvent {
    return {
      type: 'bbo',
      ...{ instrument: book.id, bid_price_units: book.mid - 1, bid_size_units: 100 },
      ...{ ask_price_units: book.mid + 1, ask_size_units: 100 },
    };
  }
}
