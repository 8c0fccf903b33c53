/**
 * `GET /v1/stream`: the WebSocket. Subscriptions come in the query (`?market=ISIN,ISIN|*`,
 * `&channels=events,orders,status`) or as messages (`{"op":"subscribe","channel":"market",
 * "instruments":["CNE0000018R8"]}`). A market subscription starts with the last committed depth
 * of each instrument. Bad messages get an error frame; they never close the stream.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { principalOf } from './auth.js';
import { type Gateway, hubState } from './gateway.js';
import { toJson } from './json.js';
import { routeSchema } from './openapi.js';
import { bondQuotaView } from './quota_view.js';
import { viewerOf } from './scope.js';
import {
  CHANNELS,
  type Channel,
  CLIENT_MESSAGE,
  type ClientMessage,
  depthFrame,
  SUBSCRIPTIONS_MAX,
} from './stream_messages.js';
import type { StreamClient } from './streams.js';

const STREAM_QUERY = z.looseObject({
  api_key: z.string().optional(),
  market: z.string().max(20_000).optional(),
  channels: z.string().max(200).optional(),
});

export function registerStreamRoute(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/stream',
    {
      websocket: true,
      config: { key_in_query: true },
      schema: routeSchema({
        summary:
          'WebSocket streams (market, events, orders, status, alerts, risk_alerts, rfqs, quotes, bond_trades, bond_quota, coupons, repos, margin_calls, facilities, payments)',
        tags: ['streams'],
        query: STREAM_QUERY,
      }),
    },
    (socket: WebSocket, request) => {
      const participant = principalOf(request).participant;
      const viewer = viewerOf(hubState(gateway), participant);
      const client = gateway.streams.add(socket, viewer);
      if (client === null) return;
      gateway.streams.send(
        client,
        toJson({
          type: 'welcome',
          participant,
          operator: viewer.operator,
          seq: hubState(gateway).seq,
          limits: { buffered_bytes_max: gateway.streams.limits.buffered_bytes_max },
        }),
      );
      const query = STREAM_QUERY.safeParse(request.query);
      if (query.success) subscribeFromQuery(gateway, client, query.data);
      socket.on('message', (data, binary) => {
        if (binary) reply(gateway, client, error('INVALID_MESSAGE', 'Send JSON text frames'));
        else onMessage(gateway, client, data.toString());
      });
    },
  );
}

function subscribeFromQuery(
  gateway: Gateway,
  client: StreamClient,
  query: z.infer<typeof STREAM_QUERY>,
): void {
  if (query.market !== undefined && query.market.length > 0)
    subscribe(gateway, client, {
      op: 'subscribe',
      channel: 'market',
      instruments: query.market.split(','),
    });
  for (const channel of (query.channels ?? '').split(',')) {
    if ((CHANNELS as readonly string[]).includes(channel) && channel !== 'market')
      subscribe(gateway, client, { op: 'subscribe', channel: channel as Channel });
  }
}

function onMessage(gateway: Gateway, client: StreamClient, text: string): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    reply(gateway, client, error('INVALID_MESSAGE', 'The message is not JSON'));
    return;
  }
  const parsed = CLIENT_MESSAGE.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || '(message)',
      rule: i.code,
      message: i.message,
    }));
    reply(gateway, client, {
      type: 'error',
      code: 'INVALID_MESSAGE',
      message: 'The message does not parse',
      problems,
    });
    return;
  }
  const message = parsed.data;
  if (message.op === 'ping') reply(gateway, client, { type: 'pong', id: message.id ?? null });
  else if (message.op === 'subscribe') subscribe(gateway, client, message);
  else unsubscribe(gateway, client, message);
}

type Subscription = Extract<ClientMessage, { op: 'subscribe' | 'unsubscribe' }>;

function subscribe(gateway: Gateway, client: StreamClient, message: Subscription): void {
  if (message.channel === 'alerts' && !client.viewer.operator) {
    reply(gateway, client, error('NOT_AUTHORIZED', 'Surveillance alerts are for operators'));
    return;
  }
  if (message.channel === 'risk_alerts' && !client.viewer.operator) {
    reply(gateway, client, error('NOT_AUTHORIZED', 'Risk alerts are for operators'));
    return;
  }
  if (message.channel !== 'market') {
    client[message.channel] = true;
    reply(gateway, client, { type: 'subscribed', subscription: message.channel });
    if (message.channel === 'bond_quota') {
      const state = hubState(gateway);
      const quota = bondQuotaView(state, client.viewer);
      gateway.streams.sendBondQuota(client, quota, state.seq, true);
    }
    return;
  }
  const state = hubState(gateway);
  const wanted = message.instruments ?? ['*'];
  const all = wanted.includes('*');
  const instruments = all ? [...state.reference.securities.keys()] : wanted;
  const unknown = instruments.filter((i) => !state.reference.securities.has(i));
  if (unknown.length > 0) {
    const names = unknown.slice(0, 5).join(', ');
    reply(gateway, client, error('UNKNOWN_INSTRUMENT', `Unknown instruments: ${names}`));
    return;
  }
  if (!all && client.market.size + instruments.length > SUBSCRIPTIONS_MAX) {
    const text = `At most ${SUBSCRIPTIONS_MAX} instruments`;
    reply(gateway, client, error('TOO_MANY_SUBSCRIPTIONS', text));
    return;
  }
  if (all) client.market_all = true;
  else for (const i of instruments) client.market.add(i);
  reply(gateway, client, {
    type: 'subscribed',
    subscription: 'market',
    instruments: all ? ['*'] : instruments,
  });
  for (const instrument of instruments) {
    const depth = gateway.market.lastDepth(instrument);
    if (depth !== undefined) gateway.streams.send(client, depthFrame(depth));
  }
}

function unsubscribe(gateway: Gateway, client: StreamClient, message: Subscription): void {
  if (message.channel !== 'market') client[message.channel] = false;
  else if (message.instruments === undefined || message.instruments.includes('*')) {
    client.market_all = false;
    client.market.clear();
  } else for (const i of message.instruments) client.market.delete(i);
  reply(gateway, client, { type: 'unsubscribed', subscription: message.channel });
}

function error(code: string, message: string) {
  return { type: 'error', code, message };
}

function reply(gateway: Gateway, client: StreamClient, body: unknown): void {
  gateway.streams.send(client, toJson(body));
}
