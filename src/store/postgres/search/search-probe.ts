/**
 * "The newest N papers that match": what the ranking takes as candidates. SQLite's FTS5 reads
 * postings newest first; a GIN index returns its matches in no order. So this is one statement,
 * `… WHERE doc @@ query ORDER BY seq DESC LIMIT N`, and PostgreSQL's planner chooses how to answer
 * it from the lexeme frequencies migration 10 makes it keep: a common word by reading documents
 * newest first along the primary key until N match (a few hundred for a word in half the papers),
 * a rare word or phrase from the GIN index, sorting its few matches. Filters (org, since, min)
 * are part of the same statement, so a selective filter's index can lead instead.
 *
 * Measured against the earlier design (a window of the newest documents checked one by one, then
 * the query ANDed with bucket lexemes so GIN visited only a span of papers), on 200,000 papers:
 * the planner's own choice had the lower p50 in every query class, 1.4 times for single words
 * to 8 times for rare words and no match, because a GIN lookup of a common word ORed with dozens
 * of bucket lexemes reads the word's whole posting list once per span. The `rum` extension's
 * index ordered by seq was measured too: it sorts every match of a word before returning the
 * first (160 to 340 ms for a word in 60 % of 200,000 papers).
 */
import type { RankRow } from '../../search/search-ranking.js';
import type { Queryable } from '../database.js';
import type { Filters } from './search-filters.js';
import { PAPER_DAY_SQL } from './search-filters.js';

/** A paper's community votes: people, not rows, as one person may vote in several communities (vote pools). */
export const VOTES_SQL = "(SELECT count(DISTINCT v.platform || ':' || v.user_id) FROM votes v WHERE v.paper_id = p.id)";

/** Newest documents a word's frequency is counted among (default; paper-search.ts). */
export const WINDOW = 2048;
/** Author names the ranking reads: the first few dozen (a 500-author paper's list is 10 kB). */
const AUTHORS_RANKED_CHARS = 1500;

export type Candidate = RankRow & { readonly seq: number };

/** What one search reads once: where the window ends, and whether any votes exist. */
export interface SearchContext {
  /** The newest paper's seq (0 for an empty archive). */
  readonly newest: number;
  /** Papers with a seq above this are in the window; 0 when the window holds the whole archive. */
  readonly windowLow: number;
  readonly anyVotes: boolean;
}

export async function readSearchContext(db: Queryable, window = WINDOW): Promise<SearchContext> {
  const { rows } = await db.query<{ newest: number | null; window_low: number | null; any_votes: boolean }>(
    `SELECT (SELECT max(seq) FROM paper_search) AS newest,
            (SELECT seq FROM paper_search ORDER BY seq DESC OFFSET $1 LIMIT 1) AS window_low,
            EXISTS (SELECT 1 FROM votes) AS any_votes`,
    [window],
  );
  const row = rows[0];
  return { newest: row?.newest ?? 0, windowLow: row?.window_low ?? 0, anyVotes: row?.any_votes ?? false };
}

/** Which columns a query's ranking needs besides upvotes and dates. */
export interface Reads {
  /** The short text fields, only the title (autocomplete), or none (no words to score). */
  readonly text: 'all' | 'title' | 'none';
  readonly votes: boolean;
}

const TEXT_COLUMNS: Record<Reads['text'], string> = {
  all: `p.title, left(p.authors, ${AUTHORS_RANKED_CHARS}) AS authors, p.keywords`,
  title: "p.title, '' AS authors, '' AS keywords",
  none: "'' AS title, '' AS authors, '' AS keywords",
};

function selectList(reads: Reads): string {
  const text = TEXT_COLUMNS[reads.text];
  const votes = reads.votes ? VOTES_SQL : '0';
  return `p.seq, p.id, ${text}, p.upvotes, nullif(${PAPER_DAY_SQL}, '') AS day, ${votes} AS votes`;
}

interface Probe {
  readonly match: string;
  readonly filters: Filters;
  readonly limit: number;
  readonly reads: Reads;
}

/** The newest `limit` papers matching the tsquery `match` and the filters, newest first. */
export async function newestMatches(db: Queryable, context: SearchContext, probe: Probe): Promise<Candidate[]> {
  if (probe.limit <= 0 || context.newest === 0) return [];
  const { rows } = await db.query<Candidate>(
    `SELECT ${selectList(probe.reads)}
     FROM paper_search s JOIN papers p ON p.seq = s.seq
     WHERE s.doc @@ $1::tsquery${probe.filters.sql(3)}
     ORDER BY s.seq DESC LIMIT $2`,
    [probe.match, probe.limit, ...probe.filters.params],
  );
  return rows;
}
