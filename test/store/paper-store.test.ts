import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, PaperStore } from '../../src/core/ports.js';
import type { Synchronous } from '../../src/store/promised.js';
import { parseSearchQuery } from '../../src/core/search/query.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { createSqlitePaperStoreSync } from '../../src/store/sqlite/paper-store.js';
import { openDatabase, type Database } from '../../src/store/sqlite/database.js';
import { FIXTURE_DAY, loadFixturePapers, makePaper } from '../support/papers.js';

const fixture = loadFixturePapers();
let now = new Date('2026-06-12T21:00:00Z');
const clock: Clock = { now: () => now };
let db: Database;
let store: Synchronous<PaperStore>;

beforeEach(() => {
  now = new Date('2026-06-12T21:00:00Z');
  db = openDatabase(':memory:');
  store = createSqlitePaperStoreSync(db, { clock });
});

afterEach(() => {
  db.close();
});

const ids = (query: string): string[] =>
  store.search(parseSearchQuery(query, now), { limit: 50 }).hits.map((hit) => hit.paper.id);

function ftsIntegrityOk(): boolean {
  db.prepare("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)").run();
  return true;
}

describe('upsertPapers', () => {
  it('inserts a 30-paper day once and finds it unchanged the second time, never duplicating', () => {
    expect(fixture).toHaveLength(30);
    expect(store.upsertPapers(fixture)).toEqual({ inserted: 30, updated: 0, unchanged: 0 });
    expect(store.upsertPapers(fixture)).toEqual({ inserted: 0, updated: 0, unchanged: 30 });
    expect(store.countPapers()).toBe(30);
    expect(db.prepare('SELECT count(*) FROM papers_fts').pluck().get()).toBe(30);
  });

  it('gives back exactly the paper it was given', () => {
    store.upsertPapers(fixture);
    for (const paper of fixture) expect(store.getPaper(paper.id)).toEqual(paper);
  });

  it('reads several papers in the order asked and leaves out ids it does not know', () => {
    store.upsertPapers(fixture);
    const [a, b, c] = [fixture[3], fixture[0], fixture[7]].map((paper) => paper!.id) as [string, string, string];
    expect(store.getPapers([a, '2699.00001', b, c]).map((paper) => paper.id)).toEqual([a, b, c]);
    expect(store.getPapers([b])).toEqual([store.getPaper(b)]);
    expect(store.getPapers([])).toEqual([]);
  });

  it('counts a paper whose upvotes changed as updated and keeps its first-seen time', () => {
    store.upsertPapers(fixture);
    now = new Date('2026-06-13T08:00:00Z');
    const target = fixture.find((paper) => paper.id === '2606.13681')!;
    const changed = fixture.map((paper) => (paper === target ? { ...paper, upvotes: 150, comments: 9 } : paper));

    expect(store.upsertPapers(changed)).toEqual({ inserted: 0, updated: 1, unchanged: 29 });
    expect(store.getPaper('2606.13681')).toMatchObject({ upvotes: 150, comments: 9 });
    const times = db.prepare('SELECT first_seen_at, updated_at FROM papers WHERE id = ?').get('2606.13681');
    expect(times).toEqual({ first_seen_at: '2026-06-12T21:00:00.000Z', updated_at: '2026-06-13T08:00:00.000Z' });
  });

  it('does not let a search-only sighting erase the AI summary, keywords, papers-day or organization', () => {
    store.upsertPapers(fixture);
    const stored = store.getPaper('2606.13681')!;
    const searchHit = {
      ...stored,
      aiSummary: undefined,
      keywords: [],
      papersDay: undefined,
      organization: undefined,
      githubStars: undefined,
      upvotes: 130,
    };

    expect(store.upsertPapers([searchHit])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(store.getPaper('2606.13681')).toEqual({ ...stored, upvotes: 130 });
  });

  it('fills in an AI summary and organization that arrive later', () => {
    const fresh = makePaper('2607.00001', { title: 'Fresh', papersDay: '2026-07-31' });
    store.upsertPapers([fresh]);
    const later = { ...fresh, aiSummary: 'One sentence.', keywords: ['memory'], organization: { name: 'mit', fullname: 'MIT' } };
    expect(store.upsertPapers([later])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(store.getPaper('2607.00001')).toEqual(later);
  });

  it('keeps one row when the same paper appears twice in a batch', () => {
    const paper = makePaper('2606.99999');
    expect(store.upsertPapers([paper, { ...paper, upvotes: 3 }])).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
    expect(store.countPapers()).toBe(1);
    expect(store.getPaper('2606.99999')?.upvotes).toBe(3);
  });

  it('stores fractional or negative counts as whole non-negative numbers', () => {
    store.upsertPapers([makePaper('2606.00002', { upvotes: 4.6, comments: -2, githubStars: Number.NaN })]);
    expect(store.getPaper('2606.00002')).toMatchObject({ upvotes: 5, comments: 0, githubStars: 0 });
  });

  it('does nothing for an empty batch', () => {
    expect(store.upsertPapers([])).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
  });

  it('reindexes a changed title and leaves the index consistent', () => {
    store.upsertPapers(fixture);
    const target = store.getPaper('2606.10896')!;
    store.upsertPapers([{ ...target, title: 'Flash-GMM: A Quick Kernel for Soft Clustering' }]);
    expect(ids('quick kernel')).toEqual(['2606.10896']);
    expect(store.suggestTitles('memory', 10).map((s) => s.id)).not.toContain('2606.10896');
    expect(ftsIntegrityOk()).toBe(true);
  });

  it('drops a deleted paper from the index', () => {
    store.upsertPapers(fixture);
    db.prepare('DELETE FROM papers WHERE id = ?').run('2606.13681');
    expect(ids('evoarena')).toEqual([]);
    expect(ftsIntegrityOk()).toBe(true);
  });
});

describe('reading papers', () => {
  it('lists a day most upvoted first, ties by id', () => {
    store.upsertPapers(fixture);
    const day = store.papersForDay(FIXTURE_DAY);
    expect(day).toHaveLength(30);
    expect(day.slice(0, 3).map((paper) => paper.id)).toEqual(['2606.13681', '2606.13392', '2606.08063']);
    for (let i = 1; i < day.length; i += 1) {
      const [a, b] = [day[i - 1]!, day[i]!];
      expect(a.upvotes > b.upvotes || (a.upvotes === b.upvotes && a.id < b.id)).toBe(true);
    }
    expect(store.papersForDay('2026-06-13')).toEqual([]);
  });

  it('knows the newest papers-day, and has none when empty', () => {
    expect(store.latestDay()).toBeUndefined();
    store.upsertPapers([makePaper('2605.00001', { papersDay: '2026-05-02' }), makePaper('2605.00002')]);
    store.upsertPapers([makePaper('2605.00003', { papersDay: '2026-05-04' })]);
    expect(store.latestDay()).toBe('2026-05-04');
  });

  it('returns undefined for an unknown paper and counts what it holds', () => {
    expect(store.getPaper('2606.00000')).toBeUndefined();
    expect(store.countPapers()).toBe(0);
    store.upsertPapers(fixture.slice(0, 4));
    expect(store.countPapers()).toBe(4);
  });

  it('can be closed twice', async () => {
    const stores = createSqliteStores(db);
    await stores.close();
    await expect(stores.close()).resolves.toBeUndefined();
  });
});
