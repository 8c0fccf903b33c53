import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PAYMENTS_REJECTION_CODES } from './index.js';

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => readFileSync(join(dir, name), 'utf8'));
}

describe('payments rejection codes', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  test('are UPPER_SNAKE and listed once', () => {
    assert.equal(new Set(PAYMENTS_REJECTION_CODES).size, PAYMENTS_REJECTION_CODES.length);
    for (const code of PAYMENTS_REJECTION_CODES) assert.match(code, /^[A-Z][A-Z0-9_]*$/);
  });
  test('every code is expected by name in some test of this folder', () => {
    const tests = files(here, '.test.js')
      .filter((text) => !text.includes('PAYMENTS_REJECTION_CODES'))
      .join('\n');
    const untested = PAYMENTS_REJECTION_CODES.filter((code) => !tests.includes(`'${code}'`));
    assert.deepEqual(untested, []);
  });
  test('every code the sources can return is listed', () => {
    const sources = files(here, '.js').filter((text) => !text.includes('node:test'));
    const used = new Set<string>();
    for (const text of sources) {
      for (const match of text.matchAll(/'((?:PAYMENT|PROXY|ISO)_[A-Z0-9_]+)'/g))
        used.add(match[1] ?? '');
    }
    const listed = new Set<string>(PAYMENTS_REJECTION_CODES);
    assert.deepEqual(
      [...used].filter((code) => !listed.has(code)),
      [],
    );
  });
});
