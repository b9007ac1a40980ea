/** `paperboy ingest`: fetch papers-days from Hugging Face into the store, resumably. */
import { daysBetween, ingestDays, SETTLE_DAYS, type DayIngestResult } from '../core/ingest/ingest.js';
import { createSourceFromConfig, openStoresFromConfig } from '../main.js';
import { DEFAULT_REQUEST_BUDGET, HF_REQUEST_LIMIT } from '../source/request-budget.js';
import { parseCommandArgs, parseDayFlag, parsePositiveInt } from './args.js';
import { usageError, writeLine, type CliIo } from './io.js';
import { createProgressBar } from './progress.js';
import { loadRuntime } from './runtime.js';

/** Daily Papers starts here; earlier dates have no batches. */
export const ARCHIVE_START = '2023-05-04';
/** A range longer than this is almost certainly a typo in a year. */
const MAX_RANGE_DAYS = 5_000;
/** After this many new papers (a backfill), the search index is merged for fast queries. */
const OPTIMIZE_AFTER_INSERTS = 2_000;
/** Exit status after Ctrl-C, as shells report a process ended by SIGINT. */
const INTERRUPTED_EXIT = 130;

export const INGEST_HELP = `Usage: paperboy ingest --date YYYY-MM-DD
       paperboy ingest --from YYYY-MM-DD [--to YYYY-MM-DD|today] [--refresh] [--rate N]

Fetches Hugging Face Daily Papers into the store (PostgreSQL at DATABASE_URL when set, else the
SQLite file at DATABASE_PATH). Re-ingesting a day refreshes upvotes and summaries and never
duplicates a paper.

The whole archive: paperboy ingest --from ${ARCHIVE_START} --to today
Each day fetched completely is remembered, so an interrupted run (Ctrl-C) resumes where it
stopped and a second run skips the days it has. The last ${SETTLE_DAYS} days are always fetched again.

Options:
  --date DAY    one papers-day
  --from DAY    first day of a range (Daily Papers starts ${ARCHIVE_START})
  --to DAY      last day of a range (default today)
  --refresh     fetch days already complete too (new upvotes, summaries)
  --rate N      at most N requests to Hugging Face per 5 minutes, 1-${HF_REQUEST_LIMIT.requests} (default ${DEFAULT_REQUEST_BUDGET.requests})
  -h, --help    show this help`;

export async function runIngest(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('ingest', argv, {
    date: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    refresh: { type: 'boolean' },
    rate: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, false);
  if (values.help) {
    writeLine(io.stdout, INGEST_HELP);
    return 0;
  }
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  let days: string[];
  if (values.date !== undefined) {
    if (values.from !== undefined || values.to !== undefined) throw usageError('ingest: use either --date or --from/--to, not both');
    days = [parseDayFlag('date', values.date, today)];
  } else if (values.from !== undefined) {
    const from = parseDayFlag('from', values.from, today);
    const to = parseDayFlag('to', values.to ?? 'today', today);
    if (from > to) throw usageError(`ingest: --from ${from} is after --to ${to}`);
    days = daysBetween(from, to);
    if (days.length > MAX_RANGE_DAYS) throw usageError(`ingest: a range may span at most ${MAX_RANGE_DAYS} days`);
  } else {
    throw usageError('ingest: give --date YYYY-MM-DD or --from YYYY-MM-DD [--to YYYY-MM-DD]');
  }
  const rate = values.rate === undefined ? undefined : parsePositiveInt('rate', values.rate, DEFAULT_REQUEST_BUDGET.requests, HF_REQUEST_LIMIT.requests);

  const { config, logger } = loadRuntime(io);
  const source = createSourceFromConfig(config, logger, rate === undefined ? undefined : { ...DEFAULT_REQUEST_BUDGET, requests: rate });
  const stores = await openStoresFromConfig(config, io.cwd, { logger });
  const store = stores.papers;
  const progress = days.length > 1 && io.interactive ? createProgressBar(io.stderr, days.length) : undefined;
  // Ctrl-C stops after the day under way is abandoned; every finished day is already stored.
  const stop = new AbortController();
  const onSigint = (): void => stop.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    const run = await ingestDays(source, store, days, {
      log: stores.ingestLog,
      refresh: values.refresh === true,
      now,
      signal: stop.signal,
      onDay: (result, done) => {
        if (result.status === 'failed') logger.error({ day: result.day, error: result.error }, 'day not ingested');
        progress?.update(done, result);
        if (!progress && result.status !== 'complete') writeLine(io.stdout, describeDay(result));
      },
    });
    progress?.finish();
    const { results } = run;
    const failed = results.filter((result) => result.status === 'failed');
    const complete = results.filter((result) => result.status === 'complete').length;
    const papers = results.reduce((sum, result) => sum + result.fetched, 0);
    const skipped = results.reduce((sum, result) => sum + result.skipped.length, 0);
    const inserted = results.reduce((sum, result) => sum + (result.upsert?.inserted ?? 0), 0);
    if (inserted >= OPTIMIZE_AFTER_INSERTS) {
      writeLine(io.stderr, `Optimizing the search index after ${inserted} new papers...`);
      await stores.optimizeSearch();
    }
    const earlier = complete > 0 ? `, ${complete} already complete (--refresh fetches them again)` : '';
    writeLine(io.stdout, `Ingested ${papers} papers from ${results.length - failed.length - complete} of ${days.length} days` +
      ` (${skipped} invalid items skipped${earlier}; ${await store.countPapers()} papers in the store).`);
    if (failed.length > 0) writeLine(io.stderr, `Failed days: ${failed.map((result) => result.day).join(', ')} (run again to retry them).`);
    if (run.interrupted) {
      writeLine(io.stderr, `Interrupted after ${results.length} of ${days.length} days; run the same command again to resume.`);
      return INTERRUPTED_EXIT;
    }
    return failed.length > 0 ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await stores.close();
  }
}

function describeDay(result: DayIngestResult): string {
  if (result.status === 'failed') return `${result.day}: failed (${result.error ?? 'unknown error'})`;
  const upsert = result.upsert;
  const counts = upsert ? `${upsert.inserted} new, ${upsert.updated} updated, ${upsert.unchanged} unchanged` : '';
  const skipped = result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : '';
  return `${result.day}: ${result.fetched} papers (${counts}${skipped})`;
}
