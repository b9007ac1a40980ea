/**
 * Migration 7: digests that cover every papers-day a channel has not had, weekly digests and
 * topic filters in the search language.
 *
 * - `digest_runs.day` is now a run's first papers-day and `to_day` its last (NULL for the one-day
 *   runs before this migration: they covered `day` alone). `empty_days` and `open_days` list the
 *   days found empty, and the weekdays the next run must look at again (comma-separated).
 * - `subscriptions.filter` replaces `keywords`: each keyword list becomes `a OR b OR "c d"`, which
 *   matches whole words where keywords matched any part of a word.
 * - `subscriptions.cadence` is `daily` or `weekly`.
 */
import { keywordsToFilter } from '../../../core/subscriptions/filter.js';
import { parseStringArray } from '../../rows/paper-row.js';
import type { Migration } from './migrations.js';

export const addCoverageColumns: Migration = {
  version: 7,
  name: 'add digest spans, cadence and search-language filters',
  up(db) {
    db.exec(`
      ALTER TABLE digest_runs ADD COLUMN to_day TEXT;
      ALTER TABLE digest_runs ADD COLUMN empty_days TEXT NOT NULL DEFAULT '';
      ALTER TABLE digest_runs ADD COLUMN open_days TEXT NOT NULL DEFAULT '';
      ALTER TABLE subscriptions ADD COLUMN filter TEXT NOT NULL DEFAULT '';
      ALTER TABLE subscriptions ADD COLUMN cadence TEXT NOT NULL DEFAULT 'daily' CHECK (cadence IN ('daily', 'weekly'));
    `);
    const rows = db.prepare<[], { platform: string; workspace_id: string; channel_id: string; keywords: string }>(
      "SELECT platform, workspace_id, channel_id, keywords FROM subscriptions WHERE keywords <> '[]'",
    ).all();
    const update = db.prepare('UPDATE subscriptions SET filter = ? WHERE platform = ? AND workspace_id = ? AND channel_id = ?');
    for (const row of rows) update.run(keywordsToFilter(parseStringArray(row.keywords)), row.platform, row.workspace_id, row.channel_id);
    db.exec('ALTER TABLE subscriptions DROP COLUMN keywords');
  },
};

