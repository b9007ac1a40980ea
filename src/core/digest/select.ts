/**
 * Chooses and orders a channel's papers for one papers-day: most Hugging Face upvotes first,
 * then the subscription's filters, then its size cap.
 */
import type { DigestPlan, DigestSelection } from '../digest-plan.js';
import { byUpvotesDesc, type Paper } from '../paper.js';

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
