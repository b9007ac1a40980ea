/**
 * Migration 4: what `paperboy ingest` needs to backfill the whole archive, and what search needs
 * to stay fast on it.
 *
 * - `ingested_days`: one row per papers-day fetched completely, so an interrupted backfill
 *   resumes where it stopped and a second run skips what it already has.
 * - `papers_fts` again, with prefix indexes for 2 to 6 characters instead of 2 and 3. Without
 *   one, FTS5 answers `memo*` by merging the postings of every word starting with "memo"
 *   (memory alone is most of an archive about LLMs), which is tens of milliseconds; with one it
 *   reads the newest postings of the prefix itself. A longer prefix uses its first six
 *   characters and the ranking checks the rest. The index grows by about three quarters.
 * - indexes for the org and since filters, which otherwise read every paper.
 *
 * The triggers of migration 1 name `papers_fts` and keep working on the new table.
 */
import type { Migration } from './migrations.js';

export const createArchiveTables: Migration = {
  version: 4,
  name: 'add ingested days, longer prefix indexes and filter indexes',
  up(db) {
    db.exec(`
      CREATE TABLE ingested_days (
        day           TEXT PRIMARY KEY,
        papers        INTEGER NOT NULL,
        completed_at  TEXT NOT NULL
      ) WITHOUT ROWID;

      DROP TABLE papers_fts;
      CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, abstract, authors, keywords,
        content = 'papers',
        content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4 5 6'
      );
      INSERT INTO papers_fts (papers_fts) VALUES ('rebuild');

      CREATE INDEX papers_by_org ON papers (org_name, org_fullname);
      CREATE INDEX papers_by_date ON papers (max(coalesce(published_on, ''), coalesce(papers_day, '')));
    `);
  },
};
