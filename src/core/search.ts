/**
 * Parses what a user typed after `/papers` into a structured query. Whatever arrives (emoji,
 * unbalanced quotes, FTS operators, SQL, control characters, 5,000 characters) parses: the
 * store turns every term into a quoted literal, so nothing typed here can be query syntax.
 */
import { isIsoDay } from './paper.js';

/** Longest query we look at; the rest is dropped (HF search itself caps `q` at 250). */
export const MAX_QUERY_LENGTH = 250;
/** More terms than this add nothing to ranking and only slow the match. */
export const MAX_QUERY_TERMS = 16;

export interface SearchQuery {
  /** The cleaned text as typed, for display and for Hugging Face's own search. */
  readonly text: string;
  /** Free words, lower-cased. */
  readonly terms: readonly string[];
  /** `"quoted phrases"`, lower-cased, each a list of words. */
  readonly phrases: readonly (readonly string[])[];
  /** `author:lecun` or `author:"Yann LeCun"`. */
  readonly authors: readonly string[];
  /** `org:nvidia`. */
  readonly orgs: readonly string[];
  /** `since:7d` or `since:2025-01-01`, resolved to a day. */
  readonly since?: string | undefined;
  /** `min:20`: at least this many Hugging Face upvotes. */
  readonly minUpvotes?: number | undefined;
  /** True when the text ended mid-word, so the last term should match as a prefix. */
  readonly prefixLast: boolean;
}

// Zero-width characters, bidi controls and C0/C1 controls carry no meaning in a search.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const FILTER = /^(author|org|since|min):(?:"([^"]*)"?|(\S*))/iu;

export function cleanQueryText(input: string): string {
  const text = input.normalize('NFKC').replace(INVISIBLE, ' ').replace(/\s+/gu, ' ').trim();
  if (text.length <= MAX_QUERY_LENGTH) return text;
  // Cut at a word boundary so the last word is not a fragment that would then prefix-match.
  const cut = text.slice(0, MAX_QUERY_LENGTH + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : cut.slice(0, MAX_QUERY_LENGTH)).trim();
}

/** Splits text into lower-case words of letters and digits; everything else is a separator. */
export function queryWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

export function parseSearchQuery(input: string, now: Date = new Date()): SearchQuery {
  const text = cleanQueryText(input);
  const terms: string[] = [];
  const phrases: string[][] = [];
  const authors: string[] = [];
  const orgs: string[] = [];
  let since: string | undefined;
  let minUpvotes: number | undefined;

  let rest = text;
  while (rest.length > 0) {
    rest = rest.trimStart();
    if (rest.length === 0) break;
    const filter = FILTER.exec(rest);
    if (filter) {
      const key = (filter[1] ?? '').toLowerCase();
      const value = (filter[2] ?? filter[3] ?? '').trim();
      rest = rest.slice(filter[0].length);
      if (value.length === 0) continue;
      if (key === 'author') authors.push(value.toLowerCase());
      else if (key === 'org') orgs.push(value.toLowerCase());
      else if (key === 'since') since = resolveSince(value, now) ?? since;
      else {
        const n = Number(value);
        if (Number.isInteger(n) && n >= 0) minUpvotes = n;
      }
      continue;
    }
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      const inner = end === -1 ? rest.slice(1) : rest.slice(1, end);
      rest = end === -1 ? '' : rest.slice(end + 1);
      const words = queryWords(inner);
      if (words.length > 1) phrases.push(words);
      else terms.push(...words);
      continue;
    }
    const space = rest.search(/\s/u);
    const token = space === -1 ? rest : rest.slice(0, space);
    rest = space === -1 ? '' : rest.slice(space);
    terms.push(...queryWords(token));
  }

  const lastChar = text.at(-1) ?? '';
  return {
    text,
    terms: dedupe(terms).slice(0, MAX_QUERY_TERMS),
    phrases: phrases.slice(0, MAX_QUERY_TERMS),
    authors,
    orgs,
    since,
    minUpvotes,
    prefixLast: terms.length > 0 && /[\p{L}\p{N}]/u.test(lastChar) && !/\s$/u.test(input) && text.length < MAX_QUERY_LENGTH,
  };
}

/** True when the query asks for nothing at all (no words, no filters). */
export function isEmptyQuery(query: SearchQuery): boolean {
  return (
    query.terms.length === 0 &&
    query.phrases.length === 0 &&
    query.authors.length === 0 &&
    query.orgs.length === 0 &&
    query.since === undefined &&
    query.minUpvotes === undefined
  );
}

function resolveSince(value: string, now: Date): string | undefined {
  if (isIsoDay(value)) return value;
  const relative = /^(\d{1,4})([dwmy])$/iu.exec(value);
  if (!relative) return undefined;
  const amount = Number(relative[1]);
  const unitDays = { d: 1, w: 7, m: 30, y: 365 }[(relative[2] ?? 'd').toLowerCase() as 'd' | 'w' | 'm' | 'y'];
  const day = new Date(now.getTime() - amount * unitDays * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
