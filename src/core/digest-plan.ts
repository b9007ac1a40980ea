/** What a digest is made of: the selection a subscription asks for, and the plan it yields. */
import type { Paper } from './paper.js';

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
