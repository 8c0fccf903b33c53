/**
 * The proxy directory of each side (connect-rules.md §3, "Payee proxies"): Hong Kong by mobile
 * number, e-mail, FPS ID or account number; the Mainland by mobile number or account number.
 * Register, update, remove, look up. Each call checks everything first and changes the directory
 * only when it succeeds.
 * @module
 */

import { accept, type Outcome, reject } from '../kernel/index.js';
import { maskName } from './mask.js';
import { normaliseMobile } from './phone.js';
import type {
  ProxyDirectory,
  ProxyEntry,
  ProxyLookup,
  ProxyTarget,
  ProxyType,
  Side,
} from './types.js';

export const PROXY_TYPES: Readonly<Record<Side, readonly ProxyType[]>> = {
  HK: ['mobile', 'email', 'fps_id', 'account'],
  MAINLAND: ['mobile', 'account'],
};

/** Bounds (*assumptions*): FPS IDs are 7 to 9 digits; accounts 4 to 34 letters, digits, '-'. */
const FPS_ID_PATTERN = /^[0-9]{7,9}$/;
const ACCOUNT_PATTERN = /^[0-9A-Za-z-]{4,34}$/;
/** One '@', something each side, a dot in the domain, no spaces; 254 characters at most. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_LENGTH_MAX = 254;
const NAME_LENGTH_MAX = 140;

export function emptyProxyDirectory(): ProxyDirectory {
  return { entries: new Map() };
}

/** The proxy in its one normal form, or the code saying why it is not one. */
export function normaliseProxy(side: Side, type: string, value: string): Outcome<string> {
  if (!(PROXY_TYPES[side] as readonly string[]).includes(type)) {
    return reject('PROXY_TYPE_NOT_SUPPORTED', `${side} does not take ${type} as a proxy`, {
      side,
      type,
      supported: PROXY_TYPES[side].join(','),
    });
  }
  const text = value.trim();
  if (type === 'mobile') return normaliseMobile(side, text);
  if (type === 'email') {
    const lower = text.toLowerCase();
    if (lower.length > EMAIL_LENGTH_MAX || !EMAIL_PATTERN.test(lower)) {
      return reject('PROXY_EMAIL_INVALID', 'Not an e-mail address', { value });
    }
    return accept(lower);
  }
  if (type === 'fps_id') {
    if (!FPS_ID_PATTERN.test(text)) {
      return reject('PROXY_FPS_ID_INVALID', 'An FPS ID is 7 to 9 digits', { value });
    }
    return accept(text);
  }
  if (!ACCOUNT_PATTERN.test(text)) {
    return reject('PROXY_ACCOUNT_INVALID', 'An account number is 4 to 34 letters or digits', {
      value,
    });
  }
  return accept(text);
}

export function proxyKey(side: Side, type: ProxyType, normal: string): string {
  return `${side}|${type}|${normal}`;
}

function check_target(target: ProxyTarget): Outcome<undefined> {
  const name = target.name.trim();
  if (name.length === 0 || name.length > NAME_LENGTH_MAX) {
    return reject('PROXY_NAME_INVALID', 'The account holder has a name of 1 to 140 characters', {
      name: target.name,
    });
  }
  if (target.bank.length === 0 || !ACCOUNT_PATTERN.test(target.account)) {
    return reject('PROXY_ACCOUNT_INVALID', 'A proxy points at a bank and a valid account', {
      bank: target.bank,
      account: target.account,
    });
  }
  return accept(undefined);
}

interface Resolved {
  readonly key: string;
  readonly type: ProxyType;
  readonly value: string;
}

function resolve(side: Side, type: string, value: string): Outcome<Resolved> {
  const normal = normaliseProxy(side, type, value);
  if (!normal.ok) return normal;
  const proxy_type = type as ProxyType;
  return accept({
    key: proxyKey(side, proxy_type, normal.value),
    type: proxy_type,
    value: normal.value,
  });
}

/** Registers `value` for `target`; PROXY_DUPLICATE if the proxy already points somewhere. */
export function registerProxy(
  directory: ProxyDirectory,
  proxy: { readonly side: Side; readonly type: string; readonly value: string },
  target: ProxyTarget,
  now_us: number,
): Outcome<ProxyEntry> {
  const resolved = resolve(proxy.side, proxy.type, proxy.value);
  if (!resolved.ok) return resolved;
  const checked = check_target(target);
  if (!checked.ok) return checked;
  const existing = directory.entries.get(resolved.value.key);
  if (existing !== undefined) {
    return reject('PROXY_DUPLICATE', 'This proxy is already registered; update or remove it', {
      side: proxy.side,
      type: resolved.value.type,
      value: resolved.value.value,
      bank: existing.bank,
    });
  }
  const entry: ProxyEntry = {
    side: proxy.side,
    type: resolved.value.type,
    value: resolved.value.value,
    bank: target.bank,
    account: target.account,
    name: target.name.trim(),
    registered_us: now_us,
  };
  directory.entries.set(resolved.value.key, entry);
  return accept(entry);
}

/** Points a registered proxy at another account (the holder moved bank, say). */
export function updateProxy(
  directory: ProxyDirectory,
  proxy: { readonly side: Side; readonly type: string; readonly value: string },
  target: ProxyTarget,
  now_us: number,
): Outcome<ProxyEntry> {
  const found = find_entry(directory, proxy.side, proxy.type, proxy.value);
  if (!found.ok) return found;
  const checked = check_target(target);
  if (!checked.ok) return checked;
  const entry: ProxyEntry = {
    ...found.value.entry,
    bank: target.bank,
    account: target.account,
    name: target.name.trim(),
    registered_us: now_us,
  };
  directory.entries.set(found.value.key, entry);
  return accept(entry);
}

export function removeProxy(
  directory: ProxyDirectory,
  proxy: { readonly side: Side; readonly type: string; readonly value: string },
): Outcome<ProxyEntry> {
  const found = find_entry(directory, proxy.side, proxy.type, proxy.value);
  if (!found.ok) return found;
  directory.entries.delete(found.value.key);
  return accept(found.value.entry);
}

/** Where the proxy points and the holder's name masked: what the payer confirms. */
export function lookupProxy(
  directory: ProxyDirectory,
  side: Side,
  type: string,
  value: string,
): Outcome<ProxyLookup> {
  const found = find_entry(directory, side, type, value);
  if (!found.ok) return found;
  const entry = found.value.entry;
  return accept({
    side,
    type: entry.type,
    value: entry.value,
    bank: entry.bank,
    account: entry.account,
    masked_name: maskName(entry.name),
  });
}

function find_entry(
  directory: ProxyDirectory,
  side: Side,
  type: string,
  value: string,
): Outcome<{ key: string; entry: ProxyEntry }> {
  // A proxy given in its normal form (E.164, lower-case e-mail) is found without parsing: a key
  // in the directory is a normal form, and normalising a normal form gives it back.
  const direct_key = proxyKey(side, type as ProxyType, value);
  const direct = directory.entries.get(direct_key);
  if (direct !== undefined) return accept({ key: direct_key, entry: direct });
  const resolved = resolve(side, type, value);
  if (!resolved.ok) return resolved;
  const entry = directory.entries.get(resolved.value.key);
  if (entry === undefined) {
    return reject('PROXY_UNKNOWN', 'No account is registered for this proxy', {
      side,
      type,
      value: resolved.value.value,
    });
  }
  return accept({ key: resolved.value.key, entry });
}
