/**
 * What the routes share: the engine and the readers that follow it.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import type { HubNode } from '../../runtime/index.js';
import type { Engine } from './engine.js';
import type { MarginCallLog } from './financing_reader.js';
import type { KeyStore } from './keys.js';
import type { MarketData } from './market_data.js';
import type { OrderIndex } from './order_index.js';
import type { QuotaReader, SettlementReader } from './readers.js';
import type { RiskMonitorService } from './risk_monitor.js';
import { type ScopeLookups, stateLookups } from './scope.js';
import type { SimDriver } from './sim_driver.js';
import type { StreamHub } from './streams.js';
import type { SurveillanceService } from './surveillance.js';

export interface Gateway {
  readonly node: HubNode;
  readonly engine: Engine;
  readonly keys: KeyStore;
  readonly orders: OrderIndex;
  /** Recent margin calls (financing_reader.ts), fed after every durable group. */
  readonly margin_calls: MarginCallLog;
  readonly market: MarketData;
  readonly streams: StreamHub;
  readonly sim: SimDriver | null;
  readonly quotas: QuotaReader | null;
  readonly settlement: SettlementReader | null;
  /** Market surveillance, fed after every durable group; null when the server runs without it. */
  readonly surveillance: SurveillanceService | null;
  /** The real-time risk monitor, fed after every durable group; null when the server runs without it. */
  readonly risk_monitor: RiskMonitorService | null;
  /** Started with the demo flag: the console may fetch the demo's keys. */
  readonly demo: boolean;
  /** How the server's clock is set: 'demo' (compressed day), 'trading', 'system' or 'custom'. */
  readonly clock_kind: string;
  /** The clock the sequencer stamps commands with (its time may be ahead of the last command). */
  readonly clock: ServerClock;
}

/** The server's clock; `advanceTo` is null when it follows the machine and cannot be moved. */
export interface ServerClock {
  now_us(): number;
  advanceTo: ((t_us: number) => void) | null;
}

export function hubState(gateway: Gateway): HubState {
  return gateway.node.hub.state;
}

export function lookupsOf(gateway: Gateway): ScopeLookups {
  return stateLookups(hubState(gateway), (order_id) => gateway.orders.parties(order_id));
}
