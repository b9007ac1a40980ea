/**
 * Migration 2: what the chat platforms share: channel subscriptions, the post ledger and
 * community votes. The same tables and keys as SQLite's migrations 2 and 3 (rows/ maps both);
 * times are ISO text as there, flags are booleans.
 */
import type { PostgresMigration } from './migrations.js';

export const createChannelTables: PostgresMigration = {
  version: 2,
  name: 'create subscriptions, posts and votes',
  sql: `
    CREATE TABLE subscriptions (
      platform              text NOT NULL,
      workspace_id          text NOT NULL,
      channel_id            text NOT NULL,
      time                  text NOT NULL,
      timezone              text NOT NULL,
      max_papers            integer NOT NULL,
      min_upvotes           integer NOT NULL,
      keywords              text NOT NULL DEFAULT '[]',
      thread                boolean NOT NULL DEFAULT false,
      weekdays              text NOT NULL DEFAULT '0,1,2,3,4,5,6',
      empty_note            boolean NOT NULL DEFAULT false,
      paused_at             text,
      pause_reason          text,
      consecutive_failures  integer NOT NULL DEFAULT 0,
      created_by            text NOT NULL,
      created_at            text NOT NULL,
      updated_at            text NOT NULL,
      PRIMARY KEY (platform, workspace_id, channel_id)
    );

    -- One row per (channel, paper): a paper can never be posted twice to a channel.
    CREATE TABLE posts (
      platform            text NOT NULL,
      workspace_id        text NOT NULL,
      channel_id          text NOT NULL,
      paper_id            text NOT NULL,
      state               text NOT NULL CHECK (state IN ('pending', 'sent')),
      nonce               text NOT NULL,
      day                 text,
      message_id          text,
      message_channel_id  text,
      thread_id           text,
      created_at          text NOT NULL,
      sent_at             text,
      PRIMARY KEY (platform, workspace_id, channel_id, paper_id)
    );
    CREATE UNIQUE INDEX posts_by_message ON posts (platform, message_channel_id, message_id) WHERE message_id IS NOT NULL;
    CREATE INDEX posts_by_paper ON posts (paper_id) WHERE state = 'sent';

    CREATE TABLE votes (
      platform    text NOT NULL,
      user_id     text NOT NULL,
      paper_id    text NOT NULL,
      created_at  text NOT NULL,
      PRIMARY KEY (platform, user_id, paper_id)
    );
    CREATE INDEX votes_by_paper ON votes (paper_id);
    CREATE INDEX votes_by_time ON votes (created_at);
  `,
};
