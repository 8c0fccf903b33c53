/**
 * The columns gross settlement works in, reused from chunk to chunk: the chunk's instructions
 * with their due amounts (`GrossChunk`), and the ledger transfer batch built from a range of them
 * (`BatchColumns`). A million-instruction cycle allocates no object per instruction.
 * @module
 */

import type { TransferBatchInput } from '../ledger/index.js';
import { type DueLegs, type DueLegsScratch, scratchLegs } from './legs.js';
import type { PosttradeState } from './state.js';
import type { Instruction } from './types.js';

/** The batch's codes: transfer k's code is `GROSS_CODES[code_indices[k]]` (frozen: kept, not copied). */
export const GROSS_CODES = Object.freeze(['dvp_securities', 'dvp_cash'] as const);
const SECURITIES = 0;
const CASH = 1;

/** Up to `capacity` due instructions and what is due of each (gross DvP: no RMB leg). */
export class GrossChunk {
  private readonly instructions: Instruction[] = [];
  private readonly securities: bigint[] = [];
  private readonly cash: bigint[] = [];
  private readonly settles_cash: boolean[] = [];

  get length(): number {
    return this.instructions.length;
  }

  add(instruction: Instruction, due: DueLegs): void {
    this.instructions.push(instruction);
    this.securities.push(due.securities_units);
    this.cash.push(due.cash_minor);
    this.settles_cash.push(due.settles_cash);
  }

  clear(): void {
    this.instructions.length = 0;
    this.securities.length = 0;
    this.cash.length = 0;
    this.settles_cash.length = 0;
  }

  at(k: number): Instruction {
    return this.instructions[k] as Instruction;
  }

  legsInto(k: number, out: DueLegsScratch): DueLegsScratch {
    out.securities_units = this.securities[k] as bigint;
    out.cash_minor = this.cash[k] as bigint;
    out.rmb_minor = 0n;
    out.settles_cash = this.settles_cash[k] as boolean;
    return out;
  }
}

/**
 * A range of a chunk as one ledger transfer batch. `owners[t]` is the chunk position of the
 * instruction transfer t belongs to.
 */
export class BatchColumns {
  readonly debit_handles: Int32Array;
  readonly credit_handles: Int32Array;
  readonly amounts_minor: bigint[];
  readonly code_indices: Uint8Array;
  readonly references: string[];
  readonly owners: Int32Array;

  constructor(capacity: number) {
    this.debit_handles = new Int32Array(capacity);
    this.credit_handles = new Int32Array(capacity);
    this.amounts_minor = new Array<bigint>(capacity).fill(0n);
    this.code_indices = new Uint8Array(capacity);
    this.references = new Array<string>(capacity).fill('');
    this.owners = new Int32Array(capacity);
  }

  /**
   * Fills the columns with the due legs of chunk positions [start, end); the batch id is its first
   * instruction's next part. Account handles come from `state.accounts.handles` (resolved first).
   */
  fill(state: PosttradeState, chunk: GrossChunk, start: number, end: number): TransferBatchInput {
    const handles = state.accounts.handles;
    let count = 0;
    const put = (k: number, from: number, to: number, amount: bigint, code: number) => {
      this.debit_handles[count] = handles[from] as number;
      this.credit_handles[count] = handles[to] as number;
      this.amounts_minor[count] = amount;
      this.code_indices[count] = code;
      this.references[count] = chunk.at(k).id;
      this.owners[count] = k;
      count += 1;
    };
    const legs = scratchLegs();
    for (let k = start; k < end; k += 1) {
      const i = chunk.at(k);
      chunk.legsInto(k, legs);
      if (legs.securities_units > 0n)
        put(k, i.sec_from, i.sec_to, legs.securities_units, SECURITIES);
      if (legs.cash_minor > 0n) put(k, i.cash_from, i.cash_to, legs.cash_minor, CASH);
    }
    const first = chunk.at(start);
    return {
      id: `${first.id}/${first.parts + 1}/g`,
      codes: GROSS_CODES,
      count,
      debit_handles: this.debit_handles,
      credit_handles: this.credit_handles,
      amounts_minor: this.amounts_minor,
      code_indices: this.code_indices,
      references: this.references,
    };
  }
}
