/**
 * The one JSON codec for journal records, snapshots and state digests.
 *
 * JSON has no integers beyond 2^53, and Hutong's amounts are `bigint`. A bigint is written as
 * `{"$bigint":"123"}`: an object form that no typed command or state value ever has, so decoding is
 * unambiguous (a plain string "123" stays a string). Key order is the object's insertion order,
 * which is deterministic for everything the hub builds, so equal states encode to equal bytes.
 * @module
 */

const BIGINT_TAG = '$bigint';

export function encode(value: unknown): string {
  return JSON.stringify(value, encode_bigint);
}

export function decode(text: string): unknown {
  return JSON.parse(text, decode_bigint);
}

function encode_bigint(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { [BIGINT_TAG]: value.toString() } : value;
}

function decode_bigint(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const tagged = (value as Record<string, unknown>)[BIGINT_TAG];
  if (typeof tagged !== 'string') return value;
  return BigInt(tagged);
}

/** JSON text for people and HTTP, in one pass: bigints as decimal strings. */
export function plainJson(value: unknown): string {
  return JSON.stringify(value, bigint_to_string);
}

/** For people and HTTP: bigints as decimal strings (lossless, but not reversible without a schema). */
export function toPlainJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, bigint_to_string));
}

function bigint_to_string(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
