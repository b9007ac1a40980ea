/**
 * `/paperboy today`: finds the latest complete papers-day with papers (weekends and holidays may
 * have none), fetching it from Hugging Face when the store lacks it, and falling back to the
 * store when HF is down. "Latest" is the scheduled digest's: the same function, the same offset.
 */
import type { DigestPlan, DigestSelection } from '../digest-plan.js';
import { selectDigestPapers } from './select.js';
import { describeError } from '../errors.js';
import { addDays, latestCompletePapersDay } from '../papers-day.js';
import type { Clock, PaperSource, PaperStore } from '../ports.js';

/** How far back to look for a day with papers (a long holiday weekend is four days). */
export const LATEST_DAY_LOOKBACK = 7;

export type LatestDigest =
  | { readonly status: 'found'; readonly plan: DigestPlan; readonly sourceError?: string | undefined }
  | { readonly status: 'no_papers'; readonly sourceError?: string | undefined };

export async function findLatestDigest(
  deps: { source?: PaperSource | undefined; store: PaperStore; clock: Clock },
  selection: DigestSelection,
  dayOffset = 0,
): Promise<LatestDigest> {
  const newest = latestCompletePapersDay(deps.clock.now(), dayOffset);
  let sourceError: string | undefined;
  for (let back = 0; back < LATEST_DAY_LOOKBACK; back += 1) {
    const day = addDays(newest, -back);
    if (deps.source && sourceError === undefined) {
      try {
        const batch = await deps.source.fetchDay(day);
        await deps.store.upsertPapers(batch.papers);
      } catch (error) {
        // Hugging Face is unreachable: what the store already has is the best answer now.
        sourceError = describeError(error);
      }
    }
    const papers = await deps.store.papersForDay(day);
    if (papers.length > 0) return { status: 'found', plan: selectDigestPapers(day, papers, selection, deps.clock.now()), sourceError };
  }
  return { status: 'no_papers', sourceError };
}
