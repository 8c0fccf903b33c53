/**
 * The HTTP and WebSocket gateway: the hub as a server. See docs/api.md and docs/operations.md.
 * @module
 */

export { DemoClock } from './demo_clock.js';
export { HubHaltedError } from './engine.js';
export { KEYS_FILE_NAME, KeyStore } from './keys.js';
export type { QuotaReader, QuotaView, SettlementReader, SettlementView } from './readers.js';
export { type RelayOptions, type RelayServer, startRelay } from './relay.js';
export { DEFAULT_RELAY_TIMEOUT_MS, SOURCE_HEADER } from './relay_forward.js';
export type { RelayProjection } from './relay_reads.js';
export { type ApiResponder, answerApiRequests } from './relay_responder.js';
export type { LeaderUrl } from './relay_tunnel.js';
export { API_SUBJECT } from './relay_wire.js';
export { riskSettingsFromFile } from './risk_monitor.js';
export { hubTimeText } from './routes_admin.js';
export {
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  type HutongServer,
  type ServerOptions,
  type SimulatorOptions,
  startServer,
} from './server.js';
export type { MarketSimulator, SimulatorFactory } from './sim_driver.js';
export { SLOW_CONSUMER_CLOSE_CODE } from './streams.js';
