/**
 * PostgreSQL search against SQLite's on an archive deeper than the probe window, so every path
 * of search-probe.ts runs: the window alone, bucket spans below it, filters left to the planner.
 * Both stores rank the same candidates with the same score, so for one-unit queries (where no
 * document frequency enters) the pages must be equal, scores included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperLinks, type Paper } from '../../../src/core/paper.js';
import type { PaperStore, RankedPage } from '../../../src/core/ports.js';
import { parseSearchQuery, type SearchQuery } from '../../../src/core/search/query.js';
import { newestMatches, readSearchContext } from '../../../src/store/postgres/search/search-probe.js';
import { queryUnits, textExpression } from '../../../src/store/postgres/search/search-query.js';
import { openPostgresStores, type PostgresStores } from '../../../src/store/postgres/stores.js';
import { openSqliteStores } from '../../../src/store/sqlite/stores.js';
import { createCorpus, rareWord } from '../../../bench/search-corpus.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';

/** A small window, so an archive that builds in seconds has three buckets' worth below it. */
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
 * A word in every paper of the window and in one of 20 below it: the window's rate promises
 * more than the first bucket span holds, so the probe has to go on to the next span.
 */
const DRIFT = 'driftword';
function paperAt(index: number): Paper {
  const paper = corpus.paper(index);
  return index >= PAPERS - WINDOW || index % 20 === 0 ? { ...paper, abstract: `${paper.abstract} ${DRIFT}` } : paper;
}

let database: PostgresTestDatabase;
let postgres: PostgresStores;
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
}, 120_000);

afterAll(async () => {
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

  it('exercises every probe: common words stop in the window, rarer ones reach older buckets, an old word the oldest', async () => {
    const pages = await Promise.all(queries.map((text) => rank(sqlite.papers, text)));
    expect(pages.some((page) => page.capped === true)).toBe(true);
    expect(pages.some((page) => page.total > 0 && page.total < 50)).toBe(true);
    expect((await rank(postgres.papers, 'zyxwvut ')).hits.map((hit) => hit.id).sort()).toEqual(['2201.99991', '2201.99992']);
  });

  it('finds exactly the newest matches, for words of every frequency, as a scan of the whole index does', async () => {
    const context = await readSearchContext(postgres.pool, WINDOW);
    expect(context.windowLow).toBeGreaterThan(0);
    const words = [common[0], common[40], common[300], rareWord(2), rareWord(50), 'zyxwvut', DRIFT];
    for (const word of words) {
      const match = textExpression(parse(`${word} `), 'AND') ?? '';
      for (const limit of [1, 101, 250, 1000]) {
        const found = await newestMatches(postgres.pool, context, { match, filters: { sql: () => '', params: [], any: false, impossible: false }, limit, reads: { text: 'none', votes: false } });
        const all = await postgres.pool.query<{ seq: number }>('SELECT seq FROM paper_search WHERE doc @@ $1::tsquery ORDER BY seq DESC LIMIT $2', [match, limit]);
        expect(found.map((row) => row.seq)).toEqual(all.rows.map((row) => row.seq));
      }
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
