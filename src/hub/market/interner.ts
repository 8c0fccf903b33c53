/**
 * String ids ↔ small integers, for the order books' hot path (owners, participants, accounts).
 * Numbers are handed out in first-use order, so the mapping is deterministic and replays exactly.
 * @module
 */

import { assert } from '../../kernel/assert.js';

export class Interner {
  private readonly numbers = new Map<string, number>();
  /** names[0] is the empty name: 0 means "none". */
  private readonly names: string[] = [''];

  intern(name: string): number {
    const existing = this.numbers.get(name);
    if (existing !== undefined) return existing;
    const number = this.names.length;
    this.names.push(name);
    this.numbers.set(name, number);
    return number;
  }

  name(number: number): string {
    const name = this.names[number];
    assert(name !== undefined, `no name interned as ${number}`);
    return name;
  }

  /** How many names are interned. */
  get size(): number {
    return this.names.length - 1;
  }

  /** Forgets names interned after the interner had `size` names (undoing a refused command). */
  truncate(size: number): void {
    assert(size >= 0 && size <= this.size, 'truncate beyond the interned names');
    for (const name of this.names.splice(size + 1)) this.numbers.delete(name);
  }

  snapshot(): string[] {
    return this.names.slice(1);
  }

  static restore(names: readonly string[]): Interner {
    const interner = new Interner();
    for (const name of names) interner.intern(name);
    return interner;
  }
}
