/**
 * Full-text search and title autocomplete on PostgreSQL, with SQLite's behaviour (its
 * paper-search.ts is the reference): every unit and one side of each OR must match, else any unit (`partial`); the
 * candidates are the newest CANDIDATES.newest matches plus the newest CANDIDATES.about papers
 * with a unit in the title or keywords when more match (`capped`); search-ranking.ts orders them
 * with the same score. Candidates are found by search-probe.ts; a word's document frequency
 * comes from how often it occurs among the newest papers, or from an exact count when it is rare.
 */
import type { PaperId } from '../../../core/paper.js';
import type { Clock, RankedHit, RankedPage } from '../../../core/ports.js';
import { MAX_QUERY_TERMS, cleanQueryText, queryWords, type SearchQuery } from '../../../core/search/query.js';
import { foldToken, idf, occurrences, selectTopAsync, type RankUnit } from '../../search/search-ranking.js';
import type { Queryable } from '../database.js';
import { Mark, quoteLexeme, searchTokens } from './search-document.js';
import { createSearchFilters, type Filters } from './search-filters.js';
import { VOTES_SQL, WINDOW, newestMatches, readSearchContext, type Candidate, type Reads, type SearchContext } from './search-probe.js';
import { aboutExpression, authorsExpression, both, queryUnits, textExpression, unmatchableText, type QueryUnit } from './search-query.js';

export const CANDIDATES = {
  newest: 100,
  about: 150,
  /** Titles considered for one autocomplete answer. */
  suggest: 2000,
  /** With filters alone, at most this many papers are counted for the total. */
  filterScan: 10_000,
} as const;

/** Most rows one page may ask for. */
export const MAX_PAGE_SIZE = 1000;
/** A unit seen fewer times than this among the newest papers has its documents counted exactly. */
const MIN_SAMPLED = 16;
/** An exact count stops here; a word this common is estimated from the window instead. */
const COUNT_CAP = 5000;
/** Document frequencies remembered between queries (autocomplete asks for the same words again and again). */
const FREQUENCY_CACHE_SIZE = 2000;
const EMPTY_PAGE: RankedPage = { hits: [], total: 0 };

export interface PaperSearch {
  rank(query: SearchQuery, options: { limit: number; offset?: number }): Promise<RankedPage>;
  suggestTitles(prefix: string, limit: number): Promise<{ id: PaperId; title: string }[]>;
}

export interface PostgresSearchOptions {
  /** Newest documents a word's frequency is counted among, for its idf. */
  readonly window?: number;
}

export function createPostgresPaperSearch(db: Queryable, clock: Clock, options: PostgresSearchOptions = {}): PaperSearch {
  const window = options.window ?? WINDOW;
  const filtersFor = createSearchFilters(db, clock);
  const frequencies = new Map<string, number>();
  let frequenciesAt = -1;

  async function candidates(context: SearchContext, match: string, units: readonly QueryUnit[], authors: string | undefined, filters: Filters, reads: Reads): Promise<{ rows: Candidate[]; capped: boolean }> {
    const rows = await newestMatches(db, context, { match, filters, limit: CANDIDATES.newest + 1, reads });
    if (rows.length <= CANDIDATES.newest) return { rows, capped: false };
    rows.pop();
    const about = aboutExpression(match, units, authors);
    const seen = new Set(rows.map((row) => row.seq));
    const more = about === undefined ? [] : await newestMatches(db, context, { match: about, filters, limit: CANDIDATES.about, reads });
    for (const row of more) if (!seen.has(row.seq)) rows.push(row);
    return { rows, capped: true };
  }

  /** Document frequency per unit: counted among the newest papers, or exactly when rare there. */
  async function documentFrequencies(context: SearchContext, units: readonly QueryUnit[]): Promise<number[]> {
    if (frequenciesAt !== context.newest) {
      frequencies.clear();
      frequenciesAt = context.newest;
    }
    const missing = [...new Set(units.map((unit) => unit.anywhere).filter((expression) => !frequencies.has(expression)))];
    if (missing.length > 0) {
      const counts = missing.map((_, index) => `count(*) FILTER (WHERE doc @@ $${index + 2}::tsquery)`).join(', ');
      const { rows } = await db.query({ text: `SELECT count(*), ${counts} FROM paper_search WHERE seq > $1`, values: [context.windowLow, ...missing], rowMode: 'array' });
      const [windowSize = 0, ...inWindow] = (rows[0] as number[] | undefined) ?? [];
      const archive = context.windowLow === 0 ? windowSize : windowSize + context.windowLow;
      for (const [index, expression] of missing.entries()) {
        const seen = inWindow[index] ?? 0;
        const frequency = context.windowLow === 0 ? seen : seen >= MIN_SAMPLED ? (seen * archive) / Math.max(1, windowSize) : await countDocuments(expression);
        if (frequencies.size >= FREQUENCY_CACHE_SIZE) frequencies.delete(frequencies.keys().next().value ?? expression);
        frequencies.set(expression, frequency);
      }
    }
    return units.map((unit) => frequencies.get(unit.anywhere) ?? 0);
  }

  async function countDocuments(expression: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM paper_search WHERE doc @@ $1::tsquery LIMIT $2) m', [expression, COUNT_CAP]);
    return rows[0]?.n ?? 0;
  }

  /** idf per unit; a lone unit's idf scales every score alike, so it is not looked up. */
  async function rankUnits(context: SearchContext, units: readonly QueryUnit[]): Promise<RankUnit[]> {
    if (units.length <= 1) return units.map((unit) => ({ kind: unit.kind, tokens: unit.tokens, idf: 1 }));
    const documents = Math.max(context.newest, window);
    const counts = await documentFrequencies(context, units);
    return units.map((unit, index) => ({ kind: unit.kind, tokens: unit.tokens, idf: idf(counts[index] ?? 0, documents) }));
  }

  async function rankAndPage(context: SearchContext, rows: Candidate[], units: readonly QueryUnit[], limit: number, offset: number): Promise<RankedHit[]> {
    const today = clock.now().toISOString().slice(0, 10);
    const ranking = await rankUnits(context, units);
    const abstracts = async (batch: Candidate[]): Promise<string[]> => {
      if (ranking.length === 0) return batch.map(() => '');
      const { rows: found } = await db.query<{ seq: number; abstract: string }>('SELECT seq, abstract FROM papers WHERE seq = ANY($1::int[])', [batch.map((row) => row.seq)]);
      const bySeq = new Map(found.map((row) => [row.seq, row.abstract]));
      return batch.map((row) => bySeq.get(row.seq) ?? '');
    };
    const top = await selectTopAsync(rows, ranking, today, offset + limit, abstracts);
    return top.slice(offset).map(({ row, score }) => ({ id: row.id, score, votes: row.votes }));
  }

  /** Filters alone (`min:50`, `org:nvidia`) list papers by upvotes. */
  async function filterOnly(filters: Filters, limit: number, offset: number): Promise<RankedPage> {
    const total = await db.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM papers p WHERE true${filters.sql(2)} LIMIT $1) m`, [
      CANDIDATES.filterScan,
      ...filters.params,
    ]);
    const { rows } = await db.query<RankedHit>(
      `SELECT p.id, p.upvotes AS score, ${VOTES_SQL} AS votes FROM papers p WHERE true${filters.sql(3)} ORDER BY p.upvotes DESC, p.id LIMIT $1 OFFSET $2`,
      [limit, offset, ...filters.params],
    );
    const n = total.rows[0]?.n ?? 0;
    return n >= CANDIDATES.filterScan ? { hits: rows, total: n, capped: true } : { hits: rows, total: n };
  }

  async function runSearch(query: SearchQuery, limit: number, offset: number): Promise<RankedPage> {
    const authors = authorsExpression(query);
    if (authors === null) return EMPTY_PAGE;
    const units = queryUnits(query);
    // Text that cannot match anything (only emoji, say) finds nothing, whatever the filters.
    if (unmatchableText(query)) return EMPTY_PAGE;
    const context = await readSearchContext(db, window);
    const filters = await filtersFor(query, context.newest);
    if (filters.impossible) return EMPTY_PAGE;
    const match = both(textExpression(query, 'AND'), authors);
    if (match === undefined) return filters.any ? filterOnly(filters, limit, offset) : EMPTY_PAGE;

    // Most archives have no votes yet; then the per-paper count is skipped.
    const reads: Reads = { text: units.length > 0 ? 'all' : 'none', votes: context.anyVotes };
    let found = await candidates(context, match, units, authors, filters, reads);
    let partial = false;
    if (found.rows.length === 0 && units.length > 1) {
      const anyOf = both(textExpression(query, 'OR'), authors);
      if (anyOf !== undefined) {
        found = await candidates(context, anyOf, units, authors, filters, reads);
        partial = found.rows.length > 0;
      }
    }
    const total = found.rows.length;
    if (total === 0) return { hits: [], total, partial };
    const hits = limit === 0 ? [] : await rankAndPage(context, found.rows, units, limit, offset);
    return found.capped ? { hits, total, partial, capped: true } : { hits, total, partial };
  }

  return {
    async rank(query, options) {
      try {
        return await runSearch(query, clampInt(options.limit, 0, MAX_PAGE_SIZE), clampInt(options.offset ?? 0, 0, Number.MAX_SAFE_INTEGER));
      } catch (error) {
        if (isTsqueryError(error)) return EMPTY_PAGE;
        throw error;
      }
    },

    async suggestTitles(prefix, limit) {
      const n = clampInt(limit, 0, MAX_PAGE_SIZE);
      if (n === 0) return [];
      const text = cleanQueryText(prefix).toLowerCase();
      const words = queryWords(text).slice(0, MAX_QUERY_TERMS).flatMap(searchTokens);
      if (words.length === 0) {
        // Nothing typed yet: offer the newest day's most upvoted papers.
        const { rows } = await db.query<{ id: PaperId; title: string }>(
          'SELECT id, title FROM papers WHERE papers_day = (SELECT max(papers_day) FROM papers) ORDER BY upvotes DESC, id LIMIT $1',
          [n],
        );
        return rows;
      }
      // The marked lexemes cover titles and keywords; the titles themselves are checked after.
      const match = words.map((word, index) => `${quoteLexeme(Mark.about + word)}${index === words.length - 1 ? ':*' : ''}`).join(' & ');
      const units: RankUnit[] = words.map((word, index) => ({ kind: index === words.length - 1 ? 'prefix' : 'word', tokens: [word], idf: 1 }));
      // Titles that start with what was typed come first, then the rest by upvotes; among the
      // newest matches only, so a two-letter prefix costs the same in any archive.
      const context = await readSearchContext(db, window);
      const newest = await newestMatches(db, context, { match, filters: NO_FILTERS, limit: CANDIDATES.suggest, reads: { text: 'title', votes: false } });
      return newest
        .filter((row) => units.every((unit) => occurrences(foldToken(row.title), unit) > 0))
        .map((row) => ({ row, starts: row.title.toLowerCase().startsWith(text) }))
        .sort((a, b) => Number(b.starts) - Number(a.starts) || b.row.upvotes - a.row.upvotes || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0))
        .slice(0, n)
        .map(({ row }) => ({ id: row.id, title: row.title }));
    },
  };
}

const NO_FILTERS: Filters = { sql: () => '', params: [], any: false, impossible: false };

/** The quoting should make these impossible; if one happens anyway, the answer is "no match". */
function isTsqueryError(error: unknown): boolean {
  return error instanceof Error && /tsquery/i.test(error.message) && (error as { code?: string }).code?.startsWith('42') === true;
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return value > 0 ? max : min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
