/**
 * PostgreSQL's migration 6 on a database written before it, as SQLite's migration 7: keyword
 * lists become search-language filters, one-day runs become one-day spans.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPool } from '../../../src/store/postgres/database.js';
import { addCoverageColumns } from '../../../src/store/postgres/schema/coverage-schema.js';
import { POSTGRES_MIGRATIONS, runPostgresMigrations } from '../../../src/store/postgres/schema/migrations.js';
import { openPostgresStores, type PostgresStores } from '../../../src/store/postgres/stores.js';
import { KEYWORD_ROWS, expectKeywordsMigrated } from '../../support/keyword-migration.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';

let database: PostgresTestDatabase | undefined;
let stores: PostgresStores | undefined;

afterEach(async () => {
  await stores?.close();
  await database?.drop();
  stores = undefined;
  database = undefined;
});

describe('PostgreSQL migration 6', () => {
  it('turns each keyword list into a filter of whole words, and one-day runs into one-day spans', async () => {
    database = await createPostgresDatabase({ empty: true });
    const pool = createPool(database.url, { poolSize: 1 });
    try {
      await runPostgresMigrations(pool, POSTGRES_MIGRATIONS.slice(0, addCoverageColumns.version - 1));
      for (const [channelId, keywords] of KEYWORD_ROWS) {
        await pool.query(
          `INSERT INTO subscriptions (platform, workspace_id, channel_id, time, timezone, max_papers, min_upvotes, keywords, thread, created_by, created_at, updated_at)
           VALUES ('discord', 'G1', $1, '09:00', 'UTC', 10, 0, $2, false, 'U1', 't0', 't0')`,
          [channelId, keywords],
        );
      }
      await pool.query(`INSERT INTO digest_runs (platform, workspace_id, channel_id, day, state, scheduled_for, started_at, finished_at, posted)
        VALUES ('discord', 'G1', 'C1', '2026-06-12', 'done', 's', 't0', 't1', 3)`);
    } finally {
      await pool.end();
    }
    stores = await openPostgresStores(database.url);

    await expectKeywordsMigrated(stores);
    const keywords = await stores.pool.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'subscriptions' AND column_name = 'keywords'");
    expect(keywords.rowCount).toBe(0);
  });
});
