/**
 * A WebSocket client for tests and the benchmark: collects frames, waits for the one it wants.
 * @module
 */

import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

export interface Frame {
  readonly channel?: string;
  readonly type?: string;
  readonly [field: string]: unknown;
}

export class StreamClient {
  readonly frames: Frame[] = [];
  private waiters: Array<{ match: (f: Frame) => boolean; done: (f: Frame) => void }> = [];
  raw_socket: Socket | null = null;
  closed: { code: number; reason: string } | null = null;
  private close_waiters: Array<(c: { code: number; reason: string }) => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('upgrade', (response) => {
      this.raw_socket = response.socket as Socket;
    });
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.done(frame);
        return false;
      });
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const done of this.close_waiters) done(this.closed);
    });
  }

  /** Opens `/v1/stream` with the query; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string, query: string): Promise<StreamClient> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/stream?${query}`);
    const client = new StreamClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused: ${response.statusCode}`)),
      );
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first frame (already received or to come) that matches. */
  next(match: (frame: Frame) => boolean, timeout_ms = 10_000): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching frame in time')), timeout_ms);
      this.waiters.push({
        match,
        done: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  }

  whenClosed(): Promise<{ code: number; reason: string }> {
    if (this.closed !== null) return Promise.resolve(this.closed);
    return new Promise((resolve) => this.close_waiters.push(resolve));
  }

  close(): void {
    this.socket.close();
  }
}
