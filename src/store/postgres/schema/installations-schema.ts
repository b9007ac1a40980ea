/**
 * Migration 5: workspaces that installed Paperboy through Slack's OAuth flow, as in SQLite's
 * installations migration: one row per workspace install or Enterprise Grid org-wide install
 * (`sealed` is encrypted by the platform before the store sees it), the links that say which
 * organisation serves a workspace, and the install flow's used one-time state values.
 */
import type { PostgresMigration } from './migrations.js';

export const createInstallationTables: PostgresMigration = {
  version: 5,
  name: 'create installations, installation links and one-time values',
  sql: `
    CREATE TABLE installations (
      platform       text NOT NULL,
      scope          text NOT NULL CHECK (scope IN ('workspace', 'organisation')),
      scope_id       text NOT NULL,
      enterprise_id  text,
      sealed         text NOT NULL,
      installed_at   text NOT NULL,
      updated_at     text NOT NULL,
      PRIMARY KEY (platform, scope, scope_id)
    );

    CREATE TABLE installation_links (
      platform       text NOT NULL,
      workspace_id   text NOT NULL,
      enterprise_id  text NOT NULL,
      PRIMARY KEY (platform, workspace_id)
    );
    CREATE INDEX installation_links_by_enterprise ON installation_links (platform, enterprise_id);

    CREATE TABLE one_time_values (
      value       text PRIMARY KEY,
      expires_at  text NOT NULL
    );
    CREATE INDEX one_time_values_by_expiry ON one_time_values (expires_at);
  `,
};
