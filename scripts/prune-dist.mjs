// Removes compiled files whose TypeScript source is gone: tsc never deletes its old outputs, and a
// stale `*.test.js` left in dist/ would still run under `node --test dist/`.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const src = join(root, 'src');

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    const match = /^(.*)\.(js|js\.map|d\.ts|d\.ts\.map)$/.exec(name);
    if (match === null) continue;
    const source = join(src, relative(dist, dir), `${match[1]}.ts`);
    if (!existsSync(source)) rmSync(path);
  }
}

if (existsSync(dist)) walk(dist);
