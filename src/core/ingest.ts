/**
 * Pulls papers-days from the source into the store. One bad day (source down, garbage) is
 * reported and the range goes on; one bad item was already skipped by the source.
 */
import { describeError } from './errors.js';
import type { PaperSource, PaperStore, SkippedItem, UpsertSummary } from './ports.js';

export interface DayIngestResult {
  readonly day: string;
  readonly status: 'ok' | 'failed';
  readonly fetched: number;
  readonly skipped: readonly SkippedItem[];
  readonly upsert?: UpsertSummary | undefined;
  readonly error?: string | undefined;
}

export async function ingestDay(source: PaperSource, store: PaperStore, day: string): Promise<DayIngestResult> {
  try {
    const batch = await source.fetchDay(day);
    const upsert = store.upsertPapers(batch.papers);
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

export async function ingestDays(
  source: PaperSource,
  store: PaperStore,
  days: readonly string[],
  onDay: (result: DayIngestResult, done: number, total: number) => void = () => undefined,
): Promise<DayIngestResult[]> {
  const results: DayIngestResult[] = [];
  for (const day of days) {
    const result = await ingestDay(source, store, day);
    results.push(result);
    onDay(result, results.length, days.length);
  }
  return results;
}
