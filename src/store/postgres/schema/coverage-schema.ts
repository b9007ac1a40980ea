/**
 * Migration 6: digests that cover every papers-day a channel has not had, weekly digests and
 * topic filters in the search language; the same change as SQLite's migration 7.
 *
 * - `digest_runs.day` is now a run's first papers-day and `to_day` its last (NULL for the one-day
 *   runs before this migration). `empty_days` and `open_days` list the days found empty, and the
 *   weekdays the next run must look at again (comma-separated, as in SQLite: rows/ maps both).
 * - `subscriptions.filter` replaces `keywords`: each keyword list becomes `a OR b OR "c d"` through
 *   the same conversion SQLite's migration uses, so both stores migrate a subscription alike.
 * - `subscriptions.cadence` is `daily` or `weekly`.
 */
import { keywordsToFilter } from '../../../core/subscriptions/filter.js';
import { parseStringArray } from '../../rows/paper-row.js';
import type { PostgresMigration } from './migrations.js';

export const addCoverageColumns: PostgresMigration = {
  version: 6,
  name: 'add digest spans, cadence and search-language filters',
  sql: `
    ALTER TABLE digest_runs ADD COLUMN to_day text;
    ALTER TABLE digest_runs ADD COLUMN empty_days text NOT NULL DEFAULT '';
    ALTER TABLE digest_runs ADD COLUMN open_days text NOT NULL DEFAULT '';
    ALTER TABLE subscriptions ADD COLUMN filter text NOT NULL DEFAULT '';
    ALTER TABLE subscriptions ADD COLUMN cadence text NOT NULL DEFAULT 'daily' CHECK (cadence IN ('daily', 'weekly'));
  `,
  async migrateRows(client) {
    const { rows } = await client.query<{ platform: string; workspace_id: string; channel_id: string; keywords: string }>(
      "SELECT platform, workspace_id, channel_id, keywords FROM subscriptions WHERE keywords <> '[]'",
    );
    for (const row of rows) {
      await client.query('UPDATE subscriptions SET filter = $1 WHERE platform = $2 AND workspace_id = $3 AND channel_id = $4', [
        keywordsToFilter(parseStringArray(row.keywords)),
        row.platform,
        row.workspace_id,
        row.channel_id,
      ]);
    }
    await client.query('ALTER TABLE subscriptions DROP COLUMN keywords');
  },
};
