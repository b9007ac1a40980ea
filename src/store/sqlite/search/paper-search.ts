/**
 * Full-text search and title autocomplete over `papers_fts`.
 *
 * Matching (search-match.ts): all terms and phrases must match (AND), one alternative of each
 * `a OR b` group too, and the author filters. When
 * that finds nothing and there are at least two terms, the search falls back to OR of them, so
 * `memory agents foo` still lists the memory/agent papers (flagged `partial`). Org, since and min
 * are SQL conditions on the paper row.
 *
 * Bounded work: FTS5 reads a word's postings newest first, so the candidates are the newest
 * CANDIDATES.newest matches plus the newest CANDIDATES.about matches with a query word in their
 * title or keywords; search-ranking.ts then orders them. When no more papers match than that
 * (every query on an archive of a few thousand papers, specific queries on any), every match is
 * ranked and the order is exact. When more match (one common word in a 200,000-paper archive),
 * old papers that have the word only in the abstract are not considered and the page says
 * `capped`. So a query costs about the same on any archive size.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { PaperId } from '../../../core/paper.js';
import type { Clock, RankedHit, RankedPage } from '../../../core/ports.js';
import { MAX_QUERY_TERMS, cleanQueryText, queryWords, type SearchQuery } from '../../../core/search/query.js';
import { aboutExpression, authorExpression, combine, ftsString, matchUnits, textMatchExpression, unmatchableText, type MatchUnit } from './search-match.js';
import { RANK_COLUMNS_INDEX } from '../schema/rank-columns-schema.js';
import { createSearchFilters, type Filters } from './search-filters.js';
import { foldToken, idf, selectTop, unitOccurs, type RankRow, type RankUnit } from '../../search/search-ranking.js';

export { ftsString, textMatchExpression } from './search-match.js';
export { RANKING } from '../../search/search-ranking.js';

export const CANDIDATES = {
  /** Newest matches ranked for any query. */
  newest: 100,
  /** Newest matches with a query word in title or keywords, added when more than `newest` match. */
  about: 150,
  /** With org/since/min filters, at most this many text matches (newest first) are checked against them. */
  filterScan: 10_000,
  /** Matches read to estimate a word's document frequency for its idf. */
  dfSample: 1000,
  /** Titles considered for one autocomplete answer. */
  suggest: 2000,
} as const;

/** Most rows one page may ask for. */
export const MAX_PAGE_SIZE = 1000;
const EMPTY_PAGE: RankedPage = { hits: [], total: 0 };
const DAY_SQL = `nullif(max(coalesce(p.published_on, ''), coalesce(p.papers_day, '')), '')`;
// People, not rows: one person may vote in several communities (vote pools).
const VOTES_SQL = "(SELECT count(DISTINCT v.platform || ':' || v.user_id) FROM votes v WHERE v.paper_id = p.id)";
/** Author names the ranking reads: the first few dozen (a 500-author paper's list is 10 kB). */
const AUTHORS_RANKED_CHARS = 1500;
/** Posting samples remembered between queries (autocomplete asks for the same words again and again). */
const SAMPLE_CACHE_SIZE = 2000;


type Candidate = RankRow & { readonly seq: number };
/** Which columns a query's ranking needs besides upvotes and dates. */
interface Reads {
  readonly text: boolean;
  readonly votes: boolean;
}
type CandidateTuple = [number, string, string, string, string, number, string | null, number];

export interface PaperSearch {
  /** Ranked ids; the store reads the papers it shows. */
  rank(query: SearchQuery, options: { limit: number; offset?: number }): RankedPage;
  suggestTitles(prefix: string, limit: number): { id: PaperId; title: string }[];
}

export function createPaperSearch(db: BetterSqlite3.Database, clock: Clock): PaperSearch {
  // SQLite's lower() folds ASCII only; org names and titles are Unicode.
  db.function('paperboy_lower', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string): BetterSqlite3.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const value = (sql: string, ...params: unknown[]): unknown => prepare(sql).pluck().get(...params);
  const filtersFor = createSearchFilters({ prepare, value }, clock);

  /**
   * The newest `limit` matches that pass the filters, with what the ranking reads of them. With
   * no words to score (`author:` alone) the ranking reads only upvotes, votes and dates, which
   * come from the small covering index of migration 5 instead of the paper rows.
   */
  function newest(match: string, filters: Filters, limit: number, reads: Reads): Candidate[] {
    const text = reads.text ? `p.title, substr(p.authors, 1, ${AUTHORS_RANKED_CHARS}), p.keywords` : "'', '', ''";
    const rows = prepare(
      `SELECT p.seq, p.id, ${text}, p.upvotes, ${DAY_SQL}, ${reads.votes ? VOTES_SQL : '0'}
       FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
       JOIN papers p ${reads.text ? '' : `INDEXED BY ${RANK_COLUMNS_INDEX}`} ON p.seq = f.rowid WHERE 1${filters.sql} LIMIT ?`,
    ).raw().all(match, filters.any ? CANDIDATES.filterScan : limit, ...filters.params, limit) as CandidateTuple[];
    // Arrays, not objects, out of SQLite: this runs for hundreds of rows per query.
    return rows.map(([seq, id, title, authors, keywords, upvotes, day, voteCount]) => ({ seq, id, title, authors, keywords, upvotes, day, votes: voteCount }));
  }

  function candidates(match: string, units: readonly MatchUnit[], authors: string | undefined, filters: Filters, votes: boolean): { rows: Candidate[]; capped: boolean } {
    const reads: Reads = { text: units.length > 0, votes };
    const rows = newest(match, filters, CANDIDATES.newest + 1, reads);
    if (rows.length <= CANDIDATES.newest) return { rows, capped: false };
    rows.pop();
    const about = aboutExpression(match, units, authors);
    const seen = new Set(rows.map((row) => row.seq));
    for (const row of about === undefined ? [] : newest(about, filters, CANDIDATES.about, reads)) {
      if (!seen.has(row.seq)) rows.push(row);
    }
    return { rows, capped: true };
  }

  /** idf per unit; a lone unit's idf scales every score alike, so it is not looked up. */
  function rankUnits(units: readonly MatchUnit[]): RankUnit[] {
    const documents = units.length > 1 ? maxSeq() : 0;
    return units.map((unit) => ({
      kind: unit.kind,
      tokens: unit.words.map(foldToken),
      idf: units.length > 1 ? idf(documentFrequency(unit.expression, documents), documents) : 1,
    }));
  }

  const maxSeq = (): number => Number(value('SELECT max(seq) FROM papers') ?? 0);
  const samples = new Map<string, { n: number; low: number }>();
  let samplesSeq = -1;

  /** How many of a unit's newest CANDIDATES.dfSample postings exist, and how far back they reach. */
  function postingSample(expression: string, documents: number): { n: number; low: number } {
    // New papers change every sample a little; forgetting them all then is simple and cheap.
    if (documents !== samplesSeq) {
      samples.clear();
      samplesSeq = documents;
    }
    let sample = samples.get(expression);
    if (sample === undefined) {
      const row = prepare(
        'SELECT count(*) AS n, min(rowid) AS low FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?)',
      ).get(expression, CANDIDATES.dfSample) as { n: number; low: number | null };
      sample = { n: row.n, low: row.low ?? 0 };
      if (samples.size >= SAMPLE_CACHE_SIZE) samples.delete(samples.keys().next().value ?? expression);
      samples.set(expression, sample);
    }
    return sample;
  }

  /** Exact up to CANDIDATES.dfSample, then extrapolated from how far back that many postings reach. */
  function documentFrequency(expression: string, documents: number): number {
    const { n, low } = postingSample(expression, documents);
    if (n < CANDIDATES.dfSample) return n;
    return Math.min(documents, (n * documents) / Math.max(1, documents - low + 1));
  }

  function rankAndPage(rows: Candidate[], units: readonly MatchUnit[], limit: number, offset: number): RankedHit[] {
    const today = clock.now().toISOString().slice(0, 10);
    const ranking = rankUnits(units);
    const checked = ranking.filter((_, index) => units[index]?.truncated === true);
    const abstracts = (batch: Candidate[]): (string | null)[] => {
      if (ranking.length === 0) return batch.map(() => '');
      const found = new Map(
        prepare('SELECT seq, abstract FROM papers WHERE seq IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(batch.map((row) => row.seq))) as [number, string][],
      );
      return batch.map((row) => {
        const abstract = found.get(row.seq) ?? '';
        return checked.every((unit) => unitOccurs(row, abstract, unit)) ? abstract : null;
      });
    };
    return selectTop(rows, ranking, today, offset + limit, abstracts)
      .slice(offset)
      .map(({ row, score }) => ({ id: row.id, score, votes: row.votes }));
  }

  /** Filters alone (`min:50`, `org:nvidia`) list papers by upvotes. */
  function filterOnly(filters: Filters, limit: number, offset: number): RankedPage {
    const where = `WHERE 1${filters.sql}`;
    const total = Number(value(`SELECT count(*) FROM (SELECT 1 FROM papers p ${where} LIMIT ?)`, ...filters.params, CANDIDATES.filterScan));
    const hits = prepare(
      `SELECT p.id, p.upvotes AS score, ${VOTES_SQL} AS votes FROM papers p ${where} ORDER BY p.upvotes DESC, p.id LIMIT ? OFFSET ?`,
    ).all(...filters.params, limit, offset) as RankedHit[];
    return total >= CANDIDATES.filterScan ? { hits, total, capped: true } : { hits, total };
  }

  function runSearch(query: SearchQuery, limit: number, offset: number): RankedPage {
    const authors = authorExpression(query);
    if (authors === null) return EMPTY_PAGE;
    const units = matchUnits(query);
    // Text that cannot match anything (only emoji, say) finds nothing, whatever the filters.
    if (unmatchableText(query)) return EMPTY_PAGE;
    const filters = filtersFor(query);
    if (filters.impossible) return EMPTY_PAGE;
    const match = combine(textMatchExpression(query, 'AND'), authors);
    if (match === undefined) return filters.any ? filterOnly(filters, limit, offset) : EMPTY_PAGE;

    // Most archives have no votes yet; then the per-paper count is skipped.
    const votes = value('SELECT EXISTS (SELECT 1 FROM votes)') === 1;
    let found = candidates(match, units, authors, filters, votes);
    let partial = false;
    if (found.rows.length === 0 && units.length > 1) {
      const anyOf = combine(textMatchExpression(query, 'OR'), authors);
      if (anyOf !== undefined) {
        found = candidates(anyOf, units, authors, filters, votes);
        partial = found.rows.length > 0;
      }
    }
    const total = found.rows.length;
    if (total === 0) return { hits: [], total, partial };
    const hits = limit === 0 ? [] : rankAndPage(found.rows, units, limit, offset);
    return found.capped ? { hits, total, partial, capped: true } : { hits, total, partial };
  }

  return {
    rank(query, options) {
      const limit = clampInt(options.limit, 0, MAX_PAGE_SIZE);
      const offset = clampInt(options.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
      try {
        return runSearch(query, limit, offset);
      } catch (error) {
        if (isFtsQueryError(error)) return EMPTY_PAGE;
        throw error;
      }
    },

    suggestTitles(prefix, limit) {
      const n = clampInt(limit, 0, MAX_PAGE_SIZE);
      if (n === 0) return [];
      const text = cleanQueryText(prefix).toLowerCase();
      const words = queryWords(text).slice(0, MAX_QUERY_TERMS);
      try {
        if (words.length === 0) {
          // Nothing typed yet: offer the newest day's most upvoted papers.
          return prepare(
            `SELECT id, title FROM papers WHERE papers_day = (SELECT max(papers_day) FROM papers)
             ORDER BY upvotes DESC, id LIMIT ?`,
          ).all(n) as { id: PaperId; title: string }[];
        }
        const match = words
          .map((word, index) => `title : ${ftsString(word)}${index === words.length - 1 ? '*' : ''}`)
          .join(' AND ');
        // Titles that start with what was typed come first, then the rest by upvotes; among the
        // newest matches only, so a two-letter prefix costs the same in any archive.
        return prepare(
          `SELECT p.id, p.title FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
           JOIN papers p ON p.seq = f.rowid
           ORDER BY instr(paperboy_lower(p.title), ?) = 1 DESC, p.upvotes DESC, p.id LIMIT ?`,
        ).all(match, CANDIDATES.suggest, text, n) as { id: PaperId; title: string }[];
      } catch (error) {
        if (isFtsQueryError(error)) return [];
        throw error;
      }
    },
  };
}

/** Index pages one merge step writes: a few hundred KB, a short write transaction. */
export const MERGE_STEP_PAGES = 256;

/**
 * Merges the full-text index towards one segment. Each write transaction adds a segment and a
 * query looks a word up in every segment, so after a bulk ingest this makes searches several
 * times faster; FTS5's automerge keeps day-to-day growth in check on its own. FTS5's one-shot
 * 'optimize' holds the write lock for as long as indexing took (a minute for 200,000 papers),
 * so a running bot's writes would wait or fail; this runs FTS5's incremental 'merge' in small
 * steps, each its own transaction, so other writers wait milliseconds at most between them.
 * A negative page count merges across all levels, as 'optimize' does. Returns the steps taken.
 */
export function optimizeSearchIndex(db: BetterSqlite3.Database, options: { pagesPerStep?: number; afterStep?: () => void } = {}): number {
  const step = searchIndexMergeStep(db, options.pagesPerStep);
  for (let steps = 1; ; steps++) {
    const merged = step();
    options.afterStep?.();
    if (!merged) return steps;
  }
}

/**
 * One merge step of optimizeSearchIndex, for a caller that lets other work run between steps.
 * Returns false once a step found nothing left to merge.
 */
export function searchIndexMergeStep(db: BetterSqlite3.Database, pagesPerStep = MERGE_STEP_PAGES): () => boolean {
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  const merge = db.prepare<[number]>("INSERT INTO papers_fts (papers_fts, rank) VALUES ('merge', ?)");
  return () => {
    const before = changes.get() ?? 0;
    merge.run(-pagesPerStep);
    // FTS5's documented end of work: a step that changed fewer than two rows found nothing to merge.
    return (changes.get() ?? 0) - before >= 2;
  };
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return value > 0 ? max : min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** The quoting should make these impossible; if one happens anyway, the answer is "no match". */
function isFtsQueryError(error: unknown): boolean {
  return (
    error instanceof BetterSqlite3.SqliteError &&
    /fts5|match|unterminated string|special query/i.test(error.message)
  );
}
