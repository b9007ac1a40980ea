/**
 * Migration 1: the papers table and its full-text index.
 *
 * `seq` is an explicit INTEGER PRIMARY KEY because the FTS index is keyed by rowid, and VACUUM
 * may renumber the implicit rowid of a table without one, silently pointing the index at the
 * wrong papers. The arXiv id stays the natural key (`id ... UNIQUE`) and is what other tables
 * reference.
 *
 * `papers_fts` is an external-content FTS5 table (the text lives once, in `papers`), kept in step
 * by triggers. `authors` and `keywords` are JSON arrays; the tokenizer treats the JSON
 * punctuation as separators, so indexing the JSON text indexes the names and phrases.
 */
import type { Migration } from './migrations.js';

export const createPapersTables: Migration = {
  version: 1,
  name: 'create papers and papers_fts',
  up(db) {
    db.exec(`
      CREATE TABLE papers (
        seq           INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        title         TEXT NOT NULL,
        abstract      TEXT NOT NULL,
        ai_summary    TEXT,
        keywords      TEXT NOT NULL DEFAULT '[]',
        authors       TEXT NOT NULL DEFAULT '[]',
        author_count  INTEGER NOT NULL DEFAULT 0,
        published_on  TEXT,
        papers_day    TEXT,
        upvotes       INTEGER NOT NULL DEFAULT 0,
        comments      INTEGER NOT NULL DEFAULT 0,
        github_repo   TEXT,
        github_stars  INTEGER,
        project_page  TEXT,
        org_name      TEXT,
        org_fullname  TEXT,
        thumbnail     TEXT,
        first_seen_at TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;

      CREATE INDEX papers_by_day ON papers (papers_day, upvotes DESC);
      CREATE INDEX papers_by_upvotes ON papers (upvotes DESC);

      -- prefix '2 3': autocomplete asks for short prefixes on every keystroke.
      CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, abstract, authors, keywords,
        content = 'papers',
        content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TRIGGER papers_fts_after_insert AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)
        VALUES (new.seq, new.title, new.abstract, new.authors, new.keywords);
      END;

      CREATE TRIGGER papers_fts_after_delete AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)
        VALUES ('delete', old.seq, old.title, old.abstract, old.authors, old.keywords);
      END;

      -- Upvote refreshes are the common update; they must not rewrite the index.
      CREATE TRIGGER papers_fts_after_update AFTER UPDATE ON papers
      WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
        OR old.authors IS NOT new.authors OR old.keywords IS NOT new.keywords
        OR old.seq IS NOT new.seq
      BEGIN
        INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)
        VALUES ('delete', old.seq, old.title, old.abstract, old.authors, old.keywords);
        INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)
        VALUES (new.seq, new.title, new.abstract, new.authors, new.keywords);
      END;
    `);
  },
};
