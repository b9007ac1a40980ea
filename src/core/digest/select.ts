/**
 * Chooses and orders a channel's papers. One papers-day (`/paperboy today`, `render`): most
 * Hugging Face upvotes first, then the subscription's filters, then its size cap. A span of
 * papers-days (scheduled digests):
 *
 * - daily: each papers-day gives its own top `maxPapers` (by upvotes, after the filters), in
 *   day order; papers of a day already posted here count against that day's cap, so a day never
 *   brings more than `maxPapers` papers to a channel, however often it is looked at (a late-filled
 *   day, or `/paperboy today` before the digest);
 * - weekly: the top `maxPapers` of the whole span by Hugging Face upvotes plus the channel's pool's votes; those
 *   already posted here are left out.
 */
import type { DigestPlan, DigestSelection } from '../digest-plan.js';
import { byUpvotesDesc, type Paper, type PaperId } from '../paper.js';
import type { Cadence } from '../subscription.js';
import { filterMatcher } from '../subscriptions/filter.js';

export function selectDigestPapers(day: string, papers: readonly Paper[], selection: DigestSelection, now: Date = new Date()): DigestPlan {
  const chosen = candidates(papers, selection, now).slice(0, Math.max(0, selection.maxPapers));
  return { day, papers: chosen, availableCount: papers.length };
}

export interface SpanSelection {
  readonly from: string;
  readonly to: string;
  readonly cadence: Cadence;
  /** Every papers-day looked at (earlier late days included) and its papers. */
  readonly papersByDay: ReadonlyMap<string, readonly Paper[]>;
  /** Papers already posted to this channel. */
  readonly sent: ReadonlySet<PaperId>;
  /** Community votes, for the weekly ranking. */
  readonly votes: ReadonlyMap<PaperId, number>;
  readonly selection: DigestSelection;
  readonly now: Date;
}

export function selectSpanPapers(input: SpanSelection): DigestPlan {
  const { selection, sent } = input;
  const max = Math.max(0, selection.maxPapers);
  const days = [...input.papersByDay.keys()].sort();
  const seen = new Set<PaperId>();
  const byDay = days.map((day) => {
    const fresh = (input.papersByDay.get(day) ?? []).filter((paper) => !seen.has(paper.id));
    for (const paper of fresh) seen.add(paper.id);
    return { day, papers: fresh };
  });
  const matches = filterMatcher(selection.filter, input.now);
  const passes = (paper: Paper) => paper.upvotes >= selection.minUpvotes && matches(paper);

  let papers: Paper[];
  if (input.cadence === 'weekly') {
    const score = (paper: Paper) => paper.upvotes + (input.votes.get(paper.id) ?? 0);
    papers = byDay
      .flatMap((entry) => entry.papers.filter(passes))
      .sort((a, b) => score(b) - score(a) || a.id.localeCompare(b.id))
      .slice(0, max)
      .filter((paper) => !sent.has(paper.id));
  } else {
    papers = byDay.flatMap((entry) => {
      const ranked = [...entry.papers].sort(byUpvotesDesc).filter(passes);
      const budget = max - ranked.filter((paper) => sent.has(paper.id)).length;
      return ranked.filter((paper) => !sent.has(paper.id)).slice(0, Math.max(0, budget));
    });
  }
  const lateDays = byDay.filter((entry) => entry.day < input.from && papers.some((paper) => entry.papers.includes(paper))).map((entry) => entry.day);
  return {
    day: input.to,
    from: input.from,
    cadence: input.cadence,
    papers,
    availableCount: seen.size,
    maxPapers: max,
    ...(lateDays.length > 0 ? { lateDays } : {}),
  };
}

function candidates(papers: readonly Paper[], selection: DigestSelection, now: Date): Paper[] {
  const matches = filterMatcher(selection.filter, now);
  return [...papers].sort(byUpvotesDesc).filter((paper) => paper.upvotes >= selection.minUpvotes && matches(paper));
}
