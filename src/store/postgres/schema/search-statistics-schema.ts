/**
 * Migration 10: finer planner statistics for the search documents, so PostgreSQL picks the right
 * plan for "the newest N papers that match" (search/search-probe.ts) on its own.
 *
 * At the default statistics target the planner knows the frequency of about the 1,000 most common
 * lexemes (down to about 4 % of documents in a 200,000-paper archive); every other word is a guess,
 * and a word in 1 to 4 % of papers planned as rare reads and sorts thousands of rows. At 10,000 it
 * knows every lexeme in more than about 0.01 % of documents: a common word is then read newest
 * first from the primary key until N match, a rare one straight from the GIN index and sorted.
 * ANALYZE reads the whole table at this target (14 s for 200,000 papers); autovacuum and
 * `optimizeSearch` keep the numbers current.
 */
import type { PostgresMigration } from './migrations.js';

/** Most common lexemes the planner keeps per column is ten times this. */
export const SEARCH_STATISTICS_TARGET = 10_000;

export const refineSearchStatistics: PostgresMigration = {
  version: 10,
  name: 'finer statistics for the search documents',
  sql: `
    ALTER TABLE paper_search ALTER COLUMN doc SET STATISTICS ${SEARCH_STATISTICS_TARGET};
    ANALYZE paper_search;
  `,
};
