/**
 * Pulls papers-days from the source into the store. One bad day (source down, garbage) is
 * reported and the range goes on; one bad item was already skipped by the source.
 *
 * Resumable: with an IngestLog, every day fetched completely is recorded as it finishes, so an
 * interrupted backfill of the whole archive starts again where it stopped, and a second run
 * skips the days it has (unless `refresh`). Recent days are never recorded as complete:
 * Hugging Face still adds papers to a day after it has started, and upvotes keep moving.
 */
import { describeError } from '../errors.js';
import type { IngestLog, PaperSource, PaperStore, SkippedItem, UpsertSummary } from '../ports.js';

/** A day this many days before today (or later) is fetched again on every run. */
export const SETTLE_DAYS = 2;

export interface DayIngestResult {
  readonly day: string;
  /** `complete`: recorded earlier and not fetched again. */
  readonly status: 'ok' | 'failed' | 'complete';
  readonly fetched: number;
  readonly skipped: readonly SkippedItem[];
  readonly upsert?: UpsertSummary | undefined;
  readonly error?: string | undefined;
}


export interface IngestOptions {
  readonly log?: IngestLog | undefined;
  /** Fetch days recorded as complete too. */
  readonly refresh?: boolean | undefined;
  /** `YYYY-MM-DD` in UTC, for SETTLE_DAYS; default: now. */
  readonly now?: Date | undefined;
  /** Stops between days (and aborts the fetch under way); what was done stays done. */
  readonly signal?: AbortSignal | undefined;
  readonly onDay?: ((result: DayIngestResult, done: number, total: number) => void) | undefined;
}

export interface IngestRun {
  readonly results: DayIngestResult[];
  /** The signal stopped the run before every day was handled. */
  readonly interrupted: boolean;
}

export async function ingestDay(
  source: PaperSource,
  store: PaperStore,
  day: string,
  signal?: AbortSignal,
): Promise<DayIngestResult> {
  try {
    const batch = await source.fetchDay(day, signal ? { signal } : {});
    const upsert = await store.upsertPapers(batch.papers);
    return { day, status: 'ok', fetched: batch.papers.length, skipped: batch.skipped, upsert };
  } catch (error) {
    return { day, status: 'failed', fetched: 0, skipped: [], error: describeError(error) };
  }
}

/** Every calendar day from `from` to `to`, inclusive, as `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** True when `day` is old enough that its batch will not change any more. */
export function isSettled(day: string, now: Date): boolean {
  const settled = new Date(now.getTime() - SETTLE_DAYS * 86_400_000).toISOString().slice(0, 10);
  return day < settled;
}

export async function ingestDays(
  source: PaperSource,
  store: PaperStore,
  days: readonly string[],
  options: IngestOptions = {},
): Promise<IngestRun> {
  const { log, signal } = options;
  const complete = log && options.refresh !== true ? await log.completedDays(days) : new Set<string>();
  const results: DayIngestResult[] = [];
  for (const day of days) {
    if (signal?.aborted) return { results, interrupted: true };
    let result: DayIngestResult;
    if (complete.has(day)) {
      result = { day, status: 'complete', fetched: 0, skipped: [] };
    } else {
      result = await ingestDay(source, store, day, signal);
      // A fetch cut short by the signal is not a failed day: it simply did not happen.
      if (result.status === 'failed' && signal?.aborted) return { results, interrupted: true };
      const now = options.now ?? new Date();
      if (result.status === 'ok' && log && isSettled(day, now)) await log.markComplete(day, result.fetched, now);
    }
    results.push(result);
    options.onDay?.(result, results.length, days.length);
  }
  return { results, interrupted: false };
}
