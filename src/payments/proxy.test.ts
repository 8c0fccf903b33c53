import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  emptyProxyDirectory,
  lookupProxy,
  maskName,
  normaliseMobile,
  normaliseProxy,
  registerProxy,
  removeProxy,
  updateProxy,
} from './index.js';

const AT = 1_750_000_000_000_000;
const TARGET = { bank: 'HSBC', account: '004-123456-001', name: 'CHAN Tai Man' };

function code(outcome: { ok: boolean; code?: string }): string | undefined {
  return outcome.ok ? undefined : outcome.code;
}

describe('normaliseMobile()', () => {
  test('writes HK and Mainland mobiles in E.164, whatever their form', () => {
    assert.deepEqual(normaliseMobile('HK', '9123 4567'), { ok: true, value: '+85291234567' });
    assert.deepEqual(normaliseMobile('HK', '+852 9123-4567'), { ok: true, value: '+85291234567' });
    assert.deepEqual(normaliseMobile('MAINLAND', '138 0013 8000'), {
      ok: true,
      value: '+8613800138000',
    });
  });
  test('refuses a fixed line, a number of the other side, and text', () => {
    assert.equal(code(normaliseMobile('HK', '2123 4567')), 'PROXY_PHONE_INVALID');
    assert.equal(code(normaliseMobile('MAINLAND', '+852 9123 4567')), 'PROXY_PHONE_INVALID');
    assert.equal(code(normaliseMobile('HK', 'call me')), 'PROXY_PHONE_INVALID');
    assert.equal(code(normaliseMobile('HK', '')), 'PROXY_PHONE_INVALID');
  });
});

describe('normaliseProxy()', () => {
  test('takes the four HK proxy types and the two Mainland ones', () => {
    assert.deepEqual(normaliseProxy('HK', 'email', ' Tai.Man@Example.HK '), {
      ok: true,
      value: 'tai.man@example.hk',
    });
    assert.deepEqual(normaliseProxy('HK', 'fps_id', '1234567'), { ok: true, value: '1234567' });
    assert.equal(code(normaliseProxy('HK', 'fps_id', '123456')), 'PROXY_FPS_ID_INVALID');
    assert.equal(code(normaliseProxy('HK', 'email', 'no-at-sign')), 'PROXY_EMAIL_INVALID');
    assert.equal(code(normaliseProxy('MAINLAND', 'email', 'a@b.cn')), 'PROXY_TYPE_NOT_SUPPORTED');
    assert.equal(code(normaliseProxy('MAINLAND', 'fps_id', '1234567')), 'PROXY_TYPE_NOT_SUPPORTED');
    assert.equal(code(normaliseProxy('MAINLAND', 'account', 'ab')), 'PROXY_ACCOUNT_INVALID');
  });
});

describe('the proxy directory', () => {
  test('registers, looks up with the name masked, updates and removes', () => {
    const directory = emptyProxyDirectory();
    const proxy = { side: 'HK' as const, type: 'mobile', value: '91234567' };
    assert.equal(registerProxy(directory, proxy, TARGET, AT).ok, true);
    assert.deepEqual(lookupProxy(directory, 'HK', 'mobile', '+852 9123 4567'), {
      ok: true,
      value: {
        side: 'HK',
        type: 'mobile',
        value: '+85291234567',
        bank: 'HSBC',
        account: '004-123456-001',
        masked_name: 'C*** T** M**',
      },
    });
    const moved = { bank: 'BOCHK', account: '012-777-0002', name: 'CHAN Tai Man' };
    assert.equal(updateProxy(directory, proxy, moved, AT + 1).ok, true);
    const found = lookupProxy(directory, 'HK', 'mobile', '91234567');
    assert.equal(found.ok && found.value.bank, 'BOCHK');
    assert.equal(removeProxy(directory, proxy).ok, true);
    assert.equal(code(lookupProxy(directory, 'HK', 'mobile', '91234567')), 'PROXY_UNKNOWN');
  });
  test('a lookup in the normal form finds the same entry, unparsed; other forms still parse', () => {
    const directory = emptyProxyDirectory();
    registerProxy(directory, { side: 'HK', type: 'mobile', value: '9123 4567' }, TARGET, AT);
    const normal = lookupProxy(directory, 'HK', 'mobile', '+85291234567');
    assert.deepEqual(normal, lookupProxy(directory, 'HK', 'mobile', '91234567'));
    assert.equal(normal.ok && normal.value.value, '+85291234567');
    // Not registered, or not a number: parsed as before.
    assert.equal(code(lookupProxy(directory, 'HK', 'mobile', '+85291234568')), 'PROXY_UNKNOWN');
    assert.equal(code(lookupProxy(directory, 'HK', 'mobile', '+8529123')), 'PROXY_PHONE_INVALID');
    // The same text on the other side, or as another type, is not this proxy.
    assert.equal(
      code(lookupProxy(directory, 'MAINLAND', 'mobile', '+85291234567')),
      'PROXY_PHONE_INVALID',
    );
    assert.equal(
      code(lookupProxy(directory, 'MAINLAND', 'email', '+85291234567')),
      'PROXY_TYPE_NOT_SUPPORTED',
    );
  });
  test('refuses a duplicate, written differently, and leaves the first in place', () => {
    const directory = emptyProxyDirectory();
    registerProxy(directory, { side: 'HK', type: 'mobile', value: '91234567' }, TARGET, AT);
    const other = { bank: 'HASE', account: '024-555-0001', name: 'WONG Ka Yan' };
    const again = registerProxy(
      directory,
      { side: 'HK', type: 'mobile', value: '+852 9123 4567' },
      other,
      AT,
    );
    assert.equal(code(again), 'PROXY_DUPLICATE');
    assert.equal(directory.entries.size, 1);
    const found = lookupProxy(directory, 'HK', 'mobile', '91234567');
    assert.equal(found.ok && found.value.bank, 'HSBC');
  });
  test('the same number on the two sides are two proxies', () => {
    const directory = emptyProxyDirectory();
    registerProxy(directory, { side: 'HK', type: 'account', value: '1234567890' }, TARGET, AT);
    const mainland = { bank: 'ICBC', account: '1234567890', name: '王小明' };
    const second = { side: 'MAINLAND' as const, type: 'account', value: '1234567890' };
    assert.equal(registerProxy(directory, second, mainland, AT).ok, true);
  });
  test('refuses an unknown proxy on update and removal, a bad phone on registration', () => {
    const directory = emptyProxyDirectory();
    const proxy = { side: 'MAINLAND' as const, type: 'mobile', value: '13800138000' };
    assert.equal(code(updateProxy(directory, proxy, TARGET, AT)), 'PROXY_UNKNOWN');
    assert.equal(code(removeProxy(directory, proxy)), 'PROXY_UNKNOWN');
    const bad = { side: 'MAINLAND' as const, type: 'mobile', value: '12345' };
    assert.equal(code(registerProxy(directory, bad, TARGET, AT)), 'PROXY_PHONE_INVALID');
    const nameless = { ...TARGET, name: '  ' };
    assert.equal(code(registerProxy(directory, proxy, nameless, AT)), 'PROXY_NAME_INVALID');
    assert.equal(directory.entries.size, 0);
  });
});

describe('maskName()', () => {
  test('keeps the first letter of each word, or the last character of a name in Chinese', () => {
    assert.equal(maskName('CHAN Tai Man'), 'C*** T** M**');
    assert.equal(maskName('王小明'), '**明');
    assert.equal(maskName('張偉'), '*偉');
    assert.equal(maskName('李'), '*');
    assert.equal(maskName('Alice'), 'A****');
    assert.equal(maskName('𠮷野 家'), '𠮷* 家');
  });
});
