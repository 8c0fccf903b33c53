/**
 * For the gateway's tests: the real server on a temporary data directory and a free port, the
 * demo market set up, the simulator off unless asked, and a small HTTP client.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HutongServer, type ServerOptions, startServer } from './server.js';

export interface TestServer {
  readonly server: HutongServer;
  readonly url: string;
  readonly data_dir: string;
  readonly fatal: unknown[];
  key(participant: string): string;
  client(participant: string | null): Client;
  /** Closes the server; removes the data directory unless `keep_data`. */
  close(keep_data?: boolean): Promise<void>;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
  /** The body read as the shape the test expects (tests then check its fields). */
  as<T>(): T;
}

export interface ErrorReply {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: Readonly<Record<string, unknown>>;
    readonly problems?: ReadonlyArray<{ field: string; rule: string; message: string }>;
    readonly request_id?: string;
  };
  readonly seq?: number;
}

export interface EventJson {
  readonly type: string;
  readonly event_seq: number;
  readonly [field: string]: unknown;
}

export interface CommandReply {
  readonly seq: number;
  readonly status: string;
  readonly duplicate_of: number | null;
  readonly order_id?: number;
  readonly events: readonly EventJson[];
}

export interface Client {
  get(path: string): Promise<Reply>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  del(path: string): Promise<Reply>;
  raw(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<Reply>;
}

export function temporaryDataDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'hutong-http-')), 'data');
}

export async function startTestServer(
  options: Partial<Omit<ServerOptions, 'on_fatal'>> = {},
): Promise<TestServer> {
  const fatal: unknown[] = [];
  const data_dir = options.data_dir ?? temporaryDataDir();
  const server = await startServer({
    port: 0,
    clock: 'trading',
    fsync: 'never',
    demo: true,
    simulator: null,
    rate_limit: null,
    idle_tick_ms: 0,
    log_level: 'silent',
    ...options,
    data_dir,
    on_fatal: (error) => fatal.push(error),
  });
  // The trading-hours clock keeps the market in continuous trading whatever a test's wall time.
  // The demo is set up before the day opens; one tick walks to the first trading moment so each test's
  // own commands start in continuous trading, with no session events in their answers.
  const engine = server.gateway.engine;
  engine.submit('operator', { type: 'hub.tick' }, null);
  await engine.committed();
  const key = (participant: string) => {
    const found = server.gateway.keys.keyOf(participant);
    if (found === undefined) throw new Error(`no key for ${participant}`);
    return found;
  };
  return {
    server,
    url: server.url,
    data_dir,
    fatal,
    key,
    client: (participant) => httpClient(server.url, participant === null ? null : key(participant)),
    close: async (keep_data = false) => {
      await server.close();
      if (!keep_data) rmSync(join(data_dir, '..'), { recursive: true, force: true });
    },
  };
}

export function httpClient(url: string, key: string | null): Client {
  const auth: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  const raw = async (
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<Reply> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...auth, ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return {
      status: response.status,
      body: parsed,
      headers: response.headers,
      as: <T>() => parsed as T,
    };
  };
  const json = { 'content-type': 'application/json' };
  return {
    get: (path) => raw('GET', path, undefined, {}),
    post: (path, body, headers = {}) =>
      raw('POST', path, JSON.stringify(body), { ...json, ...headers }),
    del: (path) => raw('DELETE', path, undefined, {}),
    raw,
  };
}

export const MOUTAI = 'CNE0000018R8';
export const TENCENT = 'KYG875721634';
export const TRACKER = 'HK2800008867';

/** A limit order body for `/v1/orders`. */
export function orderBody(fields: Record<string, unknown>): Record<string, unknown> {
  return { order_type: 'limit', time_in_force: 'day', ...fields };
}
