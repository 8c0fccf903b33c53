/**
 * The FIX acceptor: jspurefix's TCP listener with a wildcard TargetCompID (any participant's
 * SenderCompID may log on; each gets its own SessionId and its own sequence store), sequence
 * numbers in `<data_dir>/fix/sessions/` so a restart resumes them (session_store.ts), and the
 * dictionary with Hutong's custom tags (dictionary.ts).
 * @module
 */

import 'reflect-metadata';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import {
  DITokens,
  EmptyLogFactory,
  type EngineFactory,
  type IJsFixConfig,
  type ISessionDescription,
  SessionLauncher,
} from 'jspurefix';
import type { DependencyContainer } from 'tsyringe';
import { FixDesk } from './desk.js';
import { ensureDictionary } from './dictionary.js';
import { HutongFixSession } from './session.js';
import { flushSeqNumStores, SeqNumFileStoreFactory } from './session_store.js';
import { HutongMsgTransmitter } from './transmitter.js';
import type { FixEngine, FixKeys } from './types.js';

export const DEFAULT_FIX_PORT = 9878;
export const DEFAULT_FIX_COMP_ID = 'HUTONG-FIX';
const LISTEN_WAIT_MS = 15_000;
/**
 * How much a session's socket buffers before it reports backpressure. jspurefix pipes each
 * session's encoded messages into its socket; at Node's 16 KiB default the reports of a
 * committed group past 16 KiB paused the pipe and left one write(2) each once the socket
 * drained, not in the group's one writev (session.ts `cork`). Buffered bytes are the same
 * either way (the pipe only moves them from jspurefix's stream to the socket).
 */
const SOCKET_HIGH_WATER_MARK_BYTES = 1 << 20;

export interface FixGatewayOptions {
  readonly engine: FixEngine;
  readonly keys: FixKeys;
  readonly data_dir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** The acceptor's SenderCompID; clients put it in TargetCompID (56). */
  readonly comp_id?: string;
  readonly heartbeat_s?: number;
}

export interface FixGateway {
  readonly port: number;
  readonly comp_id: string;
  readonly dictionary_path: string;
  readonly desk: FixDesk;
  /** Logs every session out, closes the listener. */
  close(): Promise<void>;
}

class AcceptorLauncher extends SessionLauncher {
  entity: unknown = null;

  constructor(
    description: ISessionDescription,
    private readonly desk: FixDesk,
    private readonly stores: SeqNumFileStoreFactory,
  ) {
    super(null, description, new EmptyLogFactory());
  }

  protected override makeFactory(config: IJsFixConfig): EngineFactory {
    // Each connection's scope copies the store factory from this config (session-scope.ts).
    config.sessionStoreFactory = this.stores;
    // Each connection's scope resolves its transmitter from here (jspurefix registered its own
    // before this call; the last registration wins): pre-encoded report bodies (transmitter.ts).
    config.sessionContainer.register(DITokens.MsgTransmitter, {
      useFactory: (scope) =>
        new HutongMsgTransmitter(scope.resolve<IJsFixConfig>(DITokens.IJsFixConfig)),
    });
    return {
      makeSession: (session_config: IJsFixConfig) => {
        session_config.sessionStoreFactory = this.stores;
        return new HutongFixSession(session_config, this.desk);
      },
    };
  }

  /** The base class resolves a fresh entity it keeps private; this one keeps it to close it. */
  protected override async getAcceptor(container: DependencyContainer): Promise<unknown> {
    const entity = container.resolve<{ start(): Promise<unknown>; stop?(): void }>('FixEntity');
    this.entity = entity;
    return entity.start();
  }

  close(): void {
    (this.entity as { stop?(): void } | null)?.stop?.();
    this.stop();
  }
}

export async function startFixGateway(options: FixGatewayOptions): Promise<FixGateway> {
  const fix_dir = join(options.data_dir, 'fix');
  const dictionary_path = ensureDictionary(fix_dir);
  const port = await freePort(options.port ?? DEFAULT_FIX_PORT);
  const comp_id = options.comp_id ?? DEFAULT_FIX_COMP_ID;
  const description = {
    application: {
      type: 'acceptor',
      name: 'hutong',
      tcp: { host: '127.0.0.1', port },
      protocol: 'ascii',
      dictionary: dictionary_path,
    },
    BeginString: 'FIX.4.4',
    SenderCompId: comp_id,
    TargetCompID: '*',
    HeartBtInt: options.heartbeat_s ?? 30,
    ResetSeqNumFlag: false,
  } as unknown as ISessionDescription;
  const desk = new FixDesk(options.engine, options.keys);
  const stores = new SeqNumFileStoreFactory(join(fix_dir, 'sessions'));
  const launcher = new AcceptorLauncher(description, desk, stores);
  const running = launcher.run();
  running.catch(() => undefined);
  await listening(launcher, running);
  raiseHighWaterMark(launcher);
  return {
    port,
    comp_id,
    dictionary_path,
    desk,
    close: async () => {
      desk.close();
      launcher.close();
      await running.catch(() => undefined);
      flushSeqNumStores();
    },
  };
}

/**
 * The port itself when it is free (a clear error when not: jspurefix throws an uncaught error
 * from the listener), or a free one for 0.
 */
function freePort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) =>
      reject(new Error(`FIX port ${port} is not available: ${error.message}`)),
    );
    probe.listen(port, () => {
      const address = probe.address();
      const chosen = typeof address === 'object' && address !== null ? address.port : port;
      probe.close(() => resolve(chosen));
    });
  });
}

/** Waits until jspurefix's net.Server listens (it offers no event for it). */
async function listening(launcher: AcceptorLauncher, running: Promise<unknown>): Promise<void> {
  let failed: unknown = null;
  running.catch((error: unknown) => {
    failed = error;
  });
  for (let waited_ms = 0; waited_ms < LISTEN_WAIT_MS; waited_ms += 10) {
    if (failed !== null) throw failed;
    if (serverOf(launcher)?.listening === true) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  launcher.close();
  throw new Error(`The FIX acceptor did not start listening within ${LISTEN_WAIT_MS} ms`);
}

/**
 * Sockets the server accepts from now on take its `highWaterMark` (net.createServer's option,
 * kept on the server; jspurefix creates the server without options). A connection accepted
 * before this runs keeps the default, as before.
 */
function raiseHighWaterMark(launcher: AcceptorLauncher): void {
  const server = serverOf(launcher) as (Server & { highWaterMark?: number }) | undefined;
  if (server !== undefined) server.highWaterMark = SOCKET_HIGH_WATER_MARK_BYTES;
}

/** jspurefix keeps the net.Server private: TcpAcceptorListener.acceptor.server. */
function serverOf(launcher: AcceptorLauncher): Server | undefined {
  const entity = launcher.entity as { acceptor?: { server?: Server } } | null;
  return entity?.acceptor?.server;
}
