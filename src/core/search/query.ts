/**
 * Parses what a user typed after `/papers` into a structured query. Whatever arrives (emoji,
 * unbalanced quotes, FTS operators, SQL, control characters, 5,000 characters) parses: the
 * store turns every term into a quoted literal, so nothing typed here can be query syntax.
 *
 * The language (README, "Searching the archive"): free words, "quoted phrases", author:lecun or
 * author:"Yann LeCun", org:nvidia, since:7d / since:2025-01-01, min:20. Anything else, including
 * `title:x`, is searched as plain words; a filter whose value is not understood is dropped.
 */
import { isIsoDay } from '../paper.js';

/** Longest query we look at; the rest is dropped (HF search itself caps `q` at 250). */
export const MAX_QUERY_LENGTH = 250;
/** More terms than this add nothing to ranking and only slow the match. */
export const MAX_QUERY_TERMS = 16;
/**
 * A last word shorter than this is matched whole, not as a prefix: `memory a` would otherwise
 * ask the index for every word starting with "a", the slowest question it can be asked.
 */
export const MIN_PREFIX_LENGTH = 2;

export interface SearchQuery {
  /** The cleaned text as typed, for display and for Hugging Face's own search. */
  readonly text: string;
  /** Free words, lower-cased; when `prefixLast`, the word being typed is the last one. */
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
// Lone surrogates are not text; NFKC keeps them, so they go explicitly.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;
/** Letters, digits and private-use characters: what the index's unicode61 tokenizer keeps. */
export const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const WORD = new RegExp(`${TOKEN_CHAR.source}+`, 'gu');
const FILTER = /^(author|org|since|min):(?:"([^"]*)"?|(\S*))/iu;
const ENDS_IN_WORD = new RegExp(`${TOKEN_CHAR.source}$`, 'u');

export function cleanQueryText(input: string): string {
  const text = input
    .replace(LONE_SURROGATE, ' ')
    .normalize('NFKC')
    .replace(INVISIBLE, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  if (text.length <= MAX_QUERY_LENGTH) return text;
  // Cut at a word boundary so the last word is not a fragment that would then prefix-match.
  const cut = text.slice(0, MAX_QUERY_LENGTH + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : cut.slice(0, MAX_QUERY_LENGTH).replace(/[\ud800-\udbff]$/u, '')).trim();
}

/** Splits text into lower-case words of letters and digits; everything else is a separator. */
export function queryWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

type Last = 'none' | 'word' | 'other';

export function parseSearchQuery(input: string, now: Date = new Date()): SearchQuery {
  const text = cleanQueryText(input);
  const terms: string[] = [];
  const phrases: string[][] = [];
  const authors: string[] = [];
  const orgs: string[] = [];
  let since: string | undefined;
  let minUpvotes: number | undefined;
  // What the text ends with decides whether the user is still typing a word.
  let last: Last = 'none';

  let rest = text;
  while (rest.length > 0) {
    rest = rest.trimStart();
    if (rest.length === 0) break;
    const filter = FILTER.exec(rest);
    if (filter) {
      const key = (filter[1] ?? '').toLowerCase();
      const value = (filter[2] ?? filter[3] ?? '').trim();
      rest = rest.slice(filter[0].length);
      last = 'other';
      if (value.length === 0) continue;
      if (key === 'author') authors.push(value.toLowerCase());
      else if (key === 'org') orgs.push(value.toLowerCase());
      else if (key === 'since') {
        // Several filters all apply, so the strictest wins; a value that is not a date is dropped.
        const day = resolveSince(value, now);
        if (day !== undefined) since = since === undefined || day > since ? day : since;
      } else {
        const n = Number(value);
        if (Number.isSafeInteger(n) && n >= 0) minUpvotes = Math.max(n, minUpvotes ?? 0);
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
      last = 'other';
      continue;
    }
    const space = rest.search(/\s/u);
    const token = space === -1 ? rest : rest.slice(0, space);
    rest = space === -1 ? '' : rest.slice(space);
    const words = queryWords(token);
    terms.push(...words);
    last = words.length > 0 && ENDS_IN_WORD.test(token) ? 'word' : 'other';
  }

  const typing = terms.at(-1);
  const prefixLast =
    last === 'word' &&
    typing !== undefined &&
    typing.length >= MIN_PREFIX_LENGTH &&
    !/\s$/u.test(input) &&
    text.length < MAX_QUERY_LENGTH;
  return {
    text,
    terms: prefixLast ? typedLast(terms, typing) : dedupe(terms).slice(0, MAX_QUERY_TERMS),
    phrases: phrases.slice(0, MAX_QUERY_TERMS),
    authors,
    orgs,
    since,
    minUpvotes,
    prefixLast,
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

const UNIT_DAYS = { d: 1, w: 7, m: 30, y: 365 } as const;

/** `7d`, `2w`, `3m`, `1y`, `today`, `yesterday`, `2025`, `2025-03` or `2025-03-14`, as a day. */
function resolveSince(value: string, now: Date): string | undefined {
  const lower = value.toLowerCase();
  if (isIsoDay(value)) return value;
  if (/^\d{4}-\d{2}$/u.test(value) && isIsoDay(`${value}-01`)) return `${value}-01`;
  if (/^\d{4}$/u.test(value) && isIsoDay(`${value}-01-01`)) return `${value}-01-01`;
  const daysAgo = lower === 'today' ? 0 : lower === 'yesterday' ? 1 : undefined;
  const relative = /^(\d{1,4})([dwmy])$/u.exec(lower);
  const unit = relative?.[2] as keyof typeof UNIT_DAYS | undefined;
  const days = daysAgo ?? (relative && unit ? Number(relative[1]) * UNIT_DAYS[unit] : undefined);
  if (days === undefined) return undefined;
  const day = new Date(now.getTime() - days * 86_400_000);
  return Number.isNaN(day.getTime()) ? undefined : day.toISOString().slice(0, 10);
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

/** Unique terms, capped, with the word being typed moved to the end where the prefix applies. */
function typedLast(terms: string[], typing: string): string[] {
  const others = dedupe(terms.slice(0, -1)).filter((term) => term !== typing);
  return [...others.slice(0, MAX_QUERY_TERMS - 1), typing];
}
