/** `paperboy search <query>`: ranked results from the local index, as text or JSON. */
import { systemClock } from '../core/ports.js';
import { createLocalSearch } from '../core/search/search-papers.js';
import { openStoresFromConfig } from '../main.js';
import { createConsolePlatform } from '../platforms/console/console.js';
import { parseCommandArgs, parsePositiveInt } from './args.js';
import { usageError, writeLine, type CliIo } from './io.js';
import { loadRuntime } from './runtime.js';

export const SEARCH_HELP = `Usage: paperboy search <query> [--limit N] [--page N] [--json]

Searches the store's index (DATABASE_URL when set, else DATABASE_PATH). The query language:
  free words            memory agents
  "quoted phrase"       "sparse attention"
  author:NAME           author:lecun  or  author:"Yann LeCun"
  org:NAME              org:nvidia
  since:WHEN            since:7d  since:2025-01-01
  min:N                 at least N Hugging Face upvotes

Options:
  --limit N   results per page, 1-100 (default 10)
  --page N    page number, from 1 (default 1)
  --json      print the ranked, normalised papers as JSON
  -h, --help  show this help`;

export async function runSearch(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('search', argv, {
    limit: { type: 'string' },
    page: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, true);
  if (values.help) {
    writeLine(io.stdout, SEARCH_HELP);
    return 0;
  }
  const text = positionals.join(' ').trim();
  if (text === '') throw usageError('search: give a query, e.g. paperboy search memory');
  const limit = parsePositiveInt('limit', values.limit, 10, 100);
  const page = parsePositiveInt('page', values.page, 1, 10_000) - 1;

  const { config } = loadRuntime(io, { quietByDefault: true });
  const stores = await openStoresFromConfig(config, io.cwd);
  try {
    const result = await createLocalSearch(stores.papers, systemClock)({ text, page, pageSize: limit });
    if (values.json) {
      const output = {
        query: result.query,
        page: result.page + 1,
        pageCount: result.pageCount,
        total: result.total,
        results: result.hits.map((hit, index) => ({ rank: result.page * limit + index + 1, score: hit.score, paper: hit.paper })),
      };
      writeLine(io.stdout, JSON.stringify(output, null, 2));
    } else {
      createConsolePlatform({ out: io.stdout }).printSearch(result, limit);
    }
    return 0;
  } finally {
    await stores.close();
  }
}
