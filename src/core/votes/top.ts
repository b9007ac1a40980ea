/**
 * `/paperboy top [day|week|month|all]`: papers with the most community votes over a period,
 * counting the votes of the pool the command is run in, ties broken by Hugging Face upvotes.
 */
import type { Paper } from '../paper.js';
import type { Clock, PaperStore, VoteStore } from '../ports.js';
import type { VotePool } from './pools.js';

export const TOP_PERIODS = ['day', 'week', 'month', 'all'] as const;
/** How many papers `/paperboy top` lists unless asked otherwise. */
export const DEFAULT_TOP_LIMIT = 10;
export type TopPeriod = (typeof TOP_PERIODS)[number];

const PERIOD_DAYS: Record<TopPeriod, number | undefined> = { day: 1, week: 7, month: 30, all: undefined };

export function isTopPeriod(value: string): value is TopPeriod {
  return (TOP_PERIODS as readonly string[]).includes(value);
}

export interface TopEntry {
  readonly paper: Paper;
  readonly votes: number;
}

export interface TopPapers {
  readonly entries: TopEntry[];
  /** Whose votes, in words: "in this server". */
  readonly where: string;
}

export async function topPapers(deps: { votes: VoteStore; store: PaperStore; clock: Clock }, pool: VotePool, period: TopPeriod, limit: number): Promise<TopPapers> {
  const days = PERIOD_DAYS[period];
  const since = days === undefined ? undefined : new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
  const top = await deps.votes.topVoted({ since, limit, communities: pool.communities });
  const papers = new Map((await deps.store.getPapers(top.map((entry) => entry.paperId))).map((paper) => [paper.id, paper]));
  const entries = top.flatMap(({ paperId, votes }) => {
    const paper = papers.get(paperId);
    return paper ? [{ paper, votes }] : [];
  });
  return { entries, where: pool.where };
}
