/**
 * Migration 12: change tracking for the instances' local search copies (search-copy/).
 *
 * `search_counter` is one row: a random id for this database (a copy made from another database
 * is rebuilt) and a counter. Every statement that changes what search reads (papers inserted,
 * updated or deleted; votes added or removed) bumps the counter in a trigger and stamps each
 * paper it touched with the new value in `search_changes`, in the writing transaction.
 *
 * Why one counter row and not a sequence: a sequence value taken by a transaction that commits
 * after one holding a higher value would be skipped by a reader that already moved past the
 * higher one. Updating one row holds its row lock until commit, so transactions take counter
 * values in commit order: once a reader sees the counter at N, every change stamped N or lower
 * is committed and visible. The price is that writes which change search take turns on that row
 * from their first such statement to their commit (paper upserts already take turns on an
 * advisory lock; a vote holds it for one statement). Triggers, so every writer is tracked:
 * the stores, migrate-store's bulk copy, a manual fix.
 */
import type { PostgresMigration } from './migrations.js';

export const createSearchChanges: PostgresMigration = {
  version: 12,
  name: 'track changes for the search copies',
  sql: `
    CREATE TABLE search_counter (
      one          boolean PRIMARY KEY DEFAULT true CHECK (one),
      database_id  uuid NOT NULL DEFAULT gen_random_uuid(),
      version      bigint NOT NULL DEFAULT 0
    );
    INSERT INTO search_counter DEFAULT VALUES;

    CREATE TABLE search_changes (
      paper_id  text PRIMARY KEY,
      version   bigint NOT NULL
    );
    CREATE INDEX search_changes_by_version ON search_changes (version);

    -- The next counter value; recreates the row should it be gone (the copies then rebuild).
    CREATE FUNCTION paperboy_next_search_version() RETURNS bigint LANGUAGE sql AS $$
      INSERT INTO search_counter (one, version) VALUES (true, 1)
      ON CONFLICT (one) DO UPDATE SET version = search_counter.version + 1
      RETURNING version
    $$;

    -- Statement triggers with transition tables: one counter value per statement, however many rows.
    CREATE FUNCTION paperboy_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ids text[];
      stamp bigint;
    BEGIN
      IF TG_TABLE_NAME = 'papers' AND TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT id) INTO ids FROM changed_old;
      ELSIF TG_TABLE_NAME = 'papers' THEN
        SELECT array_agg(DISTINCT id) INTO ids FROM changed_new;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT paper_id) INTO ids FROM changed_old;
      ELSE
        SELECT array_agg(DISTINCT paper_id) INTO ids FROM changed_new;
      END IF;
      -- A statement that changed nothing (ON CONFLICT DO NOTHING) takes no value and no lock.
      IF ids IS NULL THEN
        RETURN NULL;
      END IF;
      stamp := paperboy_next_search_version();
      INSERT INTO search_changes (paper_id, version) SELECT unnest(ids), stamp
      ON CONFLICT (paper_id) DO UPDATE SET version = EXCLUDED.version;
      RETURN NULL;
    END $$;

    CREATE TRIGGER papers_inserted_for_search AFTER INSERT ON papers REFERENCING NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION paperboy_search_changed();
    CREATE TRIGGER papers_updated_for_search AFTER UPDATE ON papers REFERENCING NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION paperboy_search_changed();
    CREATE TRIGGER papers_deleted_for_search AFTER DELETE ON papers REFERENCING OLD TABLE AS changed_old
      FOR EACH STATEMENT EXECUTE FUNCTION paperboy_search_changed();
    CREATE TRIGGER votes_added_for_search AFTER INSERT ON votes REFERENCING NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION paperboy_search_changed();
    CREATE TRIGGER votes_removed_for_search AFTER DELETE ON votes REFERENCING OLD TABLE AS changed_old
      FOR EACH STATEMENT EXECUTE FUNCTION paperboy_search_changed();
  `,
};
