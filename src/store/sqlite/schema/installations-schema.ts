/**
 * Migration 6: workspaces that installed Paperboy through Slack's OAuth flow.
 *
 * `installations` holds one row per workspace install (scope `workspace`, id = team id) or per
 * Enterprise Grid org-wide install (scope `organisation`, id = enterprise id). `sealed` is the
 * installation with its tokens, encrypted by the platform before the store sees it.
 * `installation_links` remembers which organisation serves a workspace of an org-wide install,
 * so a digest for that workspace finds the organisation's token. `one_time_values` holds the
 * install flow's used state values until they expire, so a state works once on any instance.
 */
import type { Migration } from './migrations.js';

export const createInstallationTables: Migration = {
  version: 6,
  name: 'create installations, installation links and one-time values',
  up(db) {
    db.exec(`
      CREATE TABLE installations (
        platform       TEXT NOT NULL,
        scope          TEXT NOT NULL CHECK (scope IN ('workspace', 'organisation')),
        scope_id       TEXT NOT NULL,
        enterprise_id  TEXT,
        sealed         TEXT NOT NULL,
        installed_at   TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (platform, scope, scope_id)
      ) WITHOUT ROWID;

      CREATE TABLE installation_links (
        platform       TEXT NOT NULL,
        workspace_id   TEXT NOT NULL,
        enterprise_id  TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id)
      ) WITHOUT ROWID;
      CREATE INDEX installation_links_by_enterprise ON installation_links (platform, enterprise_id);

      CREATE TABLE one_time_values (
        value       TEXT PRIMARY KEY,
        expires_at  TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX one_time_values_by_expiry ON one_time_values (expires_at);
    `);
  },
};
