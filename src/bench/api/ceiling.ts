/**
 * The ceiling of the `api` benchmark, run as its own process: a minimal Fastify server with the
 * same route that parses the JSON body and does nothing else. Prints its URL on stdout.
 * @module
 */

import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/v1/orders', async () => ({}));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`ceiling: ${url}\n`);
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
