/**
 * What a gateway and the leader say to each other over NATS (docs/operations.md "Gateways"): one
 * HTTP request per NATS request on the subject `hutong.api`, answered by the leader's Fastify app
 * (`app.inject`) with one reply. Both are JSON; the body travels as a string, gzipped and base64
 * encoded when it is large, so that an answer of a few hundred KiB of JSON fits NATS's message
 * limit (1 MiB by default).
 * @module
 */

import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

export const API_SUBJECT = 'hutong.api';
/** The leader's queue group: one leader answers each request (two only while one is deposed). */
export const API_QUEUE = 'hutong-leader';

/** Bodies up to this many bytes travel as they are; larger ones are gzipped. */
const PLAIN_BODY_BYTES_MAX = 32 * 1024;

export type Headers = Record<string, string | string[]>;

export interface WireBody {
  readonly encoding: 'utf8' | 'gzip-base64';
  readonly data: string;
}

export interface RelayRequest {
  readonly method: string;
  /** Path and query, as the client sent it. */
  readonly url: string;
  readonly headers: Headers;
  readonly body: WireBody | null;
  /** The client's address, for the leader's per-address limits on requests without a key. */
  readonly remote_address: string;
}

export interface RelayResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: WireBody;
}

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export async function wireBody(text: string): Promise<WireBody> {
  if (Buffer.byteLength(text) <= PLAIN_BODY_BYTES_MAX) return { encoding: 'utf8', data: text };
  return { encoding: 'gzip-base64', data: (await zip(text)).toString('base64') };
}

export async function bodyText(body: WireBody): Promise<string> {
  if (body.encoding === 'utf8') return body.data;
  return (await unzip(Buffer.from(body.data, 'base64'))).toString('utf8');
}

/** Connection-level headers: each hop sets its own. */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'date',
]);

/** The end-to-end headers of a request or response (strings only, lower-case names). */
export function endToEnd(headers: Record<string, unknown>): Headers {
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (HOP_HEADERS.has(lower)) continue;
    if (typeof value === 'string') kept[lower] = value;
    else if (Array.isArray(value)) kept[lower] = value.map(String);
    else if (typeof value === 'number') kept[lower] = String(value);
  }
  return kept;
}

export function encodeJson(value: RelayRequest | RelayResponse): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

/** Parses and checks a request; null when it is not one (a foreign publisher on the subject). */
export function decodeRequest(data: Uint8Array): RelayRequest | null {
  const value = parseObject(data);
  if (value === null) return null;
  const { method, url, headers, body, remote_address } = value;
  if (typeof method !== 'string' || typeof url !== 'string' || !url.startsWith('/')) return null;
  if (!isHeaders(headers) || typeof remote_address !== 'string') return null;
  if (body !== null && !isWireBody(body)) return null;
  return { method, url, headers, body, remote_address };
}

export function decodeResponse(data: Uint8Array): RelayResponse | null {
  const value = parseObject(data);
  if (value === null) return null;
  const { status, headers, body } = value;
  if (typeof status !== 'number' || !Number.isInteger(status)) return null;
  if (!isHeaders(headers) || !isWireBody(body)) return null;
  return { status, headers, body };
}

function parseObject(data: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function isHeaders(value: unknown): value is Headers {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')),
  );
}

function isWireBody(value: unknown): value is WireBody {
  if (typeof value !== 'object' || value === null) return false;
  const { encoding, data } = value as Record<string, unknown>;
  return (encoding === 'utf8' || encoding === 'gzip-base64') && typeof data === 'string';
}
