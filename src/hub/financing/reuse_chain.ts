/**
 * A re-use chain to its end (docs/financing.md §10): repo A's buyer re-uses the bonds in repo B,
 * B's buyer in repo C or at OTC Clear, and so on. `reuseChain` lists every link from a repo, in
 * the order found (breadth first), each with its depth.
 * @module
 */

import type { ReuseCase } from '../../financing/index.js';
import { assert } from '../../kernel/index.js';
import type { HubState } from '../state.js';

export interface ReuseLink {
  /** The repo whose received collateral was re-used. */
  readonly from_repo_id: string;
  /** Who re-used it (that repo's buyer). */
  readonly party: string;
  readonly isin: string;
  readonly face_minor: bigint;
  readonly use_case: ReuseCase;
  readonly target_id: string;
  /** 1 for a re-use of `repo_id`'s collateral, 2 for a re-use of that, … */
  readonly depth: number;
}

/** Every re-use link downstream of `repo_id`; empty when its collateral is not re-used. */
export function reuseChain(state: HubState, repo_id: string): readonly ReuseLink[] {
  const reuses = [...state.financing.collateral.reuses.values()];
  const links: ReuseLink[] = [];
  const queue: Array<readonly [string, number]> = [[repo_id, 1]];
  const seen = new Set<string>([repo_id]);
  // Each repo enters the queue once, so the loop ends within the number of repos re-used.
  for (let head = 0; head < queue.length; head += 1) {
    assert(head <= reuses.length + 1, 're-use chain longer than the records');
    const [from, depth] = queue[head] as readonly [string, number];
    for (const r of reuses) {
      const source = r.sources.find((s) => s.repo_id === from);
      if (source === undefined) continue;
      const { party, isin, use_case, target_id } = r;
      links.push({
        from_repo_id: from,
        party,
        isin,
        face_minor: source.face_minor,
        use_case,
        target_id,
        depth,
      });
      if (use_case === 'offshore_repo' && !seen.has(target_id)) {
        seen.add(target_id);
        queue.push([target_id, depth + 1]);
      }
    }
  }
  return links;
}
