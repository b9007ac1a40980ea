/**
 * PostgreSQL search against SQLite's on an archive deeper than the frequency window, with words
 * of every frequency, so the planner answers "the newest N matches" both ways it can
 * (search-probe.ts): newest first along the primary key for common words, from the GIN index and
 * sorted for rare ones; filters join the same statement. Both stores rank the same candidates
 * with the same score, so for one-unit queries (where no document frequency enters) the pages
 * must be equal, scores included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperLinks, type Paper } from '../../../src/core/paper.js';
import type { PaperStore, RankedPage } from '../../../src/core/ports.js';
import { parseSearchQuery, type SearchQuery } from '../../../src/core/search/query.js';
import pg from 'pg';
import { newestMatches, readSearchContext } from '../../../src/store/postgres/search/search-probe.js';
import { queryUnits, textExpression } from '../../../src/store/postgres/search/search-query.js';
import { SEARCH_STATISTICS_TARGET } from '../../../src/store/postgres/schema/search-statistics-schema.js';
import { openPostgresStores, type PostgresStores } from '../../../src/store/postgres/stores.js';
import { openSqliteStores } from '../../../src/store/sqlite/stores.js';
import { createCorpus, rareWord } from '../../../bench/search-corpus.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';

/** A small frequency window, so an archive that builds in seconds reaches well below it. */
const WINDOW = 200;
const PAPERS = 2600;
const NOW = new Date('2026-08-01T12:00:00Z');
const clock = { now: () => NOW };
const corpus = createCorpus(PAPERS);
/** Papers only the oldest part of the archive has a word of: found through the last bucket span. */
const ANCIENT: Paper[] = ['2201.99991', '2201.99992'].map((id, index) => ({
  ...corpus.paper(index),
  id,
  title: `Zyxwvut ancient memory study ${index}`,
  links: paperLinks(id),
}));

/**
 * A word in every one of the newest papers and in one of 20 below them: read newest first, the
 * first matches come fast and the rest slowly, whichever way the planner chose.
 */
const DRIFT = 'driftword';
function paperAt(index: number): Paper {
  const paper = corpus.paper(index);
  return index >= PAPERS - WINDOW || index % 20 === 0 ? { ...paper, abstract: `${paper.abstract} ${DRIFT}` } : paper;
}

let database: PostgresTestDatabase;
let postgres: PostgresStores;
/** The same database, searched through an instance's local copy (search-copy/). */
let copied: PostgresStores;
const sqlite = openSqliteStores(':memory:', { clock });

beforeAll(async () => {
  database = await createPostgresDatabase();
  postgres = await openPostgresStores(database.url, { clock, poolSize: 2, search: { window: WINDOW } });
  const papers = [...ANCIENT, ...Array.from({ length: PAPERS }, (_, index) => paperAt(index))];
  for (let start = 0; start < papers.length; start += 2000) {
    const batch = papers.slice(start, start + 2000);
    await postgres.papers.upsertPapers(batch);
    await sqlite.papers.upsertPapers(batch);
  }
  await postgres.optimizeSearch();
  copied = await openPostgresStores(database.url, { clock, poolSize: 2, searchCopy: { path: ':memory:' } });
  expect(await copied.searchCopy?.settled()).toBe('ready');
}, 120_000);

afterAll(async () => {
  await copied.close();
  await postgres.close();
  await sqlite.close();
  await database.drop();
});

const parse = (text: string): SearchQuery => parseSearchQuery(text, NOW);
const rank = (store: PaperStore, text: string): Promise<RankedPage> => store.rankPapers(parse(text), { limit: 50 });

describe('PostgreSQL search on an archive deeper than its window', () => {
  const common = corpus.abstractWords.filter((word) => /^[a-z]{5,}$/u.test(word));
  const queries = [
    `${common[0]} `,
    `${common[20]} `,
    `${common[150]} `,
    `${rareWord(3)} `,
    `${rareWord(400)} `,
    'zyxwvut ',
    `${DRIFT} `,
    'qqqnomatch ',
    `"${corpus.bigrams[0]?.join(' ')}"`,
    `"${corpus.bigrams[60]?.join(' ')}"`,
    common[30]?.slice(0, 3) ?? 'mem',
    common[100]?.slice(0, 5) ?? 'memor',
    `author:${corpus.lastNames[0]?.toLowerCase()}`,
    `author:${corpus.lastNames[40]?.toLowerCase()}`,
    `${common[3]} author:${corpus.lastNames[2]?.toLowerCase()}`,
    `${common[1]} min:250`,
    `${common[10]} since:2026-05-01`,
    `${common[5]} org:nvidia`,
    'min:280',
  ];

  it.each(queries)('ranks %j as SQLite does: the same papers, scores, total and flags', async (text) => {
    const [ours, theirs] = [await rank(postgres.papers, text), await rank(sqlite.papers, text)];
    expect(ours).toEqual(theirs);
  });

  it.each(queries)('ranks %j through the search copy exactly as SQLite does', async (text) => {
    expect(await rank(copied.papers, text)).toEqual(await rank(sqlite.papers, text));
  });

  it('ranks several words through the search copy exactly as SQLite does, document frequencies included', async () => {
    for (const text of [`${common[0]} ${common[1]} `, `${common[3]} ${common[4]} OR ${rareWord(4)} `, `${common[2]} "${corpus.bigrams[3]?.join(' ')}"`, `${common[7]} ${rareWord(3)} `]) {
      expect(await rank(copied.papers, text)).toEqual(await rank(sqlite.papers, text));
    }
    expect(copied.searchCopy?.status()).toMatchObject({ state: 'ready', papers: PAPERS + ANCIENT.length });
  });

  it('reaches every kind of match: capped common words, rare words, an old word only the oldest papers have', async () => {
    const pages = await Promise.all(queries.map((text) => rank(sqlite.papers, text)));
    expect(pages.some((page) => page.capped === true)).toBe(true);
    expect(pages.some((page) => page.total > 0 && page.total < 50)).toBe(true);
    expect((await rank(postgres.papers, 'zyxwvut ')).hits.map((hit) => hit.id).sort()).toEqual(['2201.99991', '2201.99992']);
  });

  it('leaves the plan to PostgreSQL, which reads a common word newest first and a rare word from the GIN index', async () => {
    const plan = async (word: string): Promise<string> => {
      const match = textExpression(parse(`${word} `), 'AND') ?? '';
      const { rows } = await postgres.pool.query<{ 'QUERY PLAN': string }>(
        'EXPLAIN SELECT s.seq FROM paper_search s JOIN papers p ON p.seq = s.seq WHERE s.doc @@ $1::tsquery ORDER BY s.seq DESC LIMIT 101',
        [match],
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    expect(await plan(common[0] ?? '')).toMatch(/Index Scan Backward using paper_search_pkey/u);
    expect(await plan(rareWord(50))).toMatch(/Bitmap Index Scan on paper_search_doc/u);
    const { rows } = await postgres.pool.query<{ target: number }>("SELECT attstattarget AS target FROM pg_attribute WHERE attrelid = 'paper_search'::regclass AND attname = 'doc'");
    expect(rows[0]?.target).toBe(SEARCH_STATISTICS_TARGET);
  });

  it('finds exactly the newest matches, for words of every frequency, whichever plan PostgreSQL takes', async () => {
    const context = await readSearchContext(postgres.pool, WINDOW);
    expect(context.windowLow).toBeGreaterThan(0);
    const words = [common[0], common[40], common[300], rareWord(2), rareWord(50), 'zyxwvut', DRIFT, 'qqqnomatch'];
    // Each plan shape forced on its own session: newest first along the primary key, or GIN and a sort.
    const sessions = await Promise.all(['enable_bitmapscan', 'enable_indexscan'].map(async (setting) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(`SET ${setting} = off`);
      return client;
    }));
    try {
      for (const word of words) {
        const match = textExpression(parse(`${word} `), 'AND') ?? '';
        const every = await postgres.pool.query<{ seq: number }>('SELECT seq FROM paper_search WHERE doc @@ $1::tsquery', [match]);
        const newestFirst = every.rows.map((row) => row.seq).sort((a, b) => b - a);
        for (const session of [postgres.pool, ...sessions]) {
          for (const limit of [1, 101, 250, 1000]) {
            const found = await newestMatches(session, context, { match, filters: { sql: () => '', params: [], any: false, impossible: false }, limit, reads: { text: 'none', votes: false } });
            expect(found.map((row) => row.seq)).toEqual(newestFirst.slice(0, limit));
          }
        }
      }
    } finally {
      await Promise.all(sessions.map((client) => client.end()));
    }
  });

  it('ranks several words with the same papers as SQLite, whatever each engine estimates their frequencies at', async () => {
    for (const text of [`${common[0]} ${common[1]} `, `${common[3]} ${common[4]} OR ${rareWord(4)} `, `${common[2]} "${corpus.bigrams[3]?.join(' ')}"`, `${common[7]} ${rareWord(3)} `]) {
      const [ours, theirs] = [await rank(postgres.papers, text), await rank(sqlite.papers, text)];
      expect({ ...ours, hits: [] }).toEqual({ ...theirs, hits: [] });
      expect(ours.hits.length).toBe(theirs.hits.length);
      expect(queryUnits(parse(text)).length).toBeGreaterThan(1);
    }
  });
});
