/**
 * Migration 9: papers come to the person.
 *
 * - `papers` keeps who submitted a paper to Daily Papers (Hugging Face shows it; cards do too).
 * - `posts.shows_paper` names the paper a post shows. A paper posted by a digest has its id as
 *   the ledger key; a card someone shared has a day-scoped key (`share:<day>:<id>`, once per
 *   paper, channel and day), and vote edits must find both. NULL for headers and alerts.
 *   `shared_by` keeps who shared a card, so an edit of its vote count keeps the attribution.
 * - `follows`: what each person follows, in the search language, as typed. `followers` holds a
 *   person's delivery state: where their direct messages go (the Slack team) and whether their
 *   alerts are paused (Discord refuses DMs to someone who closed them).
 * - `follow_alerts` fixes what a person's alert for a papers-day holds before it is sent, so a
 *   restart sends the same message (the post ledger then makes it go out once); `follow_alerted`
 *   is every paper a person was alerted to, so none comes twice. `follow_runs` records which
 *   papers-days have been matched against every follow.
 */
import type { Migration } from './migrations.js';

export const createFollowTables: Migration = {
  version: 9,
  name: 'add paper submitters, shared posts and follows',
  up(db) {
    db.exec(`
      ALTER TABLE papers ADD COLUMN submitter_name TEXT;
      ALTER TABLE papers ADD COLUMN submitter_fullname TEXT;

      ALTER TABLE posts ADD COLUMN shows_paper TEXT;
      ALTER TABLE posts ADD COLUMN shared_by TEXT;
      UPDATE posts SET shows_paper = paper_id WHERE paper_id NOT LIKE 'header:%';
      DROP INDEX posts_by_paper;
      CREATE INDEX posts_by_shown_paper ON posts (shows_paper) WHERE state = 'sent';

      CREATE TABLE follows (
        id          INTEGER PRIMARY KEY,
        platform    TEXT NOT NULL,
        user_id     TEXT NOT NULL,
        query       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        UNIQUE (platform, user_id, query)
      ) STRICT;

      CREATE TABLE followers (
        platform      TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        paused_at     TEXT,
        pause_reason  TEXT,
        PRIMARY KEY (platform, user_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE follow_alerts (
        platform    TEXT NOT NULL,
        user_id     TEXT NOT NULL,
        day         TEXT NOT NULL,
        papers      TEXT NOT NULL,
        matched     INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (platform, user_id, day)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE follow_alerted (
        platform  TEXT NOT NULL,
        user_id   TEXT NOT NULL,
        paper_id  TEXT NOT NULL,
        day       TEXT NOT NULL,
        PRIMARY KEY (platform, user_id, paper_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE follow_runs (
        day          TEXT PRIMARY KEY,
        state        TEXT NOT NULL CHECK (state IN ('running', 'done')),
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        people       INTEGER NOT NULL DEFAULT 0,
        sent         INTEGER NOT NULL DEFAULT 0
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
