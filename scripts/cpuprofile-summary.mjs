#!/usr/bin/env node
/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): self % and inclusive % per function, by sampled
 * time. Usage: `node scripts/cpuprofile-summary.mjs [FILE.cpuprofile | DIR] [--top N] [--match TEXT]`.
 * With a directory (default: the current one) it reads the newest *.cpuprofile in it. Inclusive
 * time counts a function once per sample however deep it recurses. `--match` keeps the rows whose
 * function or file contains TEXT.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const args = process.argv.slice(2);
const option = (flag) => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const top = Number(option('--top') ?? 40);
const match = option('--match');
const file = profileFile(args[0] ?? '.');
const profile = JSON.parse(readFileSync(file, 'utf8'));

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const keyOf = new Map();
for (const n of profile.nodes) {
  const f = n.callFrame;
  const where = f.url === '' ? '' : ` ${shortUrl(f.url)}:${f.lineNumber + 1}`;
  keyOf.set(n.id, `${f.functionName || '(anonymous)'}${where}`);
}

const self = new Map();
const inclusive = new Map();
let total = 0;
const deltas = profile.timeDeltas ?? [];
for (let i = 0; i < profile.samples.length; i += 1) {
  const dt = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
  total += dt;
  let id = profile.samples[i];
  const leaf = keyOf.get(id);
  self.set(leaf, (self.get(leaf) ?? 0) + dt);
  const seen = new Set();
  while (id !== undefined && nodes.has(id)) {
    const key = keyOf.get(id);
    if (!seen.has(key)) {
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
    id = parent.get(id);
  }
}

const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5);
const print = (title, map) => {
  const rows = [...map.entries()]
    .filter(([k]) => match === undefined || k.includes(match))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  process.stdout.write(`\n${title}\n`);
  for (const [k, us] of rows) {
    const s = pct(self.get(k) ?? 0);
    const inc = pct(inclusive.get(k) ?? 0);
    process.stdout.write(`${s} ${inc}  ${k}\n`);
  }
};

process.stdout.write(`${basename(file)}: ${(total / 1e6).toFixed(2)} s sampled\n`);
process.stdout.write(' self%  incl%  function file:line\n');
print('by self time', self);
print('by inclusive time', inclusive);

function profileFile(path) {
  if (!statSync(path).isDirectory()) return path;
  const found = readdirSync(path)
    .filter((n) => n.endsWith('.cpuprofile'))
    .map((n) => join(path, n))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (found.length === 0) throw new Error(`no .cpuprofile in ${path}`);
  return found[0];
}

function shortUrl(url) {
  const i = url.indexOf('/dist/');
  if (i >= 0) return url.slice(i + 1);
  return url.replace(/^file:\/\//, '').replace(/^node:/, 'node:');
}
