/**
 * The subscribers of the `api` benchmark's fan-out figure, run as their own process:
 * `node stream_clients.js <url> <key> <clients> <warmup_ms> <measure_ms>` opens that many
 * WebSockets subscribed to every instrument's market data, counts the frames they receive during
 * the measured window, and prints one JSON line: `{ frames, seconds, dropped }`.
 * @module
 */

import { WebSocket } from 'ws';

const [url = '', key = '', clients_text = '100', warmup_text = '1000', measure_text = '5000'] =
  process.argv.slice(2);
const clients = Number(clients_text);
let counting = false;
let frames = 0;
let dropped = 0;

const sockets: WebSocket[] = [];
await Promise.all(
  Array.from({ length: clients }, () => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/stream?api_key=${key}&market=*`);
    sockets.push(socket);
    socket.on('message', () => {
      if (counting) frames += 1;
    });
    socket.on('close', (code) => {
      if (code !== 1000 && code !== 1005) dropped += 1;
    });
    return new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
  }),
);
await new Promise((resolve) => setTimeout(resolve, Number(warmup_text)));
counting = true;
const started = process.hrtime.bigint();
await new Promise((resolve) => setTimeout(resolve, Number(measure_text)));
counting = false;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ frames, seconds, dropped })}\n`);
for (const socket of sockets) socket.terminate();
process.exit(0);
