/** What both platforms' follow alerts show: the papers that fit, how many more, and where to see them. */
import type { FollowAlert } from '../core/follows/follow.js';
import { paperToCard, type PaperCard } from './card.js';
import { ALERT_BUDGETS } from './limits.js';

export interface AlertView {
  readonly day: string;
  readonly cards: readonly PaperCard[];
  /** Papers left out of the message ("and N more"). */
  readonly more: number;
  /** The day on Hugging Face, where the rest can be seen. */
  readonly dayUrl: string;
}

export function alertToView(alert: FollowAlert): AlertView {
  const shown = alert.papers.slice(0, ALERT_BUDGETS.papers);
  return {
    day: alert.day,
    cards: shown.map((paper) => paperToCard(paper)),
    more: alert.papers.length - shown.length,
    dayUrl: `https://huggingface.co/papers/date/${alert.day}`,
  };
}

/** The alert's first line, which also recognises it in the DM's history after a crash. */
export const alertTitle = (day: string): string => `New papers for your follows · ${day}`;

export const papersCount = (count: number): string => `${count} new paper${count === 1 ? '' : 's'} matched what you follow.`;
