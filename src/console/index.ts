/**
 * The web console: hand-written ES modules, HTML and CSS in `static/`, served by the hub at
 * `/console/` (no bundler, no dependencies). The files are read once at start and served from
 * memory; only the files listed in the directory are reachable.
 * @module
 */

import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Where the console's files live: beside this module's source (dist/console → src/console). */
export const CONSOLE_STATIC_DIR = fileURLToPath(
  new URL('../../src/console/static/', import.meta.url),
);

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

function loadAssets(directory: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(directory)) {
    const type = TYPES[extname(name)];
    if (type !== undefined) assets.set(name, { type, body: readFileSync(join(directory, name)) });
  }
  return assets;
}

export function registerConsole(app: FastifyInstance, directory = CONSOLE_STATIC_DIR): void {
  const assets = loadAssets(directory);
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
  app.get<{ Params: { file: string } }>(
    '/console/:file',
    { config, schema: hide },
    async (request, reply) => {
      const asset = serve(request.params.file);
      if (asset === undefined)
        return reply
          .status(404)
          .send({ error: { code: 'NOT_FOUND', message: 'No such console file' } });
      return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
    },
  );
}
