/**
 * The hub as a server: one HubNode (journal, snapshots, projection), the engine that pipelines
 * its commits, the readers that follow it (orders, market data, streams, keys), the Fastify app
 * with every route, the optional simulator, the idle ticker, and graceful shutdown.
 * @module
 */

import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { registerConsole } from '../../console/index.js';
import { OPERATOR_PARTICIPANT } from '../../hub/index.js';
import {
  type Clock,
  DemoDayClock,
  type ForwardingClock,
  HubNode,
  ManualClock,
  SYSTEM_CLOCK,
} from '../../runtime/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import type { FsyncMode } from '../../storage/index.js';
import { registerAuth, type UnauthenticatedLimiter } from './auth.js';
import { bookInstruments } from './books.js';
import { DemoClock } from './demo_clock.js';
import { Engine } from './engine.js';
import { clientErrorHandler, registerErrorHandlers } from './error_handler.js';
import { MarginCallLog } from './financing_reader.js';
import { type Gateway, hubState, lookupsOf, type ServerClock } from './gateway.js';
import { type BatchReplayer, replayJournal } from './journal_replay.js';
import { toJson } from './json.js';
import { KeyStore } from './keys.js';
import { MarketData } from './market_data.js';
import { registerOpenApi } from './openapi.js';
import type { OrderDoor } from './order_door.js';
import { installOrderDoor, requestIdSequence } from './order_door_install.js';
import { OrderIndex } from './order_index.js';
import { recentTrades } from './projection_reads.js';
import { bondQuotaView, RULES_QUOTA_READER } from './quota_view.js';
import { doorRateLimit, rateLimited, rateWindows, sharedStore } from './rate_windows.js';
import type { QuotaReader, SettlementReader } from './readers.js';
import { startRiskMonitor } from './risk_monitor.js';
import { registerAdminRoutes, statusOf } from './routes_admin.js';
import { registerBondRoutes } from './routes_bonds.js';
import { registerClockRoutes } from './routes_clock.js';
import { registerCommandRoutes } from './routes_commands.js';
import { registerFinancingRoutes } from './routes_financing.js';
import { registerHistoryRoutes } from './routes_history.js';
import { registerLedgerRoutes } from './routes_ledger.js';
import { registerLiquidityRoutes } from './routes_liquidity.js';
import { registerMarketRoutes } from './routes_market.js';
import { registerOrderBatchRoute } from './routes_order_batch.js';
import { registerPaymentRoutes } from './routes_payments.js';
import { registerPaymentIsoRoute } from './routes_payments_iso.js';
import { registerRiskRoutes } from './routes_risk.js';
import { registerRiskMonitorRoutes } from './routes_risk_monitor.js';
import { registerStreamRoute } from './routes_stream.js';
import { registerSurveillanceRoutes } from './routes_surveillance.js';
import { registerTradableRoute } from './routes_tradable.js';
import { POSTTRADE_SETTLEMENT_READER } from './settlement_view.js';
import { SimDriver, type SimulatorFactory } from './sim_driver.js';
import {
  DEFAULT_STREAM_LIMITS,
  SHUTDOWN_CLOSE_CODE,
  StreamHub,
  type StreamLimits,
} from './streams.js';
import { startSurveillance } from './surveillance.js';

export interface SimulatorOptions {
  readonly factory: SimulatorFactory;
  readonly seed: number;
  readonly running: boolean;
  readonly steps_per_second: number;
}

export interface ServerOptions {
  readonly data_dir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /**
   * 'demo' (the whole day in compressed time, demo_day_clock.ts), 'trading' (trading hours only
   * at the wall clock's pace, demo_clock.ts), 'system', or a clock of your own.
   */
  readonly clock?: ClockChoice;
  readonly fsync?: FsyncMode;
  /** Genesis on first start, and the demo keys offered to the console. */
  readonly demo?: boolean;
  readonly simulator?: SimulatorOptions | null;
  /** Requests per key per window; null turns rate limiting off. */
  readonly rate_limit?: { readonly max: number; readonly window_ms: number } | null;
  /**
   * Single orders (`POST /v1/orders`) through the lean door in front of Fastify (order_door.ts;
   * the same answers, less work per request); false sends them through the Fastify route, which
   * `app.inject` always reaches. Default true.
   */
  readonly order_door?: boolean;
  readonly stream_limits?: Partial<StreamLimits>;
  readonly snapshot_every_commands?: number;
  /** Submit `hub.tick` after this long without commands, so sessions move on (0 = never). */
  readonly idle_tick_ms?: number;
  /** Default: the rules' quotas in the hub state; null answers 501. */
  readonly quotas?: QuotaReader | null;
  readonly settlement?: SettlementReader | null;
  /** Run market surveillance on the event stream (default true). */
  readonly surveillance?: boolean;
  /** Run the real-time risk monitor on the event stream (default true). */
  readonly risk_monitor?: boolean;
  readonly log_level?: 'silent' | 'fatal' | 'error' | 'warn' | 'info';
  /** Told when the hub halts (a bug or a failed disk); the CLI exits the process. */
  readonly on_fatal: (error: unknown) => void;
  /**
   * A node the caller has opened (a cluster node that replayed the stream as a standby and now
   * leads), instead of opening one on `data_dir`; its clock is pointed at the server's.
   */
  readonly node?: { readonly node: HubNode; readonly clock: ForwardingClock };
}

export type ClockChoice = 'demo' | 'trading' | 'system' | Clock;

export const DEFAULT_PORT = 8700;
export const DEFAULT_RATE_LIMIT = { max: 1_000, window_ms: 1_000 } as const;
const STATUS_EVERY_MS = 1_000;

export interface HutongServer {
  readonly app: FastifyInstance;
  readonly gateway: Gateway;
  /** The lean door for single orders in front of `app`, unless turned off. */
  readonly order_door: OrderDoor | null;
  readonly url: string;
  /** Opened on a fresh data directory: the demo market was set up from genesis. */
  readonly fresh: boolean;
  /** The clock the sequencer stamps commands with. */
  readonly clock: Clock;
  close(): Promise<void>;
}

/** A clock the operator may move forward (the demo clocks; a test's clock of its own). */
interface MovableClock extends Clock {
  advanceTo(t_us: number): void;
}

function movable(clock: Clock): clock is MovableClock {
  return typeof (clock as Partial<MovableClock>).advanceTo === 'function';
}

export async function startServer(options: ServerOptions): Promise<HutongServer> {
  let inner: Clock = SYSTEM_CLOCK;
  let hub_now_us = () => 0;
  // A movable clock that fell behind hub time (a `hub.advance_time` sent through
  // POST /v1/commands, or a replayed journal) moves up to it and goes on from there.
  const clock: Clock = {
    now_us: () => {
      const now_us = inner.now_us();
      const hub_us = hub_now_us();
      if (now_us >= hub_us || !movable(inner)) return now_us;
      inner.advanceTo(hub_us);
      return hub_us;
    },
  };
  const server_clock: ServerClock = {
    now_us: () => clock.now_us(),
    advanceTo: (t_us) => {
      if (movable(inner)) inner.advanceTo(t_us);
    },
  };
  options.node?.clock.forwardTo(clock);
  const node =
    options.node?.node ??
    HubNode.open({
      data_dir: options.data_dir,
      clock,
      fsync: options.fsync ?? 'always',
      snapshot_every_commands: options.snapshot_every_commands ?? 50_000,
      // A snapshot is rebuilt and written by a child process: the event loop never stops for it.
      snapshot_in: 'child',
      on_snapshot_failure: (message) => process.stderr.write(`hutong: ${message}\n`),
      // The projection's rows are written by a worker thread: answering an order never waits for
      // SQLite, and a read of the projection waits for the rows committed before it.
      projection: 'thread',
    });
  hub_now_us = () => node.hub.now_us;
  try {
    const choice = options.clock ?? 'demo';
    const engine = new Engine(node, options.on_fatal);
    const fresh = node.hub.seq === 0;
    if (fresh && options.demo === true) {
      // The demo market is set up at DEMO_START_US, before the day opens, so its first trading
      // moment walks through the morning's openings (the Connect rules' day, the auctions).
      inner =
        choice === 'demo' || choice === 'trading'
          ? new ManualClock(DEMO_START_US)
          : chooseClock(choice, 0);
      for (const s of genesisSubmissions()) engine.submit(s.participant, s.command, null);
      await engine.committed();
    }
    inner = chooseClock(choice, node.hub.now_us);
    const clocks = {
      sequencer: clock,
      server: movable(inner) ? server_clock : { ...server_clock, advanceTo: null },
    };
    return await assemble(options, engine, clocks, fresh);
  } catch (error) {
    node.closeSync();
    throw error;
  }
}

function chooseClock(choice: ClockChoice, hub_now_us: number): Clock {
  if (choice === 'system') return SYSTEM_CLOCK;
  if (choice === 'demo') return DemoDayClock.startingAt(Math.max(hub_now_us, DEMO_START_US));
  if (choice === 'trading') return new DemoClock(Math.max(hub_now_us, DEMO_START_US));
  return choice;
}

async function assemble(
  options: ServerOptions,
  engine: Engine,
  clocks: { sequencer: Clock; server: ServerClock },
  fresh: boolean,
): Promise<HutongServer> {
  const clock = clocks.sequencer;
  const node = engine.node;
  const state = node.hub.state;
  const keys = KeyStore.open(options.data_dir);
  keys.ensure([OPERATOR_PARTICIPANT, ...state.reference.parties.keys()]);
  const orders = new OrderIndex();
  orders.seed(state);
  const margin_calls = new MarginCallLog();
  await margin_calls.seed(node);
  const market = new MarketData(state);
  market.seed(bookInstruments(state), await recentTrades(node.queries, 20_000));
  const streams = new StreamHub({ ...DEFAULT_STREAM_LIMITS, ...options.stream_limits });
  const sim =
    options.simulator == null
      ? null
      : new SimDriver(
          engine,
          options.simulator.factory(options.simulator.seed),
          clock,
          options.simulator.steps_per_second,
        );
  const gateway: Gateway = {
    node,
    engine,
    keys,
    orders,
    margin_calls,
    market,
    streams,
    sim,
    quotas: options.quotas === undefined ? RULES_QUOTA_READER : options.quotas,
    settlement: options.settlement === undefined ? POSTTRADE_SETTLEMENT_READER : options.settlement,
    surveillance:
      options.surveillance === false ? null : startSurveillance(options.data_dir, streams),
    risk_monitor:
      options.risk_monitor === false ? null : startRiskMonitor(node, options.data_dir, streams),
    demo: options.demo === true,
    clock_kind: typeof options.clock === 'object' ? 'custom' : (options.clock ?? 'demo'),
    clock: clocks.server,
  };
  await replayJournal(node, replayersOf(gateway));
  followCommits(gateway);
  const { app, order_door } = await buildApp(options, gateway);
  // What the start recovered from goes to the log as well as to stderr (the CLI prints it).
  for (const notice of node.opened.notices)
    app.log.warn({ recovery: notice }, `recovery: ${notice}`);
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? DEFAULT_PORT });
  const timers = startTimers(options, gateway);
  if (sim !== null && options.simulator?.running === true) sim.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return { app, gateway, order_door, url, fresh, clock, close: shutdown(app, gateway, timers) };
}

/** The readers, fed in order after every durable group. */
function followCommits(gateway: Gateway): void {
  gateway.engine.addListener({
    commitStarted: (batch) => gateway.market.commitStarted(batch),
    committed: (batch) => {
      const parties: string[] = [];
      for (const { result, timestamp_us } of batch) {
        result.events.forEach((event, i) => {
          gateway.orders.apply(event, timestamp_us);
          gateway.margin_calls.apply(event, result.first_event_seq + i, timestamp_us);
          if (event.type === 'party_registered') parties.push(event.party.id);
        });
      }
      if (gateway.surveillance !== null) {
        for (const { result, timestamp_us } of batch)
          gateway.surveillance.reader.onResult(result, timestamp_us);
      }
      if (gateway.risk_monitor !== null) {
        const reader = gateway.risk_monitor.reader;
        for (const { result, timestamp_us } of batch) reader.onResult(result, timestamp_us);
      }
      const market = gateway.market.committed(batch);
      const state = hubState(gateway);
      gateway.streams.publish(batch, market, lookupsOf(gateway), (viewer) =>
        bondQuotaView(state, viewer),
      );
      if (parties.length > 0) gateway.keys.ensure(parties);
    },
  });
}

const BODY_LIMIT_BYTES = 1024 * 1024;

async function buildApp(
  options: ServerOptions,
  gateway: Gateway,
): Promise<{ app: FastifyInstance; order_door: OrderDoor | null }> {
  const level = options.log_level ?? 'warn';
  const request_ids = requestIdSequence();
  const app = Fastify({
    logger: level === 'silent' ? false : { level },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    clientErrorHandler,
    genReqId: request_ids,
  });
  app.setValidatorCompiler(() => () => true);
  // ISO 20022 messages arrive as XML; the route validates them field by field.
  app.addContentTypeParser(
    ['application/xml', 'text/xml'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  app.setReplySerializer((payload) => toJson(payload));
  registerErrorHandlers(app);
  await app.register(websocket, { options: { maxPayload: 64 * 1024, perMessageDeflate: false } });
  await registerOpenApi(app);
  const limit = options.rate_limit === undefined ? DEFAULT_RATE_LIMIT : options.rate_limit;
  // The per-key windows, shared by the Fastify routes and the order door.
  const windows = rateWindows();
  if (limit !== null) {
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.window_ms,
      hook: 'preHandler',
      store: sharedStore(windows),
      keyGenerator: (request) => request.principal?.key ?? request.ip,
      errorResponseBuilder: (_request, context) => rateLimited(limit.window_ms, context),
    });
  }
  registerAuth(app, gateway.keys, limit === null ? null : unauthenticatedLimiter(app));
  registerCommandRoutes(app, gateway);
  registerOrderBatchRoute(app, gateway);
  registerMarketRoutes(app, gateway);
  registerTradableRoute(app, gateway);
  registerBondRoutes(app, gateway);
  registerFinancingRoutes(app, gateway);
  registerLiquidityRoutes(app, gateway);
  registerPaymentRoutes(app, gateway);
  registerPaymentIsoRoute(app, gateway);
  registerLedgerRoutes(app, gateway);
  registerHistoryRoutes(app, gateway);
  registerAdminRoutes(app, gateway);
  registerClockRoutes(app, gateway);
  registerStreamRoute(app, gateway);
  registerSurveillanceRoutes(app, gateway);
  registerRiskRoutes(app, gateway);
  registerRiskMonitorRoutes(app, gateway);
  registerConsole(app);
  const order_door =
    options.order_door === false
      ? null
      : installOrderDoor(app, {
          gateway,
          body_limit_bytes: BODY_LIMIT_BYTES,
          rate: limit === null ? null : doorRateLimit(limit, windows),
          requestId: request_ids,
        });
  await app.ready();
  return { app, order_door };
}

/** Requests without a valid key share their IP's bucket (the same limit as a key's). */
function unauthenticatedLimiter(app: FastifyInstance): UnauthenticatedLimiter {
  const handler = app.rateLimit({ keyGenerator: (request) => `unauthenticated:${request.ip}` });
  return async (request, reply) => {
    await handler.call(app, request, reply);
  };
}

function startTimers(options: ServerOptions, gateway: Gateway): NodeJS.Timeout[] {
  const timers: NodeJS.Timeout[] = [];
  const idle_ms = options.idle_tick_ms ?? 1_000;
  if (idle_ms > 0) {
    timers.push(
      setInterval(() => {
        const engine = gateway.engine;
        if (engine.halted !== null || Date.now() - engine.stats.last_submit_ms < idle_ms) return;
        engine.submit(OPERATOR_PARTICIPANT, { type: 'hub.tick' }, null);
        engine.committed().catch(() => undefined); // a halt is reported through on_fatal
      }, idle_ms),
    );
  }
  timers.push(
    setInterval(() => {
      gateway.streams.broadcastStatus(toJson({ channel: 'status', ...statusOf(gateway) }));
    }, STATUS_EVERY_MS),
  );
  for (const timer of timers) timer.unref();
  return timers;
}

/**
 * Graceful shutdown: stop the simulator and timers, close the streams with a reason, stop
 * accepting and finish in-flight requests, commit what is left, write a snapshot (a fast restart)
 * and close the journal. After a halt nothing more is committed: the failed command never happened.
 */
/**
 * The snapshot at stop only shortens the next start: when it cannot be written (a state that
 * encodes past V8's longest string, 512 MB, found by the payments bench) the server still stops,
 * says so, and the next start replays the journal from the last snapshot.
 */
function snapshotAtStop(gateway: Gateway): void {
  try {
    gateway.node.snapshotNow();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hutong: no snapshot at stop (${why}); the journal holds everything\n`);
  }
}

function shutdown(
  app: FastifyInstance,
  gateway: Gateway,
  timers: NodeJS.Timeout[],
): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => {
    closing ??= (async () => {
      for (const timer of timers) clearInterval(timer);
      gateway.sim?.stop();
      gateway.streams.closeAll(SHUTDOWN_CLOSE_CODE, 'The server is shutting down');
      await app.close();
      if (gateway.engine.halted === null) {
        await gateway.engine.idle();
        await gateway.node.snapshotsIdle();
        if (gateway.node.hub.seq > 0) snapshotAtStop(gateway);
        await gateway.node.close();
      }
      gateway.surveillance?.close();
    })();
    return closing;
  };
}

/** The readers rebuilt from the journal at start (surveillance and the risk monitor, when on). */
function replayersOf(gateway: Gateway): BatchReplayer[] {
  const replayers: BatchReplayer[] = [];
  const surveillance = gateway.surveillance;
  if (surveillance !== null) replayers.push((batches) => surveillance.reader.replay(batches));
  const risk = gateway.risk_monitor;
  if (risk !== null) replayers.push((batches) => risk.reader.replay(batches));
  return replayers;
}
