/**
 * One session of the FIX load client for `npm run bench -- orders`: a raw TCP socket that logs
 * on for real (Logon 35=A with the participant's key, ResetSeqNumFlag=Y, answered by the
 * acceptor's Logon), then keeps `window` NewOrderSingles in flight, each framed from pre-built
 * pieces (fix_wire.ts), and times each order from its write to its first ExecutionReport
 * (ExecType 150 = 0 new or 8 rejected: exactly one per order). It answers TestRequests and ends
 * with a Logout. Anything else the acceptor says (a session Reject, a ResendRequest, a
 * BusinessMessageReject) is a broken run and fails it.
 *
 * Orders alternate buy and sell at one price between two clients of the session's participant,
 * who swap sides every pair: each sell fills the buy before it, the book stays empty, and neither
 * client runs out of shares or cash however long the run.
 * @module
 */

import { connect, type Socket } from 'node:net';
import { FixReader, fieldOf, fixTimeOf, frame, SOH } from './fix_wire.js';

/** What one session trades: one instrument, two clients of the participant. */
export interface FixLoadPair {
  readonly participant: string;
  readonly instrument: string;
  readonly symbol: string;
  readonly price_text: string;
  readonly quantity_units: number;
  readonly owners: readonly [string, string];
}

export interface FixLoadOptions {
  readonly port: number;
  readonly target_comp_id: string;
  readonly password: string;
  readonly pair: FixLoadPair;
  /** Orders written and not yet acknowledged, at most. */
  readonly window: number;
  /**
   * Orders per second this session offers at most (paced from `start`); undefined keeps the
   * window full. A fixed rate holds the server's group sizes equal between two builds, so its
   * CPU time per order compares even when they would reach different throughputs.
   */
  readonly rate_per_s?: number;
}

export interface FixLoadResult {
  /** Orders acknowledged while measuring. */
  readonly acked: number;
  /** Of those, refused (ExecType 8). */
  readonly rejected: number;
  /** Send → first ExecutionReport, in ms, of the orders acknowledged while measuring. */
  readonly latencies_ms: readonly number[];
  /** Text (58) of the first refusal, for the error message when too many are refused. */
  readonly first_rejection: string | null;
}

const LOGON_WAIT_MS = 10_000;
const DRAIN_WAIT_MS = 10_000;
const LOGOUT_WAIT_MS = 2_000;
/** How often a paced session tops up its orders. */
const PACE_INTERVAL_MS = 2;

export class FixLoadSession {
  private readonly reader = new FixReader();
  private seq_num = 1;
  private next_order = 0;
  private in_flight = 0;
  private sent_at_ms = new Float64Array(1 << 16);
  private running = false;
  private measuring = false;
  private acked = 0;
  private rejected = 0;
  private first_rejection: string | null = null;
  private latencies_ms: number[] = [];
  private failure: Error | null = null;
  private readonly order_head: string;
  /** Per order variant (pair parity × side): Account … Side, then TransactTime's tag. */
  private readonly order_middles: readonly string[];
  private readonly order_tail: string;
  private waiter: { match: (type: string) => boolean; wake: () => void } | null = null;
  private started_ms = 0;
  private pacer: ReturnType<typeof setInterval> | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly options: FixLoadOptions,
  ) {
    const { pair } = options;
    this.order_head = `35=D${SOH}49=${pair.participant}${SOH}56=${options.target_comp_id}${SOH}34=`;
    const instrument = `55=${pair.symbol}${SOH}48=${pair.instrument}${SOH}22=4${SOH}`;
    const [a, b] = pair.owners;
    // Pair k: k even, a buys and b sells; k odd, b buys and a sells (order n: k = n >> 1).
    this.order_middles = [
      [a, '1'],
      [b, '2'],
      [b, '1'],
      [a, '2'],
    ].map(([owner, side]) => `${SOH}1=${owner}${SOH}${instrument}54=${side}${SOH}60=`);
    this.order_tail = `${SOH}38=${pair.quantity_units}${SOH}40=2${SOH}44=${pair.price_text}${SOH}59=0${SOH}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => {
      if (this.running) this.fail(new Error(`${pair.participant}: the acceptor hung up`));
    });
  }

  /** Connects and logs on; resolves when the acceptor's Logon answer arrives. */
  static async open(options: FixLoadOptions): Promise<FixLoadSession> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const made = connect(options.port, '127.0.0.1', () => resolve(made));
      made.once('error', reject);
    });
    const session = new FixLoadSession(socket, options);
    const answered = session.until((type) => type === 'A', LOGON_WAIT_MS, 'Logon answer');
    session.write(
      session.adminBody(
        'A',
        `98=0${SOH}108=30${SOH}141=Y${SOH}553=${options.pair.participant}${SOH}554=${options.password}${SOH}`,
      ),
    );
    await answered;
    return session;
  }

  start(): void {
    this.running = true;
    this.started_ms = performance.now();
    if (this.options.rate_per_s !== undefined)
      this.pacer = setInterval(() => this.pump(), PACE_INTERVAL_MS);
    this.pump();
  }

  /** From now on, acknowledgements are counted and timed. */
  measure(on: boolean): void {
    this.measuring = on;
  }

  /** Stops sending, waits for the orders in flight, logs out. */
  async stop(): Promise<FixLoadResult> {
    this.running = false;
    if (this.pacer !== null) clearInterval(this.pacer);
    if (this.failure !== null) {
      this.socket.destroy();
      throw this.failure;
    }
    const drained =
      this.in_flight === 0
        ? Promise.resolve()
        : this.until(() => this.in_flight === 0, DRAIN_WAIT_MS, 'the last acknowledgements');
    await drained;
    const logged_out = this.until((type) => type === '5', LOGOUT_WAIT_MS, 'Logout answer');
    this.write(this.adminBody('5', ''));
    await logged_out.catch(() => undefined);
    this.socket.destroy();
    if (this.failure !== null) throw this.failure;
    return {
      acked: this.acked,
      rejected: this.rejected,
      latencies_ms: this.latencies_ms,
      first_rejection: this.first_rejection,
    };
  }

  /** Writes NewOrderSingles until `window` are in flight, in one socket write. */
  private pump(): void {
    if (!this.running || this.failure !== null) return;
    const room = Math.min(this.options.window - this.in_flight, this.dueOrders());
    if (room <= 0) return;
    const time = fixTimeOf(Date.now());
    let text = '';
    for (let i = 0; i < room; i += 1) text += this.order(time);
    const now_ms = performance.now();
    for (let n = this.next_order - room; n < this.next_order; n += 1) this.sent_at_ms[n] = now_ms;
    this.in_flight += room;
    this.socket.write(text, 'latin1');
  }

  /** Orders the pace allows now beyond those written (no limit without a rate). */
  private dueOrders(): number {
    const rate_per_s = this.options.rate_per_s;
    if (rate_per_s === undefined) return Number.POSITIVE_INFINITY;
    const due = Math.floor(((performance.now() - this.started_ms) * rate_per_s) / 1_000);
    return due - this.next_order;
  }

  private order(time: string): string {
    const n = this.next_order;
    this.next_order += 1;
    if (n >= this.sent_at_ms.length) {
      const grown = new Float64Array(this.sent_at_ms.length * 2);
      grown.set(this.sent_at_ms);
      this.sent_at_ms = grown;
    }
    const seq_num = this.seq_num;
    this.seq_num += 1;
    const middle = this.order_middles[(n & 1) | (((n >> 1) & 1) * 2)] as string;
    return frame(
      `${this.order_head}${seq_num}${SOH}52=${time}${SOH}11=${n}${middle}${time}${this.order_tail}`,
    );
  }

  private adminBody(msg_type: string, fields: string): string {
    const { pair, target_comp_id } = this.options;
    const seq_num = this.seq_num;
    this.seq_num += 1;
    const time = fixTimeOf(Date.now());
    return frame(
      `35=${msg_type}${SOH}49=${pair.participant}${SOH}56=${target_comp_id}${SOH}34=${seq_num}${SOH}52=${time}${SOH}${fields}`,
    );
  }

  private write(text: string): void {
    this.socket.write(text, 'latin1');
  }

  private received(chunk: Buffer): void {
    for (const message of this.reader.push(chunk)) {
      const type = fieldOf(message, '35') ?? '';
      if (type === '8') this.report(message);
      else if (type === '1')
        this.write(this.adminBody('0', `112=${fieldOf(message, '112') ?? ''}${SOH}`));
      else if (type === '2' || type === '3' || type === 'j')
        this.fail(
          new Error(
            `${this.options.pair.participant}: the acceptor answered ${message.replaceAll(SOH, '|')}`,
          ),
        );
      this.wakeOn(type);
    }
    this.pump();
  }

  /** The first ExecutionReport of an order (150=0 or 8) acknowledges it. */
  private report(message: string): void {
    const exec_type = fieldOf(message, '150');
    if (exec_type !== '0' && exec_type !== '8') return;
    const n = Number(fieldOf(message, '11'));
    this.in_flight -= 1;
    if (!this.measuring) return;
    this.acked += 1;
    this.latencies_ms.push(performance.now() - (this.sent_at_ms[n] ?? 0));
    if (exec_type === '8') {
      this.rejected += 1;
      this.first_rejection ??= fieldOf(message, '58');
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.running = false;
    this.wakeOn('');
  }

  private wakeOn(type: string): void {
    const waiter = this.waiter;
    if (waiter !== null && (waiter.match(type) || this.failure !== null)) {
      this.waiter = null;
      waiter.wake();
    }
  }

  /** Resolves when a message matching `match` arrives (or the session fails). */
  private until(match: (type: string) => boolean, wait_ms: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`${this.options.pair.participant}: no ${what} within ${wait_ms} ms`)),
        wait_ms,
      );
      this.waiter = {
        match,
        wake: () => {
          clearTimeout(timer);
          if (this.failure !== null) reject(this.failure);
          else resolve();
        },
      };
    });
  }
}
