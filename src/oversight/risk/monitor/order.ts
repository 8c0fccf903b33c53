/**
 * Orders for the views: ids by UTF-16 code units (never by locale, so every machine agrees),
 * amounts largest first with ties by id.
 * @module
 */

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Larger amounts first; equal amounts by id. */
export function largestFirst(x: bigint, y: bigint, id_x: string, id_y: string): number {
  if (x !== y) return x > y ? -1 : 1;
  return compareIds(id_x, id_y);
}
