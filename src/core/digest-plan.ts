/** What a digest is made of: the selection a subscription asks for, and the plan it yields. */
import type { Paper } from './paper.js';
import type { Cadence } from './subscription.js';

export interface DigestSelection {
  /** At most this many papers of each papers-day (daily), or in all (weekly). */
  readonly maxPapers: number;
  /** Drop papers with fewer Hugging Face upvotes. */
  readonly minUpvotes: number;
  /** Topic filter in the search language ('' for none): only papers that match it. */
  readonly filter: string;
}

export interface DigestPlan {
  /** The last papers-day the digest covers: a one-day digest's day. */
  readonly day: string;
  /** The first papers-day it covers; absent (or `day`) for a one-day digest. */
  readonly from?: string | undefined;
  /** Weekly digests rank their span's papers together; absent means daily. */
  readonly cadence?: Cadence | undefined;
  readonly papers: Paper[];
  /** Papers the span had before filters and the cap, for "10 of 30 papers". */
  readonly availableCount: number;
  /** max_papers as applied: per papers-day (daily) or per digest (weekly); for the header. */
  readonly maxPapers?: number | undefined;
  /** Earlier papers-days, empty or thin when last covered, whose late papers are included. */
  readonly lateDays?: readonly string[] | undefined;
  /** Whose votes a weekly ranking counted, in the vote pool's words ("in this server"). */
  readonly votesWhere?: string | undefined;
}

/** The first papers-day a plan covers. */
export function planFrom(plan: Pick<DigestPlan, 'day' | 'from'>): string {
  return plan.from ?? plan.day;
}
