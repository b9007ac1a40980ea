/**
 * Migration 3: digest runs, one row per (channel, papers-day), as in SQLite's migration 3. A
 * restart, or another instance, finds unfinished runs through the partial index.
 */
import type { PostgresMigration } from './migrations.js';

export const createDeliveryTables: PostgresMigration = {
  version: 3,
  name: 'create digest runs',
  sql: `
    CREATE TABLE digest_runs (
      platform       text NOT NULL,
      workspace_id   text NOT NULL,
      channel_id     text NOT NULL,
      day            text NOT NULL,
      state          text NOT NULL CHECK (state IN ('running', 'done', 'empty', 'failed')),
      scheduled_for  text NOT NULL,
      started_at     text NOT NULL,
      finished_at    text,
      attempts       integer NOT NULL DEFAULT 1,
      posted         integer NOT NULL DEFAULT 0,
      error          text,
      source_error   text,
      PRIMARY KEY (platform, workspace_id, channel_id, day)
    );
    CREATE INDEX digest_runs_unfinished ON digest_runs (started_at) WHERE state IN ('running', 'failed');
  `,
};
