/**
 * Chooses and orders a channel's papers for one papers-day: most Hugging Face upvotes first,
 * then the subscription's filters, then its size cap.
 */
import { byUpvotesDesc, type Paper } from './paper.js';

export interface DigestSelection {
  /** At most this many papers. */
  readonly maxPapers: number;
  /** Drop papers with fewer Hugging Face upvotes. */
  readonly minUpvotes: number;
  /** When non-empty, keep only papers mentioning at least one keyword (case-insensitive). */
  readonly keywords: readonly string[];
}

export interface DigestPlan {
  readonly day: string;
  readonly papers: Paper[];
  /** Papers the day had before filters and the cap, for "10 of 30 papers". */
  readonly availableCount: number;
}

export function selectDigestPapers(day: string, papers: readonly Paper[], selection: DigestSelection): DigestPlan {
  const keywords = selection.keywords.map((keyword) => keyword.trim().toLowerCase()).filter(Boolean);
  const chosen = [...papers]
    .sort(byUpvotesDesc)
    .filter((paper) => paper.upvotes >= selection.minUpvotes)
    .filter((paper) => keywords.length === 0 || keywords.some((keyword) => mentions(paper, keyword)))
    .slice(0, Math.max(0, selection.maxPapers));
  return { day, papers: chosen, availableCount: papers.length };
}

function mentions(paper: Paper, keyword: string): boolean {
  const haystack = [paper.title, paper.abstract, paper.aiSummary ?? '', ...paper.keywords].join('\n').toLowerCase();
  return haystack.includes(keyword);
}
