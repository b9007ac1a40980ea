/**
 * Several instances on one PostgreSQL database, each searching its own local copy
 * (src/store/postgres/search-copy/): what one instance writes, the next search on another finds;
 * commits that finish in another order than they started are not lost; a file copy survives a
 * restart and pulls only what changed; a copy of another database, or a broken file, is rebuilt;
 * and until a copy is built, searches answer from PostgreSQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaperStore } from '../../../src/core/ports.js';
import { parseSearchQuery } from '../../../src/core/search/query.js';
import { openPostgresStores, type PostgresStores } from '../../../src/store/postgres/stores.js';
import { fixtureClock, makePaper } from '../../support/papers.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';

const NOW = fixtureClock.now();
const ids = async (store: PaperStore, text: string): Promise<string[]> => (await store.rankPapers(parseSearchQuery(text, NOW), { limit: 10 })).hits.map((hit) => hit.id);
const vote = (paperId: string, userId: string) => ({ platform: 'discord' as const, workspaceId: 'g1', userId, paperId, at: NOW.toISOString() });
/** Two papers alike for `zephyr` but for their upvotes: the first ranks second until votes lift it. */
const PAIR = [makePaper('2601.00001', { title: 'Zephyr routing', papersDay: '2026-06-10' }), makePaper('2601.00002', { title: 'Zephyr routing', papersDay: '2026-06-10', upvotes: 5 })];

let dir: string;
let database: PostgresTestDatabase;
const opened: PostgresStores[] = [];
const messages: string[] = [];
const log = { info: (_fields: object, message: string) => messages.push(message), error: (_fields: object, message: string) => messages.push(message) };

async function instance(path = ':memory:', url = database.url): Promise<PostgresStores> {
  const stores = await openPostgresStores(url, { clock: fixtureClock, poolSize: 3, searchCopy: { path, log } });
  opened.push(stores);
  return stores;
}

async function ready(path?: string, url?: string): Promise<PostgresStores> {
  const stores = await instance(path, url);
  expect(await stores.searchCopy?.settled()).toBe('ready');
  return stores;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-search-copy-'));
});

afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  await database.drop();
  messages.length = 0;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('search copies on two instances of one PostgreSQL database', () => {
  it('finds on B a paper upserted through A, a title changed on A under its new words only, and a vote on A (and its removal) reorders B', async () => {
    database = await createPostgresDatabase();
    const a = await ready();
    const b = await ready();
    await a.papers.upsertPapers(PAIR);
    expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00002', '2601.00001']);

    await a.papers.upsertPapers([{ ...PAIR[1]!, title: 'Quokka routing' }]);
    expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00001']);
    expect(await ids(b.papers, 'quokka ')).toEqual(['2601.00002']);
    expect((await b.papers.search(parseSearchQuery('quokka ', NOW), { limit: 1 })).hits[0]?.paper.title).toBe('Quokka routing');

    await a.papers.upsertPapers([{ ...PAIR[1]!, title: 'Zephyr routing' }]);
    for (const user of ['u1', 'u2', 'u3']) await a.votes.addVote(vote('2601.00001', user));
    expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00001', '2601.00002']);
    expect((await b.papers.rankPapers(parseSearchQuery('zephyr ', NOW), { limit: 1 })).hits[0]?.votes).toBe(3);
    for (const user of ['u1', 'u2', 'u3']) await a.votes.removeVote(vote('2601.00001', user));
    expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00002', '2601.00001']);
    expect(b.searchCopy?.status()).toMatchObject({ state: 'ready', lag: 0 });
  });

  it('loses no change when two transactions commit in the opposite order of their start', async () => {
    database = await createPostgresDatabase();
    const a = await ready();
    const b = await ready();
    await a.papers.upsertPapers([...PAIR, makePaper('2601.00003', { title: 'Zephyr routing', papersDay: '2026-06-10', upvotes: 20 })]);
    expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00003', '2601.00002', '2601.00001']);
    const first = new pg.Client({ connectionString: database.url });
    const second = new pg.Client({ connectionString: database.url });
    await Promise.all([first.connect(), second.connect()]);
    try {
      const add = (client: pg.Client, paperId: string, user: string) =>
        client.query("INSERT INTO votes (platform, workspace_id, user_id, paper_id, created_at) VALUES ('discord', 'g1', $1, $2, $3)", [user, paperId, NOW.toISOString()]);
      await first.query('BEGIN');
      await add(first, '2601.00001', 'u1');
      await add(first, '2601.00001', 'u2');
      // The second starts later and would commit first (it waits for the first's turn instead);
      // B searches in between, so a watermark taken then must not skip the first's votes.
      const later = add(second, '2601.00002', 'u9');
      await Promise.race([later, new Promise((resolve) => setTimeout(resolve, 300))]);
      expect(await ids(b.papers, 'zephyr ')).toHaveLength(3);
      await first.query('COMMIT');
      await later;
      const hits = (await b.papers.rankPapers(parseSearchQuery('zephyr ', NOW), { limit: 10 })).hits;
      expect(Object.fromEntries(hits.map((hit) => [hit.id, hit.votes]))).toEqual({ '2601.00001': 2, '2601.00002': 1, '2601.00003': 0 });
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
  });

  it('shares one pull among searches that arrive together', async () => {
    database = await createPostgresDatabase();
    const a = await ready();
    const b = await ready();
    await a.papers.upsertPapers(PAIR);
    const pages = await Promise.all(Array.from({ length: 8 }, () => ids(b.papers, 'zephyr ')));
    expect(new Set(pages.map((page) => page.join()))).toEqual(new Set(['2601.00002,2601.00001']));
    expect(b.searchCopy?.status().pulledPapers).toBe(2);
  });

  it('answers from PostgreSQL while its copy is still building, and says so once', async () => {
    database = await createPostgresDatabase();
    const a = await ready();
    await a.papers.upsertPapers(PAIR);
    const b = await instance();
    expect(b.searchCopy?.status().state).toBe('building');
    expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00002', '2601.00001']);
    expect(await ids(b.papers, 'routing ')).toEqual(['2601.00002', '2601.00001']);
    expect(messages.filter((message) => message.includes('not ready yet'))).toHaveLength(1);
    expect(await b.searchCopy?.settled()).toBe('ready');
    expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00002', '2601.00001']);
  });
});

describe('a search copy in a file', () => {
  it('pulls only what changed while the instance was stopped', async () => {
    database = await createPostgresDatabase();
    const path = join(dir, 'restart.db');
    const a = await ready();
    await a.papers.upsertPapers(Array.from({ length: 30 }, (_, index) => makePaper(`2601.${String(index + 100).padStart(5, '0')}`, { title: `Zephyr study ${index}` })));
    const b = await ready(path);
    expect(await b.papers.countPapers()).toBe(30);
    expect(await ids(b.papers, 'zephyr ')).toHaveLength(10);
    await b.close();

    await a.papers.upsertPapers([makePaper('2601.00900', { title: 'Wombat zephyr' }), makePaper('2601.00901', { title: 'Wombat study' })]);
    await a.votes.addVote(vote('2601.00100', 'u1'));
    const restarted = await ready(path);
    expect(restarted.searchCopy?.status().buildMs).toBeUndefined();
    expect((await ids(restarted.papers, 'wombat ')).sort()).toEqual(['2601.00900', '2601.00901']);
    expect(restarted.searchCopy?.status().pulledPapers).toBe(3);
  });

  it('gives instances started from one folder a file each, and the first free one to a restarted instance', async () => {
    database = await createPostgresDatabase();
    const path = join(dir, 'shared.db');
    const [first, second] = [await ready(path), await ready(path)];
    expect([first.searchCopy?.status().path, second.searchCopy?.status().path]).toEqual([path, join(dir, 'shared-2.db')]);
    await first.close();
    expect((await ready(path)).searchCopy?.status()).toMatchObject({ path, state: 'ready' });
  });

  it('logs why it cannot keep a copy where it is told to, and answers from PostgreSQL', async () => {
    database = await createPostgresDatabase();
    writeFileSync(join(dir, 'a-file'), '');
    const b = await instance(join(dir, 'a-file', 'copy.db'));
    await b.papers.upsertPapers(PAIR);
    expect(await b.searchCopy?.settled()).toBe('failed');
    expect(messages).toContain('search copy: cannot open its file; searches use PostgreSQL');
    expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00002', '2601.00001']);
  });

  it('rebuilds a copy made from another database, and a file that is not a database', async () => {
    database = await createPostgresDatabase();
    const other = await createPostgresDatabase();
    const path = join(dir, 'other.db');
    try {
      const elsewhere = await ready(':memory:', other.url);
      await elsewhere.papers.upsertPapers([makePaper('2601.00777', { title: 'Elsewhere zephyr' })]);
      await (await ready(path, other.url)).close();

      const here = await ready();
      await here.papers.upsertPapers(PAIR);
      const b = await ready(path);
      // The file was complete, but of the other database: the first search finds that and rebuilds.
      expect(await ids(b.papers, 'zephyr ')).toEqual(['2601.00002', '2601.00001']);
      expect(await b.searchCopy?.settled()).toBe('ready');
      expect(await ids(b.papers, 'elsewhere ')).toEqual([]);
      expect(b.searchCopy?.status().buildMs).toBeGreaterThan(0);
      await b.close();

      writeFileSync(path, 'not a database at all, '.repeat(100));
      rmSync(`${path}-wal`, { force: true });
      const c = await ready(path);
      expect(messages.some((message) => message.includes('discarded'))).toBe(true);
      expect(await ids(c.papers, 'zephyr ')).toEqual(['2601.00002', '2601.00001']);
    } finally {
      for (const stores of opened.splice(0)) await stores.close();
      await other.drop();
    }
  });
});
