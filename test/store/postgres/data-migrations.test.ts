/**
 * PostgreSQL migrations that change rows, not only the schema, on a database written before
 * them, with the same outcome as SQLite's (the expectations are shared with its tests):
 * migration 6 turns keyword lists into search-language filters and one-day runs into one-day
 * spans (SQLite's 7); migration 7 gives every vote a community (SQLite's 8); migration 9 names the
 * paper each post shows (SQLite's 9); migration 11 turns the install flow's used states into
 * delivery marks (SQLite's 10).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPool } from '../../../src/store/postgres/database.js';
import { addCoverageColumns } from '../../../src/store/postgres/schema/coverage-schema.js';
import { createDeliveryMarks } from '../../../src/store/postgres/schema/delivery-marks-schema.js';
import { POSTGRES_MIGRATIONS, runPostgresMigrations, type PostgresMigration } from '../../../src/store/postgres/schema/migrations.js';
import { createFollowTables } from '../../../src/store/postgres/schema/follows-schema.js';
import { addVoteCommunity } from '../../../src/store/postgres/schema/vote-community-schema.js';
import { openPostgresStores, type PostgresStores } from '../../../src/store/postgres/stores.js';
import { POSTS_BEFORE_SHOWN, SHOWN_POSTS_AFTER, SHOWN_POSTS_SQL } from '../../support/follows-migration.js';
import { KEYWORD_ROWS, expectKeywordsMigrated } from '../../support/keyword-migration.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';
import { POSTS_BEFORE, VOTES_BEFORE, VOTE_ROWS_AFTER, VOTE_ROWS_SQL, expectPoolCounts } from '../../support/vote-community-migration.js';

let database: PostgresTestDatabase | undefined;
let stores: PostgresStores | undefined;

afterEach(async () => {
  await stores?.close();
  await database?.drop();
  stores = undefined;
  database = undefined;
});

/** The stores on a database migrated up to just before `migration`, filled by `fill`, then opened (which runs the rest). */
async function openAfterFilling(migration: PostgresMigration, fill: (pool: pg.Pool) => Promise<void>): Promise<PostgresStores> {
  database = await createPostgresDatabase({ empty: true });
  const pool = createPool(database.url, { poolSize: 1 });
  try {
    await runPostgresMigrations(pool, POSTGRES_MIGRATIONS.slice(0, migration.version - 1));
    await fill(pool);
  } finally {
    await pool.end();
  }
  stores = await openPostgresStores(database.url);
  return stores;
}

describe('PostgreSQL migration 6', () => {
  it('turns each keyword list into a filter of whole words, and one-day runs into one-day spans', async () => {
    const opened = await openAfterFilling(addCoverageColumns, async (pool) => {
      for (const [channelId, keywords] of KEYWORD_ROWS) {
        await pool.query(
          `INSERT INTO subscriptions (platform, workspace_id, channel_id, time, timezone, max_papers, min_upvotes, keywords, thread, created_by, created_at, updated_at)
           VALUES ('discord', 'G1', $1, '09:00', 'UTC', 10, 0, $2, false, 'U1', 't0', 't0')`,
          [channelId, keywords],
        );
      }
      await pool.query(`INSERT INTO digest_runs (platform, workspace_id, channel_id, day, state, scheduled_for, started_at, finished_at, posted)
        VALUES ('discord', 'G1', 'C1', '2026-06-12', 'done', 's', 't0', 't1', 3)`);
    });

    await expectKeywordsMigrated(opened);
    const keywords = await opened.pool.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'subscriptions' AND column_name = 'keywords'");
    expect(keywords.rowCount).toBe(0);
  });
});

describe('PostgreSQL migration 7: votes keep their community', () => {
  it('moves existing votes to the community their paper was posted in, keeps them all, and lets a person vote once per community', async () => {
    const opened = await openAfterFilling(addVoteCommunity, async (pool) => {
      for (const row of POSTS_BEFORE) {
        await pool.query("INSERT INTO posts (platform, workspace_id, channel_id, paper_id, state, nonce, created_at) VALUES ($1, $2, $3, $4, 'sent', 'n', 't')", [...row]);
      }
      for (const row of VOTES_BEFORE) await pool.query("INSERT INTO votes (platform, user_id, paper_id, created_at) VALUES ($1, $2, $3, '2026-06-12T00:00:00Z')", [...row]);
    });

    expect((await opened.pool.query(VOTE_ROWS_SQL)).rows).toEqual(VOTE_ROWS_AFTER);
    await expectPoolCounts(opened.votes);
    // The key now holds the community: the same person votes again in another server, once.
    expect(await opened.votes.addVote({ platform: 'discord', workspaceId: 'G2', userId: 'U1', paperId: 'p-one-server', at: 't' })).toBe(true);
    expect(await opened.votes.addVote({ platform: 'discord', workspaceId: 'G2', userId: 'U1', paperId: 'p-one-server', at: 't' })).toBe(false);
  });
});

describe('PostgreSQL migration 9: posts name the paper they show', () => {
  it('marks every existing paper post as showing its paper, and headers as showing none, so vote edits still find them', async () => {
    const opened = await openAfterFilling(createFollowTables, async (pool) => {
      for (const [paperId, ts] of POSTS_BEFORE_SHOWN) {
        await pool.query("INSERT INTO posts (platform, workspace_id, channel_id, paper_id, state, nonce, message_id, message_channel_id, created_at) VALUES ('slack', 'T1', 'C1', $1, 'sent', 'n', $2, 'C1', 't')", [paperId, ts]);
      }
    });

    expect((await opened.pool.query(SHOWN_POSTS_SQL)).rows).toEqual(SHOWN_POSTS_AFTER);
    expect((await opened.ledger.sentPostsOfPaper('2606.13681')).map((post) => post.messageId)).toEqual(['1.1']);
  });
});

describe('PostgreSQL migration 11', () => {
  it('keeps an install state used before the upgrade used, as a delivery mark, and drops the old table', async () => {
    const opened = await openAfterFilling(createDeliveryMarks, async (pool) => {
      await pool.query("INSERT INTO one_time_values (value, expires_at) VALUES ('slack-install-state:s1', '2026-06-13T00:10:00.000Z')");
    });
    expect(await opened.deliveryMarks.markFirst('slack-install-state:s1', { at: '2026-06-13T00:05:00.000Z', until: '2026-06-13T00:15:00.000Z' })).toBe(false);
    expect(await opened.deliveryMarks.markFirst('slack-install-state:s1', { at: '2026-06-13T00:10:00.000Z', until: '2026-06-13T00:20:00.000Z' })).toBe(true);
    expect((await opened.pool.query("SELECT to_regclass('one_time_values') AS old")).rows[0]).toEqual({ old: null });
  });
});
