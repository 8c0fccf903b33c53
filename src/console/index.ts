/**
 * The web console: hand-written ES modules, HTML and CSS in `static/` (and its `views/`), served
 * by the hub at `/console/` (no bundler). One library is vendored from node_modules as it ships:
 * TradingView's lightweight-charts (standalone ES module build, Apache-2.0), served at
 * `/console/vendor/lightweight-charts.js`. The files are read once at start and served from
 * memory; only the files found there are reachable.
 * @module
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Where the console's files live: beside this module's source (dist/console → src/console). */
export const CONSOLE_STATIC_DIR = fileURLToPath(
  new URL('../../src/console/static/', import.meta.url),
);

/** Vendored files: the path the console asks for → the file in node_modules. */
export const CONSOLE_VENDOR: Readonly<Record<string, string>> = {
  'vendor/lightweight-charts.js': fileURLToPath(
    new URL(
      '../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.mjs',
      import.meta.url,
    ),
  ),
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** Every servable file under `directory` by its path relative to it (`app.js`, `views/x.js`). */
function loadAssets(directory: string, prefix = '', assets = new Map<string, Asset>()) {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) {
      loadAssets(path, `${prefix}${name}/`, assets);
      continue;
    }
    const type = TYPES[extname(name)];
    if (type !== undefined) assets.set(`${prefix}${name}`, { type, body: readFileSync(path) });
  }
  return assets;
}

function loadVendor(assets: Map<string, Asset>): void {
  for (const [name, path] of Object.entries(CONSOLE_VENDOR)) {
    if (existsSync(path))
      assets.set(name, { type: TYPES['.js'] as string, body: readFileSync(path) });
  }
}

export function registerConsole(app: FastifyInstance, directory = CONSOLE_STATIC_DIR): void {
  const assets = loadAssets(directory);
  loadVendor(assets);
  const config = { public: true, rateLimit: false } as const;
  const hide = { hide: true };
  app.get('/', { config, schema: hide }, async (_request, reply) => reply.redirect('/console/'));
  const serve = (name: string) => assets.get(name);
  app.get('/console/', { config, schema: hide }, async (_request, reply) => {
    const index = serve('index.html');
    if (index === undefined)
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No console' } });
    return reply.type(index.type).header('cache-control', 'no-cache').send(index.body);
  });
  app.get<{ Params: { '*': string } }>(
    '/console/*',
    { config, schema: hide },
    async (request, reply) => {
      const asset = serve(request.params['*']);
      if (asset === undefined)
        return reply
          .status(404)
          .send({ error: { code: 'NOT_FOUND', message: 'No such console file' } });
      return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
    },
  );
}
