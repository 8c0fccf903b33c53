/**
 * Hold expiry in hub time: a binary min-heap ordered by (expires_at_us, expiry_order).
 *
 * The order is total, so holds expire in the same order whatever the heap's internal layout,
 * which keeps replay and restore-from-snapshot identical. Resolved holds are removed lazily: their
 * entries are skipped when they reach the top, and the heap is rebuilt when stale entries pile up.
 * @module
 */

export interface ExpiryEntry {
  readonly expires_at_us: number;
  readonly expiry_order: number;
  readonly hold_id: string;
}

export class ExpiryQueue {
  private readonly heap: ExpiryEntry[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(entry: ExpiryEntry): void {
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
  }

  peek(): ExpiryEntry | undefined {
    return this.heap[0];
  }

  pop(): ExpiryEntry | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Drops entries for which `keep` is false, then restores the heap order. */
  compact(keep: (entry: ExpiryEntry) => boolean): void {
    const kept = this.heap.filter(keep);
    this.heap.length = 0;
    for (const entry of kept) this.push(entry);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!before(heap[child] as ExpiryEntry, heap[parent] as ExpiryEntry)) return;
      swap(heap, child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < heap.length && before(heap[left] as ExpiryEntry, heap[smallest] as ExpiryEntry)) {
        smallest = left;
      }
      if (
        right < heap.length &&
        before(heap[right] as ExpiryEntry, heap[smallest] as ExpiryEntry)
      ) {
        smallest = right;
      }
      if (smallest === parent) return;
      swap(heap, parent, smallest);
      parent = smallest;
    }
  }
}

function before(a: ExpiryEntry, b: ExpiryEntry): boolean {
  if (a.expires_at_us !== b.expires_at_us) return a.expires_at_us < b.expires_at_us;
  return a.expiry_order < b.expiry_order;
}

function swap(heap: ExpiryEntry[], i: number, j: number): void {
  const t = heap[i] as ExpiryEntry;
  heap[i] = heap[j] as ExpiryEntry;
  heap[j] = t;
}
