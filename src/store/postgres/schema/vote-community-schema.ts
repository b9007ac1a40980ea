/**
 * Migration 7: every vote keeps the server or workspace it was cast in, as SQLite's migration 8,
 * so vote pools can count the votes of a pool; a person may vote once per community. Existing
 * votes go to the one server or workspace of their platform where the paper was posted, and
 * where that is not a single one to the empty id, which only the whole-install pool counts.
 */
import type { PostgresMigration } from './migrations.js';

export const addVoteCommunity: PostgresMigration = {
  version: 7,
  name: 'record the community of every vote',
  sql: `
    ALTER TABLE votes ADD COLUMN workspace_id text NOT NULL DEFAULT '';
    UPDATE votes v SET workspace_id = coalesce(
      (SELECT CASE WHEN count(DISTINCT p.workspace_id) = 1 THEN min(p.workspace_id) END
       FROM posts p WHERE p.platform = v.platform AND p.paper_id = v.paper_id), '');
    ALTER TABLE votes ALTER COLUMN workspace_id DROP DEFAULT;
    ALTER TABLE votes DROP CONSTRAINT votes_pkey;
    ALTER TABLE votes ADD PRIMARY KEY (platform, workspace_id, user_id, paper_id);
  `,
};
