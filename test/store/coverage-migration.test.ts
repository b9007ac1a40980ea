/**
 * Migration 7 on a database written before it: keyword lists become search-language filters,
 * one-day runs become one-day spans. (What the stores do since is in the contract suites.)
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../../src/store/sqlite/schema/migrations.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { KEYWORD_ROWS, expectKeywordsMigrated } from '../support/keyword-migration.js';

describe('migration 7', () => {
  it('turns each keyword list into a filter of whole words, and one-day runs into one-day spans', async () => {
    const db = new BetterSqlite3(':memory:');
    runMigrations(db, MIGRATIONS.slice(0, 6));
    const insert = db.prepare(`INSERT INTO subscriptions (platform, workspace_id, channel_id, time, timezone, max_papers, min_upvotes, keywords, thread, created_by, created_at, updated_at)
      VALUES ('discord', 'G1', ?, '09:00', 'UTC', 10, 0, ?, 0, 'U1', 't0', 't0')`);
    for (const [channelId, keywords] of KEYWORD_ROWS) insert.run(channelId, keywords);
    db.prepare(`INSERT INTO digest_runs (platform, workspace_id, channel_id, day, state, scheduled_for, started_at, finished_at, posted)
      VALUES ('discord', 'G1', 'C1', '2026-06-12', 'done', 's', 't0', 't1', 3)`).run();
    runMigrations(db);

    await expectKeywordsMigrated(createSqliteStores(db));
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('subscriptions') WHERE name = 'keywords'").pluck().get()).toBe(0);
    db.close();
  });
});
