/**
 * Migration 2: what the chat platforms share: channel subscriptions, the post ledger (which
 * paper went to which channel as which message) and community votes.
 *
 * A channel is (platform, workspace, channel): Discord guild or Slack team, then channel id.
 * `posts` has one row per (channel, paper), so a paper can never be posted twice to a channel;
 * `message_channel_id` is where the message lives (the thread, when posted into one), which is
 * what a reaction event names.
 */
import type { Migration } from './migrations.js';

export const createCommunityTables: Migration = {
  version: 2,
  name: 'create subscriptions, posts and votes',
  up(db) {
    db.exec(`
      CREATE TABLE subscriptions (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        channel_id    TEXT NOT NULL,
        time          TEXT NOT NULL,
        timezone      TEXT NOT NULL,
        max_papers    INTEGER NOT NULL,
        min_upvotes   INTEGER NOT NULL,
        keywords      TEXT NOT NULL DEFAULT '[]',
        thread        INTEGER NOT NULL DEFAULT 0,
        created_by    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, channel_id)
      ) WITHOUT ROWID;

      CREATE TABLE posts (
        platform            TEXT NOT NULL,
        workspace_id        TEXT NOT NULL,
        channel_id          TEXT NOT NULL,
        paper_id            TEXT NOT NULL,
        state               TEXT NOT NULL CHECK (state IN ('pending', 'sent')),
        nonce               TEXT NOT NULL,
        day                 TEXT,
        message_id          TEXT,
        message_channel_id  TEXT,
        created_at          TEXT NOT NULL,
        sent_at             TEXT,
        PRIMARY KEY (platform, workspace_id, channel_id, paper_id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX posts_by_message ON posts (platform, message_channel_id, message_id)
        WHERE message_id IS NOT NULL;

      CREATE TABLE votes (
        platform    TEXT NOT NULL,
        user_id     TEXT NOT NULL,
        paper_id    TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (platform, user_id, paper_id)
      ) WITHOUT ROWID;
      CREATE INDEX votes_by_paper ON votes (paper_id);
      CREATE INDEX votes_by_time ON votes (created_at);
    `);
  },
};
