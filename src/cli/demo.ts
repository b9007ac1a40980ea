/**
 * `paperboy demo`: the whole pipeline offline. Loads the bundled recorded day, validates and
 * normalises it, stores it in SQLite, prints the day's digest as the console platform renders
 * it, then answers a `memory` search from the index. No token, no network.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { selectDigestPapers } from '../core/digest/select.js';
import { systemClock } from '../core/ports.js';
import { createLocalSearch } from '../core/search/search-papers.js';
import { createConsolePlatform } from '../platforms/console/console.js';
import { parseDailyPapersResponse } from '../source/hf-normalise.js';
import { openSqliteStores } from '../store/sqlite/stores.js';
import { parseCommandArgs } from './args.js';
import { writeLine, type CliIo } from './io.js';
import { loadRuntime } from './runtime.js';

/** A real Hugging Face day recorded on 2026-06-12 (30 papers), shipped with the repository. */
export const SAMPLE_DAY_FILE = fileURLToPath(new URL('../../samples/daily-papers-2026-06-12.json', import.meta.url));
export const SAMPLE_DAY = '2026-06-12';
const DEMO_QUERY = 'memory';
/** Enough to show every match of the demo search on the sample day. */
const DEMO_RESULTS = 10;

export const DEMO_HELP = `Usage: paperboy demo [--db PATH] [--query TEXT]

Runs the pipeline offline on the bundled sample day (${SAMPLE_DAY}): validate, store in SQLite,
print the digest, then search the index.

Options:
  --db PATH       SQLite file to use (default ./data/demo.db)
  --query TEXT    search to run after the digest (default "${DEMO_QUERY}")
  -h, --help      show this help`;

export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('demo', argv, {
    db: { type: 'string' },
    query: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, false);
  if (values.help) {
    writeLine(io.stdout, DEMO_HELP);
    return 0;
  }
  const { config, logger } = loadRuntime(io, { quietByDefault: true });
  const batch = parseDailyPapersResponse(JSON.parse(readFileSync(SAMPLE_DAY_FILE, 'utf8')));
  for (const skipped of batch.skipped) logger.warn({ day: SAMPLE_DAY, ...skipped }, 'skipped invalid item');

  const dbPath = resolve(io.cwd, values.db ?? join('data', 'demo.db'));
  const stores = openSqliteStores(dbPath);
  const store = stores.papers;
  try {
    const upsert = await store.upsertPapers(batch.papers);
    const console = createConsolePlatform({ out: io.stdout });
    writeLine(io.stdout, `Loaded ${batch.papers.length} papers of ${SAMPLE_DAY} into ${dbPath} ` +
      `(${upsert.inserted} new, ${upsert.updated} updated, ${upsert.unchanged} unchanged; ${batch.skipped.length} skipped).`);
    writeLine(io.stdout);

    const plan = selectDigestPapers(SAMPLE_DAY, await store.papersForDay(SAMPLE_DAY), {
      maxPapers: config.digest.maxPapers,
      minUpvotes: config.digest.minUpvotes,
      filter: '',
    });
    console.printDigest(plan);
    writeLine(io.stdout);

    const result = await createLocalSearch(store, systemClock)({ text: values.query ?? DEMO_QUERY, page: 0, pageSize: DEMO_RESULTS });
    console.printSearch(result, DEMO_RESULTS);
    return 0;
  } finally {
    await stores.close();
  }
}
