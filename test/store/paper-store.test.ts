/** SQLite's own side of the paper store: timestamps and the full-text index (the rest is in test/contracts/stores/). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, PaperStore } from '../../src/core/ports.js';
import type { Synchronous } from '../../src/store/promised.js';
import { parseSearchQuery } from '../../src/core/search/query.js';
import { createSqlitePaperStoreSync } from '../../src/store/sqlite/paper-store.js';
import { openDatabase, type Database } from '../../src/store/sqlite/database.js';
import { loadFixturePapers } from '../support/papers.js';

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
  it('indexes each paper once in the full-text index however often it is upserted', () => {
    expect(store.upsertPapers(fixture)).toEqual({ inserted: 30, updated: 0, unchanged: 0 });
    expect(store.upsertPapers(fixture)).toEqual({ inserted: 0, updated: 0, unchanged: 30 });
    expect(db.prepare('SELECT count(*) FROM papers_fts').pluck().get()).toBe(30);
  });

  it('keeps the first-seen time of a paper whose upvotes changed and stamps the update', () => {
    store.upsertPapers(fixture);
    now = new Date('2026-06-13T08:00:00Z');
    const target = fixture.find((paper) => paper.id === '2606.13681')!;
    const changed = fixture.map((paper) => (paper === target ? { ...paper, upvotes: 150, comments: 9 } : paper));

    store.upsertPapers(changed);
    const times = db.prepare('SELECT first_seen_at, updated_at FROM papers WHERE id = ?').get('2606.13681');
    expect(times).toEqual({ first_seen_at: '2026-06-12T21:00:00.000Z', updated_at: '2026-06-13T08:00:00.000Z' });
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
