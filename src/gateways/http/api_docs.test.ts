import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from './testing.js';

const API_MD = fileURLToPath(new URL('../../../docs/api.md', import.meta.url));
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Served but outside the OpenAPI document (the console's files are not API routes). */
const UNDOCUMENTED_IN_OPENAPI = ['GET /openapi.json'];

/** `GET /v1/orders/{order_id}` → `GET /v1/orders/{}`: parameter names may differ in prose. */
function normalise(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
}

/** Every `METHOD /path` written in backticks in the text (query strings left out). */
function routesIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`?\s]*)/g))
    found.add(normalise(match[1] as string, match[2] as string));
  return found;
}

interface Curl {
  readonly url: string;
  readonly key_variable: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/**
 * The `curl` commands of the text's sh blocks that send JSON or nothing (not `@file` uploads). A
 * command goes on over `\` line ends and over indented lines (a quoted body written on two).
 */
function curlsIn(text: string): Curl[] {
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const commands = blocks
    .flatMap((block) => block.replace(/\\\n/g, ' ').split(/\n(?=\S)/))
    .filter((line) => line.startsWith('curl ') && !line.includes('--data-binary'));
  return commands.map((line) => {
    const headers: Record<string, string> = {};
    for (const [, header] of line.matchAll(/-H (?:'([^']*)'|"[^"]*")/g)) {
      if (header === undefined) continue;
      const [name = '', ...value] = header.split(':');
      headers[name.trim()] = value.join(':').trim();
    }
    return {
      url: /curl -s "?(http[^"\s]+)"?/.exec(line)?.[1] ?? '',
      key_variable: /Bearer \$(\w+)/.exec(line)?.[1] ?? '',
      headers,
      body: /-d '([^']*)'/.exec(line)?.[1],
    };
  });
}

describe('docs/api.md', () => {
  let t: TestServer;
  let served: Set<string>;
  before(async () => {
    t = await startTestServer();
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    served = new Set();
    for (const [path, item] of Object.entries(doc.paths))
      for (const method of METHODS)
        if (item[method] !== undefined) served.add(normalise(method, path));
  });
  after(() => t.close());

  test('lists every route the server has', () => {
    const documented = routesIn(readFileSync(API_MD, 'utf8'));
    const missing = [...served].filter((route) => !documented.has(route));
    assert.deepEqual(missing, [], 'routes missing from docs/api.md');
    assert.ok(served.size >= 40, `${served.size} routes`);
  });

  test('names no route the server does not have', () => {
    const documented = routesIn(readFileSync(API_MD, 'utf8'));
    const known = new Set([...served, ...UNDOCUMENTED_IN_OPENAPI]);
    const stale = [...documented].filter((route) => !known.has(route));
    assert.deepEqual(stale, [], 'routes in docs/api.md the server does not serve');
  });

  test('the curl examples of the README and docs/api.md work with the keys they say', async () => {
    // $KEY is the operator key the banner prints; $BROKER the broker HARBOUR's (`hutong keys`).
    const keys: Record<string, string> = { KEY: t.key('operator'), BROKER: t.key('HARBOUR') };
    const curls = [README, API_MD].flatMap((file) => curlsIn(readFileSync(file, 'utf8')));
    assert.ok(curls.length >= 5, `${curls.length} examples`);
    for (const curl of curls) {
      const key = keys[curl.key_variable];
      assert.ok(key !== undefined, `${curl.url}: a key the docs explain (${curl.key_variable})`);
      const url = curl.url.replace('http://127.0.0.1:8700', t.url);
      const reply = await fetch(url, {
        method: curl.body === undefined ? 'GET' : 'POST',
        headers: { ...curl.headers, authorization: `Bearer ${key}` },
        ...(curl.body === undefined ? {} : { body: curl.body }),
      });
      const text = await reply.text();
      assert.equal(reply.status, 200, `${curl.url}: ${text}`);
      if (curl.body !== undefined) assert.equal(JSON.parse(text).status, 'accepted', text);
    }
  });

  test('the route finder reads backticked routes with and without query strings', () => {
    const found = routesIn('`GET /v1/a/{id}?x=1` and `POST /v1/b {"to": 1}`, not GET /v1/c');
    assert.deepEqual([...found], ['GET /v1/a/{}', 'POST /v1/b']);
  });
});
