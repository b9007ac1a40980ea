/**
 * Full-text search and title autocomplete over `papers_fts`.
 *
 * Safety: every piece of user text reaches FTS5 only as a double-quoted string literal with its
 * inner `"` doubled, so `NEAR(`, `AND`, `*`, `-`, `:` and friends are plain characters that the
 * tokenizer drops. The only syntax in a MATCH expression is what this file writes itself.
 *
 * Matching: all terms and phrases must match (AND). When that finds nothing and there are at
 * least two terms, the search falls back to OR of them, so `memory agents foo` still lists the
 * memory/agent papers (ranked by how many terms they contain). Filters always apply.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { PaperId } from '../core/paper.js';
import type { Clock, SearchHit, SearchPage } from '../core/ports.js';
import { MAX_QUERY_TERMS, cleanQueryText, queryWords, type SearchQuery } from '../core/search.js';
import { PAPER_SELECT_LIST, columnsToPaper, type PaperColumns } from './paper-row.js';

/**
 * Ranking, in one place. score = relevance × popularity × freshness, a product so the blend does
 * not depend on the scale of bm25 (which grows with the corpus):
 * - relevance: FTS5 bm25 with column weights. The title says what a paper is about (10); a
 *   match in HF's AI keywords is a curated topic (4); an author name match (3) matters for
 *   people searching by name; the abstract (1) is long and mentions many things in passing.
 * - popularity: 1 + 0.2·ln(1 + upvotes). Logarithmic, so 100 upvotes (≈ ×1.9) can reorder
 *   comparable matches but never lift an abstract mention over a title match (≈ ×10).
 * - freshness: 1 + 0.5·e^(−age/30 days) on the later of arXiv date and papers-day: today's papers
 *   get up to ×1.5, fading over a month, since a chat search is usually after recent work.
 */
export const RANKING = {
  columnWeights: { title: 10, abstract: 1, authors: 3, keywords: 4 },
  upvoteWeight: 0.2,
  recencyBoost: 0.5,
  recencyDecayDays: 30,
} as const;

const W = RANKING.columnWeights;
const PAPER_DAY_SQL = `nullif(max(coalesce(p.published_on, ''), coalesce(p.papers_day, '')), '')`;
const SCORE_SQL =
  `(-bm25(papers_fts, ${W.title}, ${W.abstract}, ${W.authors}, ${W.keywords}))` +
  ` * (1 + ${RANKING.upvoteWeight} * ln(1 + p.upvotes))` +
  ` * (1 + ${RANKING.recencyBoost} * coalesce(exp(-max(0.0, julianday(?) - julianday(${PAPER_DAY_SQL}))` +
  ` / ${RANKING.recencyDecayDays}.0), 0.0))`;

/** Most rows one page may ask for. */
export const MAX_PAGE_SIZE = 1000;
/** More author or org filters than this are ignored (the parser does not cap them). */
const MAX_FILTERS = 8;
const FROM_MATCHES = 'FROM papers_fts JOIN papers p ON p.seq = papers_fts.rowid';
/** Letters, digits and private-use characters are what unicode61 keeps as token characters. */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const EMPTY_PAGE: SearchPage = { hits: [], total: 0 };

/**
 * An FTS5 string literal: the text becomes a phrase of its tokens, never query syntax. NUL goes:
 * FTS5's expression parser reads C strings and would stop there, leaving the quote unclosed.
 */
export function ftsString(text: string): string {
  return `"${text.replaceAll('\u0000', ' ').replaceAll('"', '""')}"`;
}

/** The free-text part of the MATCH expression, or undefined when nothing in it can match. */
export function textMatchExpression(query: SearchQuery, join: 'AND' | 'OR'): string | undefined {
  const terms = query.terms.slice(0, MAX_QUERY_TERMS).filter((term) => TOKEN_CHAR.test(term));
  const parts = terms.map((term, index) =>
    query.prefixLast && index === terms.length - 1 ? `${ftsString(term)}*` : ftsString(term),
  );
  for (const phrase of query.phrases.slice(0, MAX_QUERY_TERMS)) {
    const text = phrase.join(' ');
    if (TOKEN_CHAR.test(text)) parts.push(ftsString(text));
  }
  return parts.length === 0 ? undefined : parts.join(` ${join} `);
}

interface Filters {
  readonly sql: string;
  readonly params: unknown[];
  readonly any: boolean;
  /** A filter that no paper can satisfy, such as an author name without letters. */
  readonly impossible: boolean;
}

/**
 * author: every given author must be on the paper (a phrase, prefix-matched, in the authors
 * column of the index, so case and diacritics are folded). org: any of the given orgs, by exact
 * HF slug or as part of the full name. since: the later of arXiv date and papers-day.
 */
function filtersFor(query: SearchQuery): Filters {
  const sql: string[] = [];
  const params: unknown[] = [];
  let impossible = false;

  const authors = query.authors.slice(0, MAX_FILTERS);
  if (authors.length > 0) {
    if (!authors.every((author) => TOKEN_CHAR.test(author))) impossible = true;
    sql.push('p.seq IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)');
    params.push(authors.map((author) => `authors : ${ftsString(author)}*`).join(' AND '));
  }
  const orgs = query.orgs.slice(0, MAX_FILTERS).map((org) => org.trim().toLowerCase()).filter((org) => org !== '');
  if (orgs.length > 0) {
    const one = "(paperboy_lower(p.org_name) = ? OR instr(paperboy_lower(coalesce(p.org_fullname, '')), ?) > 0)";
    sql.push(`(${orgs.map(() => one).join(' OR ')})`);
    for (const org of orgs) params.push(org, org);
  }
  if (query.since !== undefined) {
    sql.push(`max(coalesce(p.published_on, ''), coalesce(p.papers_day, '')) >= ?`);
    params.push(query.since);
  }
  if (query.minUpvotes !== undefined && Number.isFinite(query.minUpvotes)) {
    sql.push('p.upvotes >= ?');
    params.push(query.minUpvotes);
  }
  return { sql: sql.map((clause) => ` AND ${clause}`).join(''), params, any: sql.length > 0, impossible };
}

export interface PaperSearch {
  search(query: SearchQuery, options: { limit: number; offset?: number }): SearchPage;
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
  const count = (sql: string, params: unknown[]): number => Number(prepare(sql).pluck().get(...params) ?? 0);
  type ScoredRow = PaperColumns & { score: number };
  const toHits = (rows: unknown[]): SearchHit[] =>
    (rows as ScoredRow[]).map((row) => ({ paper: columnsToPaper(row), score: row.score }));

  function runSearch(query: SearchQuery, limit: number, offset: number): SearchPage {
    const filters = filtersFor(query);
    if (filters.impossible) return EMPTY_PAGE;
    const hasText = query.terms.length > 0 || query.phrases.length > 0;
    let match = textMatchExpression(query, 'AND');

    if (match === undefined) {
      // Filters alone (`min:50`, `org:nvidia`) list papers by upvotes; unmatchable text lists nothing.
      if (hasText || !filters.any) return EMPTY_PAGE;
      const where = `WHERE 1${filters.sql}`;
      const total = count(`SELECT count(*) FROM papers p ${where}`, filters.params);
      const rows = prepare(
        `SELECT ${PAPER_SELECT_LIST}, p.upvotes AS score FROM papers p ${where} ORDER BY p.upvotes DESC, p.id LIMIT ? OFFSET ?`,
      ).all(...filters.params, limit, offset);
      return { hits: toHits(rows), total };
    }

    const where = `WHERE papers_fts MATCH ?${filters.sql}`;
    const countSql = `SELECT count(*) ${FROM_MATCHES} ${where}`;
    let total = count(countSql, [match, ...filters.params]);
    let partial = false;
    if (total === 0) {
      const anyOf = textMatchExpression(query, 'OR');
      if (anyOf !== undefined && anyOf !== match) {
        match = anyOf;
        total = count(countSql, [match, ...filters.params]);
        partial = total > 0;
      }
    }
    if (total === 0 || limit === 0) return { hits: [], total, partial };
    const today = clock.now().toISOString().slice(0, 10);
    const rows = prepare(
      `SELECT ${PAPER_SELECT_LIST}, ${SCORE_SQL} AS score ${FROM_MATCHES} ${where} ORDER BY score DESC, p.id LIMIT ? OFFSET ?`,
    ).all(today, match, ...filters.params, limit, offset);
    return { hits: toHits(rows), total, partial };
  }

  return {
    search(query, options) {
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
        // Titles that start with what was typed come first, then the rest by upvotes.
        return prepare(
          `SELECT p.id, p.title ${FROM_MATCHES} WHERE papers_fts MATCH ?
           ORDER BY instr(paperboy_lower(p.title), ?) = 1 DESC, p.upvotes DESC, p.id LIMIT ?`,
        ).all(match, text, n) as { id: PaperId; title: string }[];
      } catch (error) {
        if (isFtsQueryError(error)) return [];
        throw error;
      }
    },
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
