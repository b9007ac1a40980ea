/**
 * Migration 8 gives every existing vote a community: the one server or workspace of its
 * platform where the paper was posted, or none (counted only by the whole-install pool) when
 * the paper went to several.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../../src/store/sqlite/schema/migrations.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { POSTS_BEFORE, VOTES_BEFORE, VOTE_ROWS_AFTER, VOTE_ROWS_SQL, expectPoolCounts } from '../support/vote-community-migration.js';

describe('migration 8: votes keep their community', () => {
  it('moves existing votes to the community their paper was posted in, and keeps them all', async () => {
    const db = new BetterSqlite3(':memory:');
    runMigrations(db, MIGRATIONS.slice(0, 7));
    const post = db.prepare("INSERT INTO posts (platform, workspace_id, channel_id, paper_id, state, nonce, created_at) VALUES (?, ?, ?, ?, 'sent', 'n', 't')");
    for (const row of POSTS_BEFORE) post.run(...row);
    const vote = db.prepare("INSERT INTO votes (platform, user_id, paper_id, created_at) VALUES (?, ?, ?, '2026-06-12T00:00:00Z')");
    for (const row of VOTES_BEFORE) vote.run(...row);

    expect(runMigrations(db).applied).toContain('record the community of every vote');
    expect(db.prepare(VOTE_ROWS_SQL).all()).toEqual(VOTE_ROWS_AFTER);
    await expectPoolCounts(createSqliteStores(db).votes);
    db.close();
  });
});
