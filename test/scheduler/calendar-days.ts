/**
 * Three weeks of Daily Papers (2026-02-28 to 2026-03-22) made of the real recorded papers: the
 * Hugging Face responses in test/fixtures/hf and the papers of the recorded search page for
 * "memory", each put on one papers-day. Weekdays carry four papers, weekends none to two; one
 * Monday is a holiday (never any papers) and one Wednesday fills late, two days after it ended.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays, daysBetween, isWeekday } from '../../src/core/papers-day.js';
import { FIXTURES, loadFixture, type RawItem } from '../support/hf-fixtures.js';

export const FIRST_DAY = '2026-02-28';
export const LAST_DAY = '2026-03-22';
/** A weekday Hugging Face never fills. */
export const HOLIDAY = '2026-03-09';
/** A weekday Hugging Face fills only two days later: empty when the digests of that day run. */
export const LATE_DAY = '2026-03-04';
export const LATE_DAY_FILLED_AT = new Date(`${addDays(LATE_DAY, 2)}T12:00:00Z`);
const WEEKEND_PAPERS = [1, 0, 2, 1, 0, 1, 2, 0, 1, 1];

/** A paper as the test's own expectations see it. */
export interface CalendarPaper {
  readonly id: string;
  readonly day: string;
  readonly upvotes: number;
  /** Title, abstract, AI keywords and authors, for the filters' expectations. */
  readonly text: string;
}

export interface Calendar {
  readonly papers: readonly CalendarPaper[];
  /** What Hugging Face answers for a day at `now`. */
  itemsOf(day: string, now: Date): RawItem[];
  readonly days: readonly string[];
}

interface SeedPaper {
  readonly id: string;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly string[];
  readonly keywords: readonly string[];
  readonly upvotes: number;
  readonly publishedOn?: string;
}

/** Every recorded paper once, as a Daily Papers item. */
function recordedItems(): RawItem[] {
  const seen = new Set<string>();
  const fromHf = [FIXTURES.day0612, FIXTURES.day0731, FIXTURES.searchKazakh, FIXTURES.searchLlama].flatMap((name) => loadFixture(name));
  const corpusPath = fileURLToPath(new URL('../fixtures/relevance/hf-search-memory-corpus.json', import.meta.url));
  const corpus = (JSON.parse(readFileSync(corpusPath, 'utf8')) as SeedPaper[]).map((paper): RawItem => ({
    title: paper.title,
    numComments: 0,
    paper: {
      id: paper.id, title: paper.title, summary: paper.abstract, upvotes: paper.upvotes, ai_keywords: [...paper.keywords],
      authors: paper.authors.map((name) => ({ name, hidden: false })),
      ...(paper.publishedOn === undefined ? {} : { publishedAt: `${paper.publishedOn}T00:00:00.000Z` }),
    },
  }));
  return [...fromHf, ...corpus].filter((item) => {
    const id = String(item.paper.id);
    return !seen.has(id) && (seen.add(id), true);
  });
}

const textOf = (item: RawItem): string => {
  const paper = item.paper as { title?: string; summary?: string; ai_keywords?: string[]; authors?: { name?: string }[] };
  const title = typeof item.title === 'string' ? item.title : (paper.title ?? '');
  return [title, paper.summary ?? '', ...(paper.ai_keywords ?? []), ...(paper.authors ?? []).map((author) => author.name ?? '')].join('\n');
};

export function buildCalendar(): Calendar {
  const pool = recordedItems();
  const days = daysBetween(FIRST_DAY, LAST_DAY);
  const byDay = new Map<string, RawItem[]>();
  let weekend = 0;
  for (const day of days) {
    const count = day === HOLIDAY ? 0 : isWeekday(day) ? 4 : (WEEKEND_PAPERS[weekend++ % WEEKEND_PAPERS.length] ?? 0);
    const items = pool.splice(0, count).map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${day}T08:00:00.000Z` } }));
    if (items.length < count) throw new Error(`the recorded papers ran out on ${day}`);
    byDay.set(day, items);
  }
  const papers = [...byDay].flatMap(([day, items]) => items.map((item) => ({
    id: String(item.paper.id), day, upvotes: Number(item.paper.upvotes ?? 0), text: textOf(item),
  })));
  return {
    papers,
    days,
    itemsOf: (day, now) => (day === LATE_DAY && now < LATE_DAY_FILLED_AT ? [] : (byDay.get(day) ?? [])),
  };
}

/** Whether Hugging Face has a paper's day at `now` (all but the late day, from the start). */
export function availableAt(paper: CalendarPaper, now: Date): boolean {
  return paper.day !== LATE_DAY || now >= LATE_DAY_FILLED_AT;
}
