/**
 * JSON for HTTP and WebSocket clients: bigints travel as decimal strings (lossless; amounts are
 * minor units, so `"150000"` is HKD 1,500.00). The journal's own codec is kernel/codec.ts.
 * @module
 */

export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value); // the common case has no bigint, and no replacer is faster
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(value, bigintAsString);
  }
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
