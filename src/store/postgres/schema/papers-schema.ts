/**
 * Migration 1: papers and their full-text index.
 *
 * `papers` has the columns of SQLite's table (rows/paper-row.ts maps both); `seq` numbers papers
 * in the order they arrived, which is what "newest" means to the search. The text index lives
 * in its own narrow table, `paper_search`, one tsvector per paper (search-document.ts), so
 * refreshing a paper's upvotes never rewrites its index entry, and a scan of the newest papers'
 * documents reads only them.
 *
 * The documents stay inline (toast_tuple_target at its largest, EXTERNAL so they are never
 * compressed): checking a query against a document then costs a lookup in the page, not a read
 * and decompression from the TOAST table. The GIN index is written through (fastupdate off): a
 * pending list would make every search scan it until the next vacuum, and Paperboy writes few
 * papers a day.
 */
import type { PostgresMigration } from './migrations.js';

/**
 * The GIN index of the documents as migration 1 creates it (so never to be changed; a later
 * migration that changes the index brings its own definition). A bulk copy drops and rebuilds it.
 */
export const PAPER_SEARCH_INDEX = 'paper_search_doc';
export const CREATE_PAPER_SEARCH_INDEX = `CREATE INDEX ${PAPER_SEARCH_INDEX} ON paper_search USING gin (doc) WITH (fastupdate = off)`;

export const createPapersTables: PostgresMigration = {
  version: 1,
  name: 'create papers and paper_search',
  sql: `
    CREATE TABLE papers (
      seq           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id            text NOT NULL UNIQUE,
      title         text NOT NULL,
      abstract      text NOT NULL,
      ai_summary    text,
      keywords      text NOT NULL DEFAULT '[]',
      authors       text NOT NULL DEFAULT '[]',
      author_count  integer NOT NULL DEFAULT 0,
      published_on  text,
      papers_day    text,
      upvotes       integer NOT NULL DEFAULT 0,
      comments      integer NOT NULL DEFAULT 0,
      github_repo   text,
      github_stars  integer,
      project_page  text,
      org_name      text,
      org_fullname  text,
      thumbnail     text,
      first_seen_at text NOT NULL,
      updated_at    text NOT NULL
    );
    CREATE INDEX papers_by_day ON papers (papers_day, upvotes DESC);
    CREATE INDEX papers_by_upvotes ON papers (upvotes DESC, id);
    CREATE INDEX papers_by_org ON papers (org_name);
    CREATE INDEX papers_by_date ON papers ((greatest(coalesce(published_on, ''), coalesce(papers_day, ''))));

    CREATE TABLE paper_search (
      seq  integer PRIMARY KEY REFERENCES papers (seq) ON DELETE CASCADE,
      doc  tsvector NOT NULL
    ) WITH (toast_tuple_target = 8160);
    ALTER TABLE paper_search ALTER COLUMN doc SET STORAGE EXTERNAL;
    ${CREATE_PAPER_SEARCH_INDEX};
  `,
};
