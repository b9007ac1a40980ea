/**
 * `/paperboy top [day|week|month|all]`: papers with the most community votes over a period,
 * across both platforms, ties broken by Hugging Face upvotes.
 */
import type { Paper } from './paper.js';
import type { Clock, PaperStore } from './ports.js';
import type { VoteStore } from './votes.js';

export const TOP_PERIODS = ['day', 'week', 'month', 'all'] as const;
export type TopPeriod = (typeof TOP_PERIODS)[number];

const PERIOD_DAYS: Record<TopPeriod, number | undefined> = { day: 1, week: 7, month: 30, all: undefined };

export function isTopPeriod(value: string): value is TopPeriod {
  return (TOP_PERIODS as readonly string[]).includes(value);
}

export interface TopEntry {
  readonly paper: Paper;
  readonly votes: number;
}

export function topPapers(deps: { votes: VoteStore; store: PaperStore; clock: Clock }, period: TopPeriod, limit: number): TopEntry[] {
  const days = PERIOD_DAYS[period];
  const since = days === undefined ? undefined : new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
  const entries: TopEntry[] = [];
  for (const { paperId, votes } of deps.votes.topVoted({ since, limit })) {
    const paper = deps.store.getPaper(paperId);
    if (paper) entries.push({ paper, votes });
  }
  return entries;
}
