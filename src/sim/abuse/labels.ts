/**
 * Ground truth: every abusive agent records what it did as labelled episodes (episode id, kind,
 * owners, instruments, time window), so the evaluation can match alerts against them.
 * @module
 */

import { assert } from '../../kernel/assert.js';

/** The alert kind an episode should raise (the surveillance detector that owns the practice). */
export type AbuseKind =
  | 'spoofing_layering'
  | 'spoofing_criminal_threshold'
  | 'wash_trade'
  | 'marking_the_close'
  | 'momentum_ignition'
  | 'abnormal_trading'
  | 'hft_classification'
  | 'convergent_trading'
  | 'market_maker_obligation';

export interface Episode {
  readonly episode_id: string;
  readonly kind: AbuseKind;
  /** The practice within the kind (layering, linked_accounts, repeated_push, …) or ''. */
  readonly subtype: string;
  readonly agent: string;
  readonly owners: readonly string[];
  readonly instruments: readonly string[];
  readonly window_start_us: number;
  readonly window_end_us: number;
  /**
   * Whether the episode happened as designed (the spoof's genuine order executed, at least one
   * wash trade printed, …). Recall counts completed episodes; an alert on an incomplete one is
   * still a true positive.
   */
  readonly completed: boolean;
  readonly note: string;
}

export class LabelBook {
  private readonly episodes: Episode[] = [];
  private readonly ids = new Set<string>();

  add(episode: Episode): void {
    assert(!this.ids.has(episode.episode_id), `episode ${episode.episode_id} labelled twice`);
    assert(episode.window_start_us <= episode.window_end_us, 'episode window is backwards');
    this.ids.add(episode.episode_id);
    this.episodes.push(episode);
  }

  all(): readonly Episode[] {
    return this.episodes;
  }
}
