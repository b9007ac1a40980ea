/**
 * Migration 3: what the scheduler needs to deliver every digest exactly once. Subscriptions get
 * their weekdays, the "no papers today" choice and a pause state; `digest_runs` has one row per
 * (channel, papers-day), so a restart finds unfinished runs and a day is never run twice. A
 * digest's header is a ledger post too (paper id `header:<day>`); `thread_id` keeps the thread
 * it opened, so a resumed digest goes on in the same thread.
 */
import type { Migration } from './migrations.js';

export const createDeliveryTables: Migration = {
  version: 3,
  name: 'add schedules, pause state and digest runs',
  up(db) {
    db.exec(`
      ALTER TABLE subscriptions ADD COLUMN weekdays TEXT NOT NULL DEFAULT '0,1,2,3,4,5,6';
      ALTER TABLE subscriptions ADD COLUMN empty_note INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE subscriptions ADD COLUMN paused_at TEXT;
      ALTER TABLE subscriptions ADD COLUMN pause_reason TEXT;
      ALTER TABLE subscriptions ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE posts ADD COLUMN thread_id TEXT;
      CREATE INDEX posts_by_paper ON posts (paper_id) WHERE state = 'sent';

      CREATE TABLE digest_runs (
        platform       TEXT NOT NULL,
        workspace_id   TEXT NOT NULL,
        channel_id     TEXT NOT NULL,
        day            TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('running', 'done', 'empty', 'failed')),
        scheduled_for  TEXT NOT NULL,
        started_at     TEXT NOT NULL,
        finished_at    TEXT,
        attempts       INTEGER NOT NULL DEFAULT 1,
        posted         INTEGER NOT NULL DEFAULT 0,
        error          TEXT,
        source_error   TEXT,
        PRIMARY KEY (platform, workspace_id, channel_id, day)
      ) WITHOUT ROWID;
      CREATE INDEX digest_runs_by_state ON digest_runs (state);
    `);
  },
};
