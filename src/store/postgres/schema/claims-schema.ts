/**
 * Migration 8: work claims, the leases through which instances sharing the database split the
 * work (a channel's digest run, a message's vote edit). Times are ISO text, as everywhere in
 * this schema, so they compare as they sort.
 */
import type { PostgresMigration } from './migrations.js';

export const createClaimTables: PostgresMigration = {
  version: 8,
  name: 'create work claims',
  sql: `
    CREATE TABLE work_claims (
      key         text PRIMARY KEY,
      holder      text NOT NULL,
      claimed_at  text NOT NULL,
      expires_at  text NOT NULL
    );
    CREATE INDEX work_claims_holder ON work_claims (holder, expires_at);
  `,
};
