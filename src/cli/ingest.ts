/** `paperboy ingest`: fetch papers-days from Hugging Face into the store. */
import { resolve } from 'node:path';
import { daysBetween, ingestDays, type DayIngestResult } from '../core/ingest.js';
import { createSourceFromConfig } from '../main.js';
import { createSqlitePaperStore } from '../store/paper-store.js';
import { openDatabase } from '../store/sqlite.js';
import { parseCommandArgs, parseDayFlag } from './args.js';
import { usageError, writeLine, type CliIo } from './io.js';
import { createProgressBar } from './progress.js';
import { loadRuntime } from './runtime.js';

/** Daily Papers starts here; earlier dates have no batches. */
export const ARCHIVE_START = '2023-05-04';
/** A range longer than this is almost certainly a typo in a year. */
const MAX_RANGE_DAYS = 5_000;

export const INGEST_HELP = `Usage: paperboy ingest --date YYYY-MM-DD
       paperboy ingest --from YYYY-MM-DD [--to YYYY-MM-DD|today]

Fetches Hugging Face Daily Papers into the local store (DATABASE_PATH). Re-ingesting a day
refreshes upvotes and summaries and never duplicates a paper.

Options:
  --date DAY   one papers-day
  --from DAY   first day of a range (Daily Papers starts ${ARCHIVE_START})
  --to DAY     last day of a range (default today)
  -h, --help   show this help`;

export async function runIngest(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('ingest', argv, {
    date: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, false);
  if (values.help) {
    writeLine(io.stdout, INGEST_HELP);
    return 0;
  }
  const today = new Date().toISOString().slice(0, 10);
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

  const { config, logger } = loadRuntime(io);
  const source = createSourceFromConfig(config, logger);
  const store = createSqlitePaperStore(openDatabase(resolve(io.cwd, config.database.path)));
  const progress = days.length > 1 && io.interactive ? createProgressBar(io.stderr, days.length) : undefined;
  try {
    const results = await ingestDays(source, store, days, (result, done) => {
      if (result.status === 'failed') logger.error({ day: result.day, error: result.error }, 'day not ingested');
      progress?.update(done, result.day);
      if (!progress) writeLine(io.stdout, describeDay(result));
    });
    progress?.finish();
    const failed = results.filter((result) => result.status === 'failed');
    const papers = results.reduce((sum, result) => sum + result.fetched, 0);
    const skipped = results.reduce((sum, result) => sum + result.skipped.length, 0);
    writeLine(io.stdout, `Ingested ${papers} papers from ${results.length - failed.length} of ${results.length} days` +
      ` (${skipped} invalid items skipped; ${store.countPapers()} papers in the store).`);
    if (failed.length > 0) writeLine(io.stderr, `Failed days: ${failed.map((result) => result.day).join(', ')} (run again to retry them).`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}

function describeDay(result: DayIngestResult): string {
  if (result.status === 'failed') return `${result.day}: failed (${result.error ?? 'unknown error'})`;
  const upsert = result.upsert;
  const counts = upsert ? `${upsert.inserted} new, ${upsert.updated} updated, ${upsert.unchanged} unchanged` : '';
  const skipped = result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : '';
  return `${result.day}: ${result.fetched} papers (${counts}${skipped})`;
}
