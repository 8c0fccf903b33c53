/**
 * Structural comparison of two encodable values (snapshots), with the codec's notion of equality:
 * two values compare equal exactly when `encode` would write the same text for them. Bigints are
 * compared as bigints, keys in insertion order (as the encoding writes them), `toJSON` is honoured,
 * and properties holding `undefined` or a function are skipped (as JSON skips them). Unlike encoding
 * and comparing the texts, it stops at the first difference and names where it is: the simulator
 * compares whole hub states this way after every rejection and every restart.
 * @module
 */

/**
 * The path of the first difference between `a` and `b` (`$` for the values themselves, then
 * `.key` and `[index]` steps), or undefined when they encode identically.
 */
export function firstDifference(a: unknown, b: unknown): string | undefined {
  const inner = differ(a, b);
  return inner === undefined ? undefined : `$${inner}`;
}

/** Undefined when equal, else the path below this value ('' when the values themselves differ). */
function differ(a: unknown, b: unknown): string | undefined {
  if (a === b) return undefined;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== 'object' || tb !== 'object' || a === null || b === null) {
    return leafDiffers(a, b) ? '' : undefined;
  }
  const ja = (a as { toJSON?: unknown }).toJSON;
  const jb = (b as { toJSON?: unknown }).toJSON;
  if (typeof ja === 'function' || typeof jb === 'function') {
    const va = typeof ja === 'function' ? (ja as () => unknown).call(a) : a;
    const vb = typeof jb === 'function' ? (jb as () => unknown).call(b) : b;
    return differ(va, vb);
  }
  const array_a = Array.isArray(a);
  if (array_a !== Array.isArray(b)) return '';
  if (array_a) return arrayDiffers(a as unknown[], b as unknown[]);
  if (a instanceof Map || b instanceof Map) return mapDiffers(a as object, b as object);
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set)) return '';
    return arrayDiffers([...a], [...b]);
  }
  return objectDiffers(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** What JSON writes for a value in an array: nothing encodable becomes null. */
function inArray(value: unknown): unknown {
  return skipped(value) ? null : value;
}

/** Values a property may hold that JSON leaves out. */
function skipped(value: unknown): boolean {
  const type = typeof value;
  return type === 'undefined' || type === 'function' || type === 'symbol';
}

function leafDiffers(a: unknown, b: unknown): boolean {
  // Numbers JSON cannot write are written as null; -0 is written as 0 (and -0 === 0).
  const na = typeof a === 'number' && !Number.isFinite(a) ? null : a;
  const nb = typeof b === 'number' && !Number.isFinite(b) ? null : b;
  if (na === nb) return false;
  return !(skipped(na) && skipped(nb));
}

function arrayDiffers(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  if (a.length !== b.length) return `.length (${a.length} ≠ ${b.length})`;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const inner = differ(inArray(x), inArray(y));
    if (inner !== undefined) return `[${i}]${inner}`;
  }
  return undefined;
}

function mapDiffers(a: object, b: object): string | undefined {
  if (!(a instanceof Map && b instanceof Map)) return '';
  if (a.size !== b.size) return `.size (${a.size} ≠ ${b.size})`;
  return arrayDiffers([...a], [...b]);
}

function objectDiffers(a: Record<string, unknown>, b: Record<string, unknown>): string | undefined {
  // The common case allocates nothing: walk b's keys in order against a's, comparing values as we
  // go; any mismatch in the key sequences (or a skipped value) takes the careful path below.
  const ka = Object.keys(a);
  let i = 0;
  for (const key in b) {
    if (ka[i] !== key) return objectDiffersSlowly(a, b);
    const x = a[key];
    const y = b[key];
    i += 1;
    if (x === y) continue;
    const inner = differ(x, y);
    if (inner !== undefined) return `.${key}${inner}`;
  }
  return i === ka.length ? undefined : objectDiffersSlowly(a, b);
}

/** Keys holding nothing JSON writes do not count; what is left must match in order. */
function objectDiffersSlowly(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): string | undefined {
  const ka = Object.keys(a).filter((k) => !skipped(a[k]));
  const kb = Object.keys(b).filter((k) => !skipped(b[k]));
  if (!sameKeys(ka, kb)) {
    const at = firstKeyMismatch(ka, kb);
    return ` keys differ at position ${at}: ${String(ka[at])} ≠ ${String(kb[at])}`;
  }
  for (const key of ka) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    const inner = differ(x, y);
    if (inner !== undefined) return `.${key}${inner}`;
  }
  return undefined;
}

function sameKeys(ka: readonly string[], kb: readonly string[]): boolean {
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i += 1) if (ka[i] !== kb[i]) return false;
  return true;
}

function firstKeyMismatch(ka: readonly string[], kb: readonly string[]): number {
  let i = 0;
  while (i < ka.length && i < kb.length && ka[i] === kb[i]) i += 1;
  return i;
}
