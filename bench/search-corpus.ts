/**
 * A generated archive for the search benchmark whose words follow the real papers in the
 * fixtures: a bigram model over every fixture title and abstract (so "large language models"
 * comes out as a run, and word frequencies are the real, Zipfian ones), plus a long tail of
 * made-up rare words drawn from a Zipf law, as a 200,000-paper archive has names and jargon
 * that 100 abstracts do not. Seeded: the same seed gives the same papers, in any process.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { paperLinks, type Paper } from '../src/core/paper.js';
import { parseDailyPapersResponse, parseSearchResponse } from '../src/source/hf-normalise.js';

const FIXTURES = new URL('../test/fixtures/', import.meta.url);

/** mulberry32: small, fast, seeded; good enough to sample words. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface SourceText {
  readonly titles: string[];
  readonly abstracts: string[];
  readonly authors: string[];
  readonly orgs: { name: string; fullname?: string | undefined }[];
}

/** Every title, abstract, author and organization in test/fixtures (HF responses and relevance corpus). */
export function fixtureText(): SourceText {
  const papers: Pick<Paper, 'title' | 'abstract' | 'authors' | 'organization'>[] = [];
  const hfDir = new URL('hf/', FIXTURES);
  for (const name of readdirSync(hfDir).filter((file) => file.endsWith('.json'))) {
    const json: unknown = JSON.parse(readFileSync(new URL(name, hfDir), 'utf8'));
    const batch = name.includes('search') ? parseSearchResponse(json) : parseDailyPapersResponse(json);
    papers.push(...batch.papers);
  }
  const seed = JSON.parse(readFileSync(new URL('relevance/hf-search-memory-corpus.json', FIXTURES), 'utf8')) as Paper[];
  papers.push(...seed);
  const orgs = new Map<string, { name: string; fullname?: string | undefined }>();
  for (const paper of papers) if (paper.organization) orgs.set(paper.organization.name, paper.organization);
  return {
    titles: papers.map((paper) => paper.title),
    abstracts: papers.map((paper) => paper.abstract),
    authors: [...new Set(papers.flatMap((paper) => paper.authors))],
    orgs: [...orgs.values()],
  };
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'-]*|[.,;:]/gu;

/** A first-order word model: P(next | word), falling back to P(word). */
class BigramModel {
  private readonly vocab: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly unigram: number[] = [];
  private readonly next = new Map<number, number[]>();
  private unigramCumulative: Float64Array = new Float64Array(0);

  constructor(texts: readonly string[]) {
    for (const text of texts) {
      const words = text.match(TOKEN) ?? [];
      let previous: number | undefined;
      for (const word of words) {
        const id = this.id(word);
        this.unigram[id] = (this.unigram[id] ?? 0) + 1;
        if (previous !== undefined) {
          const list = this.next.get(previous) ?? [];
          list.push(id);
          this.next.set(previous, list);
        }
        previous = id;
      }
    }
    let sum = 0;
    this.unigramCumulative = Float64Array.from(this.unigram, (count) => (sum += count));
  }

  private id(word: string): number {
    let id = this.index.get(word);
    if (id === undefined) {
      id = this.vocab.length;
      this.vocab.push(word);
      this.index.set(word, id);
    }
    return id;
  }

  /** Word ids sorted by frequency, most frequent first. */
  byFrequency(): string[] {
    return this.vocab.map((word, id) => ({ word, n: this.unigram[id] ?? 0 })).sort((a, b) => b.n - a.n).map((entry) => entry.word);
  }

  count(word: string): number {
    const id = this.index.get(word);
    return id === undefined ? 0 : (this.unigram[id] ?? 0);
  }

  private sampleUnigram(random: () => number): number {
    const total = this.unigramCumulative[this.unigramCumulative.length - 1] ?? 0;
    const target = random() * total;
    let lo = 0;
    let hi = this.unigramCumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.unigramCumulative[mid] ?? 0) <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `length` words; `rare()` is asked for a made-up word at the given rate. */
  generate(random: () => number, length: number, rareRate: number, rare: () => string): string {
    const out: string[] = [];
    let current = this.sampleUnigram(random);
    while (out.length < length) {
      if (random() < rareRate) out.push(rare());
      else out.push(this.vocab[current] ?? '');
      const followers = this.next.get(current);
      current = followers && random() < 0.9 ? (followers[Math.floor(random() * followers.length)] ?? 0) : this.sampleUnigram(random);
    }
    return out.join(' ').replace(/ ([.,;:])/gu, '$1');
  }
}

/** Sampler for ranks 1..n with P(rank) ∝ rank^-s, by inverting the cumulative table. */
function zipf(n: number, s: number): (random: () => number) => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let rank = 1; rank <= n; rank += 1) cumulative[rank - 1] = sum += rank ** -s;
  return (random) => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'vas', 'qe', 'zor', 'pli', 'dex', 'gun', 'hy', 'wex', 'bri', 'jo', 'nax', 'sul', 'ty', 'fro', 'cam'];

/** The made-up word of a rank: three to four syllables, never an English or fixture word. */
export function rareWord(rank: number): string {
  let word = 'x';
  let n = rank + 400;
  while (n > 0) {
    word += SYLLABLES[n % SYLLABLES.length] ?? '';
    n = Math.floor(n / SYLLABLES.length);
  }
  return word;
}

export const RARE_VOCABULARY = 300_000;

export interface Corpus {
  /** Title words, most frequent first. */
  readonly titleWords: readonly string[];
  /** Adjacent word pairs in the fixture titles and abstracts, most frequent first ("language models"). */
  readonly bigrams: readonly (readonly [string, string])[];
  readonly abstractWords: readonly string[];
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  paper(index: number): Paper;
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.parse('2023-05-04T00:00:00Z');
const LAST_DAY = Date.parse('2026-07-31T00:00:00Z');

/** `size` papers spread evenly over Daily Papers' days, oldest first, as an ingest stores them. */
export function createCorpus(size: number, seed = 20_230_504): Corpus {
  const text = fixtureText();
  const titles = new BigramModel(text.titles);
  const abstracts = new BigramModel([...text.abstracts, ...text.titles]);
  const names = text.authors.map((name) => name.split(/\s+/u)).filter((parts) => parts.length >= 2);
  const firstNames = [...new Set(names.map((parts) => parts[0] ?? ''))];
  const lastNames = [...new Set(names.map((parts) => parts.at(-1) ?? ''))];
  const rareRank = zipf(RARE_VOCABULARY, 1.05);
  const lastRank = zipf(lastNames.length, 0.8);
  const firstRank = zipf(firstNames.length, 0.8);
  const orgRank = zipf(text.orgs.length, 1);
  const days = (LAST_DAY - FIRST_DAY) / DAY_MS + 1;
  const dayOf = (index: number): string =>
    new Date(FIRST_DAY + Math.floor((index * days) / size) * DAY_MS).toISOString().slice(0, 10);

  const pairs = new Map<string, number>();
  for (const sentence of [...text.titles, ...text.abstracts]) {
    const words = sentence.toLowerCase().match(/[a-z]{3,}/gu) ?? [];
    for (let i = 1; i < words.length; i += 1) {
      const pair = `${words[i - 1] ?? ''} ${words[i] ?? ''}`;
      pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
    }
  }
  const bigrams = [...pairs.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([pair]) => pair.split(' ') as [string, string]);

  return {
    titleWords: titles.byFrequency(),
    bigrams,
    abstractWords: abstracts.byFrequency(),
    firstNames,
    lastNames,
    paper(index) {
      // One generator per paper: paper i is the same whichever order papers are asked for.
      const random = seededRandom(seed ^ Math.imul(index + 1, 2_654_435_761));
      const rare = () => rareWord(rareRank(random));
      const title = titles.generate(random, 5 + Math.floor(random() * 9), 0.03, rare);
      const abstract = abstracts.generate(random, 120 + Math.floor(random() * 160), 0.015, rare);
      const authorCount = 1 + Math.floor(random() ** 2 * 12);
      const authors = Array.from({ length: authorCount }, () => `${firstNames[firstRank(random)] ?? 'A.'} ${lastNames[lastRank(random)] ?? 'Author'}`);
      const day = dayOf(index);
      const org = random() < 0.3 ? text.orgs[orgRank(random)] : undefined;
      // arXiv numbers papers within a month; a month here holds about size/39 papers (< 100,000).
      const monthDay = Math.max(0, (Date.parse(`${day.slice(0, 7)}-01T00:00:00Z`) - FIRST_DAY) / DAY_MS);
      const first = Math.ceil((monthDay * size) / days);
      const id = `${day.slice(2, 4)}${day.slice(5, 7)}.${String(index - first).padStart(5, '0')}`;
      const keywordWords = abstract.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [];
      const keywords = Array.from({ length: 3 }, () => {
        const at = Math.floor(random() * Math.max(1, keywordWords.length - 1));
        return keywordWords.slice(at, at + 2).join(' ');
      });
      return {
        id: id,
        title,
        abstract,
        keywords,
        authors,
        authorCount,
        publishedOn: day,
        papersDay: day,
        upvotes: Math.floor(Math.exp(random() * random() * 6)) - 1,
        comments: 0,
        organization: org,
        links: paperLinks(id),
      };
    },
  };
}
