/**
 * Ranking, in one place, for both stores. The full-text index (SQLite FTS5, PostgreSQL GIN)
 * decides *which* papers match; this file decides their order.
 *
 *   score = relevance × popularity × community × freshness
 *
 * A product, so no term needs a scale that depends on the others or on the size of the archive.
 *
 * - relevance: BM25 per field, summed with field weights (the BM25F shape MiniSearch and Lucene
 *   use), each query word weighted by its idf. Each field saturates on its own, so one title
 *   mention (≈ 10) always beats an abstract that repeats the word ten times (at most 2.2): the
 *   title says what a paper is about; the abstract mentions many things in passing. HF's AI
 *   keywords are a curated topic list (4); author names (3) matter to people searching by name.
 * - popularity: 1 + 0.15·ln(1 + HF upvotes). Logarithmic, so 100 upvotes (≈ ×1.7) can reorder
 *   comparable matches but never lift an abstract mention over a title match.
 * - community: 1 + 0.3·ln(1 + votes here). A vote from someone in this workspace says more
 *   about what this audience wants than an anonymous HF upvote, so it weighs more per vote.
 * - freshness: 1 + 0.5·e^(−age/90 days) on the later of arXiv date and papers-day: today's papers
 *   get up to ×1.5, fading over a quarter, since a chat search is usually after recent work
 *   but last season's papers are still what people cite.
 *
 * The weights were tuned on test/fixtures/relevance (recall@5 and MRR over ~45 queries): the set
 * is insensitive to most of them within a factor of two, which is the point of the product form.
 *
 * FTS5's own bm25() is not used: it counts each word's documents by reading the word's whole
 * posting list on every query, which for "model" in a 200,000-paper archive alone is ~10 ms.
 * Here df comes from the store (estimated for very common words) and term frequencies from the
 * candidates' own text, so the cost is bounded by the number of candidates.
 */
import { countOccurrences, foldToken } from '../../core/search/tokens.js';

export { foldToken } from '../../core/search/tokens.js';

export const RANKING = {
  fieldWeights: { title: 10, keywords: 4, authors: 3, abstract: 1 },
  /** BM25 saturation (k1) and length normalisation (b), the usual values. */
  k1: 1.2,
  b: 0.75,
  /**
   * Typical field lengths in tokens, where length normalisation is neutral. Fixed rather than
   * measured, so a score does not drift as the archive grows; a Daily Papers abstract is ~200.
   */
  typicalLength: { title: 10, keywords: 12, authors: 14, abstract: 200 },
  upvoteWeight: 0.15,
  voteWeight: 0.3,
  recencyBoost: 0.5,
  recencyDecayDays: 90,
} as const;

type Field = keyof typeof RANKING.fieldWeights;

/** A query word, prefix or phrase with its idf. */
export interface RankUnit {
  readonly kind: 'word' | 'prefix' | 'phrase';
  /** Folded with `foldToken`. */
  readonly tokens: readonly string[];
  readonly idf: number;
}

/** What the ranking reads of a candidate paper, apart from its abstract. */
export interface RankRow {
  /** Tie-break: equal scores go by arXiv id. */
  readonly id: string;
  readonly title: string;
  /** JSON text as stored; its punctuation separates tokens, as in FTS5. */
  readonly authors: string;
  readonly keywords: string;
  readonly upvotes: number;
  readonly votes: number;
  /** Later of arXiv date and papers-day, `YYYY-MM-DD`, or null when unknown. */
  readonly day: string | null;
}

/** BM25's idf, never negative: ln(1 + (N − df + 0.5) / (df + 0.5)). */
export function idf(documentFrequency: number, documents: number): number {
  const n = Math.max(documents, documentFrequency, 1);
  return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** Average characters per token in English prose, for field lengths without tokenizing. */
const CHARS_PER_TOKEN = 6.5;

/**
 * How often a unit occurs as whole tokens in folded text: a word exactly, a prefix at the start
 * of a token, a phrase as consecutive tokens with only separators between them.
 */
export function occurrences(text: string, unit: RankUnit): number {
  return countOccurrences(text, unit.tokens, unit.kind === 'prefix');
}

function fieldRelevance(field: Field, raw: string, units: readonly RankUnit[]): number {
  const { k1, b } = RANKING;
  const text = foldToken(raw);
  const norm = k1 * (1 - b + (b * text.length) / CHARS_PER_TOKEN / RANKING.typicalLength[field]);
  let score = 0;
  for (const unit of units) {
    const tf = occurrences(text, unit);
    if (tf > 0) score += unit.idf * RANKING.fieldWeights[field] * ((tf * (k1 + 1)) / (tf + norm));
  }
  return score;
}

/** Whether the unit occurs anywhere in the paper (a prefix longer than the index's is checked here). */
export function unitOccurs(row: RankRow, abstract: string, unit: RankUnit): boolean {
  return [row.title, row.keywords, row.authors, abstract].some((text) => occurrences(foldToken(text), unit) > 0);
}

/** Everything but the abstract's part: it is the long field, read only for papers that may make the page. */
function shortFieldsRelevance(row: RankRow, units: readonly RankUnit[]): number {
  return fieldRelevance('title', row.title, units) + fieldRelevance('keywords', row.keywords, units) + fieldRelevance('authors', row.authors, units);
}

/** Σ over units of idf × Σ over fields of weight × saturated, length-normalised frequency. */
function combineRelevance(short: number, abstract: number, units: readonly RankUnit[]): number {
  if (units.length === 0) return 1;
  const score = short + abstract;
  // FTS5 said it matches; if our matching disagrees (a script it splits differently), count
  // it as one plain abstract mention of every unit rather than as nothing.
  return score > 0 ? score : units.reduce((sum, unit) => sum + unit.idf, 0);
}

export function popularity(upvotes: number, votes: number): number {
  return (1 + RANKING.upvoteWeight * Math.log1p(Math.max(0, upvotes))) * (1 + RANKING.voteWeight * Math.log1p(Math.max(0, votes)));
}

const DAY_MS = 86_400_000;

export function freshness(day: string | null, today: string): number {
  if (day === null) return 1;
  const age = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / DAY_MS;
  if (!Number.isFinite(age)) return 1;
  return 1 + RANKING.recencyBoost * Math.exp(-Math.max(0, age) / RANKING.recencyDecayDays);
}

/** The score, all of it at once: the reference that Ranker computes in two steps. */
export function rankScore(row: RankRow, abstract: string, units: readonly RankUnit[], today: string): number {
  const relevance = combineRelevance(units.length === 0 ? 0 : shortFieldsRelevance(row, units), units.length === 0 ? 0 : fieldRelevance('abstract', abstract, units), units);
  return relevance * popularity(row.upvotes, row.votes) * freshness(row.day, today);
}

export interface Ranked<T> {
  readonly row: T;
  readonly score: number;
}

/** Best first; equal scores by id, so a ranking never depends on the order rows arrived in. */
export function compareRanked(a: Ranked<RankRow>, b: Ranked<RankRow>): number {
  return b.score - a.score || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);
}

/** What a candidate's score is made of, before its abstract is read. */
interface Parts<T> {
  readonly row: T;
  readonly short: number;
  readonly factor: number;
  /** The most the score can be, whatever the abstract says (its part at saturation). */
  readonly score: number;
}

/**
 * The top `k` of `rows` by `rankScore`, reading abstracts only for rows whose bound could still
 * reach the page: rows are taken in order of bound, in batches, until the next bound is below
 * the k-th exact score. Same answer as scoring everything (the tests check), for a fraction of
 * the abstracts. `abstracts` returns null for a row that turned out not to match at all.
 */
export function selectTop<T extends RankRow>(
  rows: readonly T[],
  units: readonly RankUnit[],
  today: string,
  k: number,
  abstracts: (batch: T[]) => (string | null)[],
  batchSize = 32,
): Ranked<T>[] {
  const selection = createSelection(rows, units, today, k, batchSize);
  for (let batch = selection.next(); batch !== undefined; batch = selection.next()) {
    selection.score(batch, abstracts(batch.map((entry) => entry.row)));
  }
  return selection.best();
}

/** `selectTop` for a store that reads abstracts asynchronously (PostgreSQL). */
export async function selectTopAsync<T extends RankRow>(
  rows: readonly T[],
  units: readonly RankUnit[],
  today: string,
  k: number,
  abstracts: (batch: T[]) => Promise<(string | null)[]>,
  batchSize = 32,
): Promise<Ranked<T>[]> {
  const selection = createSelection(rows, units, today, k, batchSize);
  for (let batch = selection.next(); batch !== undefined; batch = selection.next()) {
    selection.score(batch, await abstracts(batch.map((entry) => entry.row)));
  }
  return selection.best();
}

/** The state of one selection: candidates in order of bound, and the best exact scores so far. */
function createSelection<T extends RankRow>(rows: readonly T[], units: readonly RankUnit[], today: string, k: number, batchSize: number) {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const dayFactor = new Map<string, number>();
  const fresh = (day: string | null): number => {
    if (day === null) return 1;
    let factor = dayFactor.get(day);
    if (factor === undefined) {
      const age = (todayMs - Date.parse(`${day}T00:00:00Z`)) / DAY_MS;
      factor = Number.isFinite(age) ? 1 + RANKING.recencyBoost * Math.exp(-Math.max(0, age) / RANKING.recencyDecayDays) : 1;
      dayFactor.set(day, factor);
    }
    return factor;
  };
  const abstractMost = units.reduce((sum, unit) => sum + unit.idf * RANKING.fieldWeights.abstract * (RANKING.k1 + 1), 0);
  const order: Parts<T>[] = rows
    .map((row) => {
      const short = units.length === 0 ? 0 : shortFieldsRelevance(row, units);
      const factor = popularity(row.upvotes, row.votes) * fresh(row.day);
      return { row, short, factor, score: (units.length === 0 ? 1 : short + abstractMost) * factor };
    })
    .sort(compareRanked);
  let best: Ranked<T>[] = [];
  let start = 0;
  return {
    /** The next batch whose bounds can still reach the top k, or undefined when done. */
    next(): Parts<T>[] | undefined {
      const next = order[start];
      const kth = best[k - 1];
      if (k <= 0 || next === undefined || (kth !== undefined && next.score < kth.score)) return undefined;
      const batch = order.slice(start, start + batchSize);
      start += batchSize;
      return batch;
    },
    score(batch: readonly Parts<T>[], texts: readonly (string | null)[]): void {
      batch.forEach((entry, index) => {
        const abstract = texts[index];
        if (abstract === null || abstract === undefined) return;
        const relevance = combineRelevance(entry.short, units.length === 0 ? 0 : fieldRelevance('abstract', abstract, units), units);
        best.push({ row: entry.row, score: relevance * entry.factor });
      });
      best = best.sort(compareRanked).slice(0, k);
    },
    best: (): Ranked<T>[] => best,
  };
}
