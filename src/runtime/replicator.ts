/**
 * Where a node's commands are replicated before they count as committed: the cluster's journal
 * stream (src/cluster). The node keeps its own journal too, as a local cache.
 * @module
 */

import type { Rejection } from '../kernel/index.js';

export interface Replicator {
  /** Why no command may be sequenced now (a fenced leader), or null when they may. */
  refusal(): Rejection | null;
  /** Takes the encoded envelope of the command just sequenced, in seq order. */
  add(seq: number, encoded: string): void;
  /** Replicates everything added; resolves once acknowledged, in call order; rejects when fenced. */
  commit(): Promise<void>;
}
