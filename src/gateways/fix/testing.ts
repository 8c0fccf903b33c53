/**
 * For the FIX gateway's tests: a real FIX initiator from jspurefix as a separate client (its own
 * session, its own sequence numbers, optionally its own file store), recording every message it
 * receives as a tag → value map; and a raw TCP client for the bytes no FIX engine would send
 * (a wrong checksum, an unknown tag).
 * @module
 */

import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import {
  AsciiSession,
  EmptyLogFactory,
  type EngineFactory,
  type IJsFixConfig,
  type ISessionDescription,
  type JsFixLoggerFactory,
  JsFixWinstonLogFactory,
  type MsgView,
  SessionLauncher,
  WinstonLogger,
} from 'jspurefix';

import { flushSeqNumStores, SeqNumFileStoreFactory } from './session_store.js';

const SOH = '\x01';
/** CheckSum (10), the last field of every message, between two SOHs. */
const TRAILER = new RegExp(`${SOH}10=\\d{3}${SOH}`);
const WAIT_MS = 10_000;

export type Fields = ReadonlyMap<number, string>;

/**
 * `8=FIX.4.4␁9=…␁35=D␁…` → tag → value (the last value of a repeated tag). jspurefix hands
 * decoded messages over with `|` for SOH, so both separate fields.
 */
export function parseFix(text: string): Fields {
  const fields = new Map<number, string>();
  for (const pair of text.replaceAll(SOH, '|').split('|')) {
    const at = pair.indexOf('=');
    if (at > 0) fields.set(Number(pair.slice(0, at)), pair.slice(at + 1));
  }
  return fields;
}

class Inbox {
  readonly messages: Fields[] = [];
  private waiters: Array<() => void> = [];

  push(fields: Fields): void {
    this.messages.push(fields);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The first message from `from` on that matches; rejects after WAIT_MS. */
  async next(match: (m: Fields) => boolean, from = 0, what = 'a message'): Promise<Fields> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found !== undefined) return found;
      const left_ms = deadline - Date.now();
      if (left_ms <= 0) throw new Error(`No ${what} within ${WAIT_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left_ms);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

class ClientSession extends AsciiSession {
  constructor(
    config: IJsFixConfig,
    readonly inbox: Inbox,
  ) {
    super(config);
  }

  ready: () => void = () => undefined;
  stopped: (error?: Error) => void = () => undefined;

  protected override onApplicationMsg(_msg_type: string, _view: MsgView): void {}
  protected override onReady(_view: MsgView): void {
    this.ready();
  }
  protected override onStopped(error?: Error): void {
    flushSeqNumStores();
    this.stopped(error);
  }
  protected override onLogon(): boolean {
    return true;
  }
  protected override onDecoded(_msg_type: string, text: string): void {
    this.inbox.push(parseFix(text));
  }
  protected override onEncoded(): void {}
  override send(msg_type: string, message: Record<string, unknown>): void {
    super.send(msg_type, message);
  }
  /** Hangs up without a Logout. */
  drop(): void {
    this.requestStop('test drops the connection');
  }
}

class ClientLauncher extends SessionLauncher {
  constructor(
    description: ISessionDescription,
    private readonly make: (config: IJsFixConfig) => ClientSession,
    log_factory: JsFixLoggerFactory,
  ) {
    super(description, null, log_factory);
  }
  protected override makeFactory(_config: IJsFixConfig): EngineFactory {
    return { makeSession: (config: IJsFixConfig) => this.make(config) };
  }
}

export interface ClientOptions {
  readonly port: number;
  readonly dictionary_path: string;
  readonly comp_id: string;
  readonly password: string;
  readonly target_comp_id?: string;
  /** Logon with ResetSeqNumFlag=Y (default true). */
  readonly reset?: boolean;
  /** A file store for the client's own sequence numbers; null keeps them in memory. */
  readonly store_dir?: string | null;
  /** jspurefix's session log on the console, for debugging a test. */
  readonly log?: boolean;
}

export interface FixClient {
  readonly inbox: Inbox;
  /** Resolves when the Logon is answered; rejects when the session ends first. */
  readonly logged_on: Promise<void>;
  /** Resolves with the reason (if any) when the session has ended. */
  readonly ended: Promise<Error | undefined>;
  send(msg_type: string, message: Record<string, unknown>): void;
  logout(): Promise<void>;
  drop(): Promise<void>;
}

export function startClient(options: ClientOptions): FixClient {
  const description = {
    application: {
      type: 'initiator',
      name: `client-${options.comp_id}`,
      reconnectSeconds: 0,
      tcp: { host: '127.0.0.1', port: options.port },
      protocol: 'ascii',
      dictionary: options.dictionary_path,
    },
    BeginString: 'FIX.4.4',
    SenderCompId: options.comp_id,
    TargetCompID: options.target_comp_id ?? 'HUTONG-FIX',
    Username: options.comp_id,
    Password: options.password,
    HeartBtInt: 30,
    ResetSeqNumFlag: options.reset ?? true,
  } as unknown as ISessionDescription;
  const store_dir = options.store_dir ?? null;
  let session: ClientSession | null = null;
  let logged_on_resolve: () => void = () => undefined;
  let logged_on_reject: (error: Error) => void = () => undefined;
  let ended_resolve: (error: Error | undefined) => void = () => undefined;
  const logged_on = new Promise<void>((resolve, reject) => {
    logged_on_resolve = resolve;
    logged_on_reject = reject;
  });
  logged_on.catch(() => undefined);
  const ended = new Promise<Error | undefined>((resolve) => {
    ended_resolve = resolve;
  });
  const inbox = new Inbox();
  const launcher = new ClientLauncher(
    description,
    (config) => {
      if (store_dir !== null) config.sessionStoreFactory = new SeqNumFileStoreFactory(store_dir);
      const made = new ClientSession(config, inbox);
      made.ready = logged_on_resolve;
      made.stopped = (error?: Error) => {
        logged_on_reject(error ?? new Error('the session ended before the Logon was answered'));
        ended_resolve(error);
      };
      session = made;
      return made;
    },
    options.log === true
      ? new JsFixWinstonLogFactory(WinstonLogger.consoleOptions('info'))
      : new EmptyLogFactory(),
  );
  launcher.run().then(
    () => ended_resolve(undefined),
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      logged_on_reject(failure);
      ended_resolve(failure);
    },
  );
  const live = () => {
    if (session === null) throw new Error('The client has no session yet');
    return session;
  };
  return {
    inbox,
    logged_on,
    ended,
    send: (msg_type, message) => live().send(msg_type, message),
    logout: async () => {
      live().done();
      await ended;
    },
    drop: async () => {
      live().drop();
      await ended;
    },
  };
}

/** Writes a client's next sender and target sequence numbers into its file store. */
export function setClientSeqNums(
  store_dir: string,
  sender_comp_id: string,
  target_comp_id: string,
  next_sender: number,
  next_target: number,
): void {
  const path = join(store_dir, `FIX.4.4-${sender_comp_id}-${target_comp_id}.seqnums`);
  const pad = (n: number) => String(n).padStart(20, ' ');
  writeFileSync(path, `${pad(next_sender)} : ${pad(next_target)}`);
}

/** A FIX message as text with BodyLength and CheckSum computed (or a wrong CheckSum forced). */
export function rawMessage(
  fields: ReadonlyArray<readonly [number, string]>,
  checksum_override: string | null = null,
): string {
  const body = fields.map(([tag, value]) => `${tag}=${value}${SOH}`).join('');
  const head = `8=FIX.4.4${SOH}9=${Buffer.byteLength(body)}${SOH}`;
  const text = head + body;
  let sum = 0;
  for (const byte of Buffer.from(text)) sum = (sum + byte) % 256;
  const checksum = checksum_override ?? String(sum).padStart(3, '0');
  return `${text}10=${checksum}${SOH}`;
}

/** A raw TCP FIX peer: writes text, collects parsed messages. */
export interface RawPeer {
  readonly inbox: Inbox;
  /** Each received message as it came, latin1, in the inbox's order. */
  readonly frames: string[];
  write(text: string): void;
  close(): void;
}

export function rawPeer(port: number): Promise<RawPeer> {
  const inbox = new Inbox();
  const frames: string[] = [];
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1', () =>
      resolve({
        inbox,
        frames,
        write: (text) => socket.write(text),
        close: () => socket.destroy(),
      }),
    );
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const end = buffered.search(TRAILER);
        if (end < 0) break;
        const stop = end + 8;
        frames.push(buffered.slice(0, stop));
        inbox.push(parseFix(buffered.slice(0, stop)));
        buffered = buffered.slice(stop);
      }
    });
    socket.on('error', reject);
  });
}

/** `YYYYMMDD-HH:MM:SS.sss` for SendingTime (52) and TransactTime (60) in raw messages. */
export function fixTime(date: Date = new Date()): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}
