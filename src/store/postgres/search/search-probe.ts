/**
 * "The newest N papers that match": what the ranking takes as candidates, found with bounded
 * work on any archive size. SQLite's FTS5 reads postings newest first; a GIN index returns its
 * matches in no order, so an answer from it costs as many row visits as the query has matches
 * (128,000 for "memory" in a 200,000-paper archive). Two tools instead, each used where it is
 * cheap:
 *
 *  1. the window: the newest WINDOW documents, newest first, each checked against the query
 *     (about a microsecond each: the documents are inline, see papers-schema.ts). A common word
 *     finds its N in the first few hundred and stops there.
 *  2. bucket probes, for what the window did not find: the query ANDed with a few buckets'
 *     lexemes (search-document.ts), so GIN visits only those papers' matches, in spans that
 *     start at the size the window's hit rate predicts and double from there, newest first, all
 *     in one statement whose LIMIT stops it once N are found.
 *
 * With filters (org, since, min) the older part is one plain query and PostgreSQL's planner
 * chooses how: by a filter's index when the filter is selective, by the text index when the
 * words are.
 */
import type { RankRow } from '../../search/search-ranking.js';
import type { Queryable } from '../database.js';
import { SEARCH_BUCKET_SIZE } from './search-document.js';
import type { Filters } from './search-filters.js';
import { PAPER_DAY_SQL } from './search-filters.js';

/** A paper's community votes: people, not rows, as one person may vote in several communities (vote pools). */
export const VOTES_SQL = "(SELECT count(DISTINCT v.platform || ':' || v.user_id) FROM votes v WHERE v.paper_id = p.id)";
import { inBuckets } from './search-query.js';

/** Newest documents checked one by one before the index is asked (default). */
export const WINDOW = 2048;
/** Most buckets one probe span covers; later spans stay at this size. */
const MAX_SPAN_BUCKETS = 32;
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
  const rows = await inWindow(db, context, probe);
  if (rows.length >= probe.limit || context.windowLow === 0) return rows;
  const need = probe.limit - rows.length;
  const older = probe.filters.any ? await olderFiltered(db, context, probe, need) : await olderInBuckets(db, context, probe, need, rows.length);
  return [...rows, ...older];
}

async function inWindow(db: Queryable, context: SearchContext, probe: Probe): Promise<Candidate[]> {
  // OFFSET 0 keeps the window a subquery, so the planner walks it newest first rather than
  // asking the GIN index for every match of a common word.
  const { rows } = await db.query<Candidate>(
    `SELECT ${selectList(probe.reads)}
     FROM (SELECT seq, doc FROM paper_search WHERE seq > $1 ORDER BY seq DESC OFFSET 0) s
     JOIN papers p ON p.seq = s.seq
     WHERE s.doc @@ $2::tsquery${probe.filters.sql(4)}
     ORDER BY s.seq DESC LIMIT $3`,
    [context.windowLow, probe.match, probe.limit, ...probe.filters.params],
  );
  return rows;
}

async function olderFiltered(db: Queryable, context: SearchContext, probe: Probe, need: number): Promise<Candidate[]> {
  const { rows } = await db.query<Candidate>(
    `SELECT ${selectList(probe.reads)}
     FROM paper_search s JOIN papers p ON p.seq = s.seq
     WHERE s.seq <= $1 AND s.doc @@ $2::tsquery${probe.filters.sql(4)}
     ORDER BY s.seq DESC LIMIT $3`,
    [context.windowLow, probe.match, need, ...probe.filters.params],
  );
  return rows;
}

/** Spans of buckets below the window, newest first: sized for `need` at the window's rate, then doubling. */
export function probeSpans(context: SearchContext, need: number, foundInWindow: number): { from: number; to: number }[] {
  const rate = Math.max(foundInWindow, 0.5) / Math.max(1, context.newest - context.windowLow);
  let buckets = Math.min(MAX_SPAN_BUCKETS, Math.max(1, Math.ceil((2 * need) / rate / SEARCH_BUCKET_SIZE)));
  const spans: { from: number; to: number }[] = [];
  for (let to = Math.floor(context.windowLow / SEARCH_BUCKET_SIZE); to >= 0; to -= buckets, buckets = Math.min(MAX_SPAN_BUCKETS, buckets * 2)) {
    spans.push({ from: Math.max(0, to - buckets + 1), to });
  }
  return spans;
}

async function olderInBuckets(db: Queryable, context: SearchContext, probe: Probe, need: number, foundInWindow: number): Promise<Candidate[]> {
  const spans = probeSpans(context, need, foundInWindow);
  // Each branch is one span, newest first; the outer LIMIT stops the Append once `need` rows
  // came back, so later spans are never read.
  const branches = spans.map(
    (_, index) => `(SELECT ${selectList(probe.reads)}
      FROM paper_search s JOIN papers p ON p.seq = s.seq
      WHERE s.seq <= $1 AND s.doc @@ $${index + 3}::tsquery
      ORDER BY s.seq DESC)`,
  );
  const { rows } = await db.query<Candidate>(`SELECT * FROM (${branches.join(' UNION ALL ')}) probes LIMIT $2`, [
    context.windowLow,
    need,
    ...spans.map((span) => inBuckets(probe.match, span.from, span.to)),
  ]);
  return rows;
}
