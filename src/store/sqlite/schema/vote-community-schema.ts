/**
 * Migration 8: every vote keeps the server or workspace it was cast in, so vote pools (one for
 * the install, one per community, or named groups) can count the votes of a pool. A person
 * may vote once per community. Existing votes had no community: each goes to the one server or
 * workspace of its platform where the paper was posted, and where that is not a single one it
 * gets the empty id, which only the whole-install pool counts.
 */
import type { Migration } from './migrations.js';

export const addVoteCommunity: Migration = {
  version: 8,
  name: 'record the community of every vote',
  up(db) {
    db.exec(`
      CREATE TABLE votes_by_community (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        paper_id      TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id, paper_id)
      ) WITHOUT ROWID;
      INSERT INTO votes_by_community (platform, workspace_id, user_id, paper_id, created_at)
        SELECT v.platform,
               coalesce((SELECT CASE WHEN count(DISTINCT p.workspace_id) = 1 THEN min(p.workspace_id) END
                         FROM posts p WHERE p.platform = v.platform AND p.paper_id = v.paper_id), ''),
               v.user_id, v.paper_id, v.created_at
        FROM votes v;
      DROP TABLE votes;
      ALTER TABLE votes_by_community RENAME TO votes;
      CREATE INDEX votes_by_paper ON votes (paper_id);
      CREATE INDEX votes_by_time ON votes (created_at);
    `);
  },
};
