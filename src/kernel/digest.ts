/**
 * SHA-256 digests: of state (the replay proof) and of commands (idempotency keys).
 * Hashing is pure computation, so it is allowed in the deterministic core.
 * @module
 */

import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Incremental digest for large states: feed parts in a fixed order, then finish. */
export class Digest {
  private readonly hash = createHash('sha256');

  update(part: string): this {
    this.hash.update(part);
    this.hash.update('\n');
    return this;
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}
