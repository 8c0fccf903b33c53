/**
 * WebSocket fan-out from one place: after every durable group, `publish` sends each subscriber
 * what it asked for and may see. Market frames are serialized once and shared; event frames are
 * serialized once per event and only re-serialized for a viewer who sees a redacted copy.
 *
 * Back-pressure: before anything is written to a connection, its unsent bytes (`bufferedAmount`)
 * are checked; above the limit the connection is dropped, never queued for: it is closed with code
 * 4001 and a reason that says so, no more data is sent to it, and if it does not finish the
 * closing handshake it is terminated after a grace period. A reader that keeps up drains each
 * group before the next, whatever the group's size; the server's memory per connection is bounded
 * by the limit plus one group's frames.
 * @module
 */

import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { HubEvent } from '../../hub/index.js';
import type { Committed } from './engine.js';
import { toJson } from './json.js';
import type { MarketBatch } from './market_data.js';
import { type ScopeLookups, scopeEvent, type Viewer } from './scope.js';
import {
  type BondEventChannel,
  bondChannelCarries,
  bondQuotaFrame,
  type Channel,
  depthFrame,
  type EventEntry,
  marketFrame,
  ORDER_EVENT_TYPES,
  TYPED_EVENT_CHANNELS,
} from './stream_messages.js';

/** The bond and financing channels, each carrying its event types (stream_messages.ts). */
const BOND_CHANNELS = Object.keys(TYPED_EVENT_CHANNELS) as BondEventChannel[];

/** The Southbound bond quota as the viewer may see it, read after each durable group. */
export type BondQuotaOf = (viewer: Viewer) => unknown;

export const SLOW_CONSUMER_CLOSE_CODE = 4001;
/** Frames are JSON text, even when handed to the socket as bytes. */
const TEXT = { binary: false } as const;
export const SHUTDOWN_CLOSE_CODE = 1001;

export interface StreamLimits {
  /** Unsent bytes after which a connection is dropped as a slow consumer. */
  readonly buffered_bytes_max: number;
  readonly connections_max: number;
  /** How long a dropped connection may take to finish closing before it is terminated. */
  readonly close_grace_ms: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  buffered_bytes_max: 1024 * 1024,
  connections_max: 500,
  close_grace_ms: 5_000,
};

export interface StreamClient {
  readonly socket: WebSocket;
  readonly viewer: Viewer;
  readonly market: Set<string>;
  market_all: boolean;
  events: boolean;
  orders: boolean;
  status: boolean;
  /** Surveillance alerts: operators (supervisors) only. */
  alerts: boolean;
  /** The risk monitor's alerts (docs/risk-monitor.md): operators only. */
  risk_alerts: boolean;
  /** Bond channels: events scoped like `events` (stream_messages.ts BOND_EVENT_CHANNELS). */
  rfqs: boolean;
  quotes: boolean;
  bond_trades: boolean;
  coupons: boolean;
  /** Financing channels: repo events and margin calls, scoped like `events`. */
  repos: boolean;
  margin_calls: boolean;
  facilities: boolean;
  /** Payment Connect: a payment's life, scoped like `events` (its banks, HKICL, CNCC). */
  payments: boolean;
  /** The Southbound bond quota, sent when subscribed and whenever what the viewer sees changes. */
  bond_quota: boolean;
  /** The last quota sent (JSON), to send only changes. */
  bond_quota_last: string;
  closed: boolean;
}

export interface StreamStats {
  connections: number;
  frames_sent: number;
  dropped_slow: number;
  refused_full: number;
}

export class StreamHub {
  readonly clients = new Set<StreamClient>();
  readonly stats: StreamStats = {
    connections: 0,
    frames_sent: 0,
    dropped_slow: 0,
    refused_full: 0,
  };

  constructor(readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  /** Registers a connection, or closes it at once when the server holds its maximum. */
  add(socket: WebSocket, viewer: Viewer): StreamClient | null {
    if (this.clients.size >= this.limits.connections_max) {
      this.stats.refused_full += 1;
      socket.close(1013, `The server holds its maximum of ${this.limits.connections_max} streams`);
      return null;
    }
    const client: StreamClient = {
      socket,
      viewer,
      market: new Set(),
      market_all: false,
      events: false,
      orders: false,
      status: false,
      alerts: false,
      risk_alerts: false,
      rfqs: false,
      quotes: false,
      bond_trades: false,
      coupons: false,
      repos: false,
      margin_calls: false,
      facilities: false,
      payments: false,
      bond_quota: false,
      bond_quota_last: '',
      closed: false,
    };
    this.clients.add(client);
    this.stats.connections = this.clients.size;
    socket.on('close', () => this.remove(client));
    return client;
  }

  remove(client: StreamClient): void {
    client.closed = true;
    this.clients.delete(client);
    this.stats.connections = this.clients.size;
  }

  /** Sends one frame to one client (control replies, snapshots), minding the limit. */
  send(client: StreamClient, frame: string): void {
    if (client.closed || this.checkPressure(client)) return;
    client.socket.send(frame);
    this.stats.frames_sent += 1;
  }

  publish(
    batch: readonly Committed[],
    market: MarketBatch,
    lookups: ScopeLookups,
    bondQuota?: BondQuotaOf,
  ): void {
    if (this.clients.size === 0) return;
    // Each frame is serialised and encoded once, then written to every subscriber as it is.
    const market_frames = market.events.map((m) => ({
      instrument: m.event.instrument,
      frame: Buffer.from(marketFrame(m.seq, m.event)),
    }));
    for (const depth of market.depths)
      market_frames.push({ instrument: depth.instrument, frame: Buffer.from(depthFrame(depth)) });
    const entries = eventEntries(batch);
    const shared = new SharedFrames(entries);
    const last_seq = batch.at(-1)?.result.seq ?? 0;
    for (const client of this.clients) {
      if (client.closed || this.checkPressure(client)) continue;
      withCork(client.socket, () => {
        for (const m of market_frames)
          if (client.market_all || client.market.has(m.instrument)) this.write(client, m.frame);
        if (wantsEvents(client)) this.writeEvents(client, entries, shared, lookups);
        if (client.bond_quota && bondQuota !== undefined)
          this.sendBondQuota(client, bondQuota(client.viewer), last_seq, false);
      });
    }
  }

  /** Sends the quota frame when it differs from the last one sent (or always, when `force`). */
  sendBondQuota(client: StreamClient, quota: unknown, seq: number, force: boolean): void {
    const text = toJson(quota);
    if (!force && text === client.bond_quota_last) return;
    client.bond_quota_last = text;
    this.send(client, bondQuotaFrame(seq, quota));
  }

  /** Sends surveillance alerts to the operators who asked for them. */
  broadcastAlerts(frames: readonly string[]): void {
    for (const client of this.clients) {
      if (!client.alerts || !client.viewer.operator || client.closed || this.checkPressure(client))
        continue;
      for (const frame of frames) this.send(client, frame);
    }
  }

  /** Sends the risk monitor's alerts to the operators who asked for them. */
  broadcastRiskAlerts(frames: readonly string[]): void {
    for (const client of this.clients) {
      if (!client.risk_alerts || !client.viewer.operator || client.closed) continue;
      if (this.checkPressure(client)) continue;
      for (const frame of frames) this.send(client, frame);
    }
  }

  /** Sends a status frame to every client that asked for status. */
  broadcastStatus(frame: string): void {
    for (const client of this.clients)
      if (client.status && !client.closed && !this.checkPressure(client)) this.send(client, frame);
  }

  /** Closes every stream with a reason (shutdown). */
  closeAll(code: number, reason: string): void {
    for (const client of [...this.clients]) {
      this.remove(client);
      client.socket.close(code, reason);
    }
  }

  private writeEvents(
    client: StreamClient,
    entries: readonly EventEntry[],
    shared: SharedFrames,
    lookups: ScopeLookups,
  ): void {
    for (let i = 0; i < entries.length; i += 1) {
      const entry = entries[i] as EventEntry;
      const channels = channelsOf(client, entry.event);
      if (channels.length === 0) continue;
      const scoped = scopeEvent(entry.event, client.viewer, lookups);
      if (scoped === null) continue;
      for (const channel of channels) {
        const frame =
          scoped === entry.event ? shared.get(i, channel) : eventFrame(channel, entry, scoped);
        this.write(client, frame);
      }
    }
  }

  private write(client: StreamClient, frame: string | Buffer): void {
    client.socket.send(frame, TEXT);
    this.stats.frames_sent += 1;
  }

  /** True (and the client dropped) when it has more unsent bytes than the limit allows. */
  private checkPressure(client: StreamClient): boolean {
    const buffered = client.socket.bufferedAmount;
    if (buffered <= this.limits.buffered_bytes_max) return false;
    this.stats.dropped_slow += 1;
    this.remove(client);
    const reason = `slow consumer: ${buffered} bytes unsent, limit ${this.limits.buffered_bytes_max}`;
    client.socket.close(SLOW_CONSUMER_CLOSE_CODE, reason);
    setTimeout(() => client.socket.terminate(), this.limits.close_grace_ms).unref();
    return true;
  }
}

/** The event channels of this client that carry the event. */
function channelsOf(client: StreamClient, event: HubEvent): Channel[] {
  const channels: Channel[] = [];
  if (client.events) channels.push('events');
  if (client.orders && ORDER_EVENT_TYPES.has(event.type)) channels.push('orders');
  for (const channel of BOND_CHANNELS)
    if (client[channel] && bondChannelCarries(channel, event)) channels.push(channel);
  return channels;
}

function wantsEvents(client: StreamClient): boolean {
  return client.events || client.orders || BOND_CHANNELS.some((channel) => client[channel]);
}

function eventEntries(batch: readonly Committed[]): EventEntry[] {
  const entries: EventEntry[] = [];
  for (const { result, timestamp_us } of batch) {
    for (let i = 0; i < result.events.length; i += 1) {
      const event = result.events[i];
      if (event === undefined) continue;
      entries.push({ seq: result.seq, event_seq: result.first_event_seq + i, timestamp_us, event });
    }
  }
  return entries;
}

function eventFrame(channel: Channel, entry: EventEntry, event: unknown): string {
  return toJson({
    channel,
    seq: entry.seq,
    event_seq: entry.event_seq,
    timestamp_us: entry.timestamp_us,
    event,
  });
}

/** Each event's frame per channel, serialized and encoded on first use, shared by every viewer. */
class SharedFrames {
  private readonly frames = new Map<string, Buffer>();

  constructor(private readonly entries: readonly EventEntry[]) {}

  get(index: number, channel: Channel): Buffer {
    const key = `${channel}:${index}`;
    let frame = this.frames.get(key);
    if (frame === undefined) {
      const entry = this.entries[index] as EventEntry;
      frame = Buffer.from(eventFrame(channel, entry, entry.event));
      this.frames.set(key, frame);
    }
    return frame;
  }
}

/** Writes a group's frames to one socket in one system call where the platform allows. */
function withCork(socket: WebSocket, body: () => void): void {
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  raw?.cork();
  try {
    body();
  } finally {
    raw?.uncork();
  }
}
