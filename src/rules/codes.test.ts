import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RULES_REJECTION_CODES } from './index.js';

describe('rejection codes', () => {
  test('are UPPER_SNAKE and listed once', () => {
    assert.equal(new Set(RULES_REJECTION_CODES).size, RULES_REJECTION_CODES.length);
    for (const code of RULES_REJECTION_CODES) assert.match(code, /^[A-Z][A-Z0-9_]*$/);
  });

  test('every code is expected by name in some test of this folder', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const tests = readdirSync(here)
      .filter((name) => name.endsWith('.test.js') && name !== 'codes.test.js')
      .map((name) => readFileSync(join(here, name), 'utf8'))
      .join('\n');
    const untested = RULES_REJECTION_CODES.filter((code) => !tests.includes(`'${code}'`));
    assert.deepEqual(untested, []);
  });
});
