/**
 * Parses what a user typed after `/papers` into a structured query. Whatever arrives (emoji,
 * unbalanced quotes, FTS operators, SQL, control characters, 5,000 characters) parses: the
 * store turns every term into a quoted literal, so nothing typed here can be query syntax.
 *
 * The language (README, "Searching the archive"): free words, "quoted phrases", author:lecun or
 * author:"Yann LeCun", org:nvidia, since:7d / since:2025-01-01, min:20, and `OR` (upper case)
 * between two words, phrases or authors: `agents OR robotics` needs one of them, and binds
 * tighter than the implicit AND (`memory agents OR robotics` is memory AND (agents OR robotics)).
 * Anything else, including `title:x` and a lower-case "or", is searched as plain words; a filter
 * whose value is not understood is dropped. `parseFilterQuery` parses the same language for a
 * digest filter and says what it dropped, so a subscribe command can refuse it.
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
  /**
   * `a OR "b c" OR d` groups, each of two or more alternatives of which at least one must match
   * (the groups themselves all must). Their words are not in `terms`, `phrases` or `authors`.
   * Absent or empty when the query has no OR.
   */
  readonly anyOf?: readonly (readonly QueryAlternative[])[] | undefined;
}

/** One side of an OR: a word, a phrase (lower-cased words) or an author name (lower-cased). */
export type QueryAlternative =
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'phrase'; readonly words: readonly string[] }
  | { readonly kind: 'author'; readonly name: string };

/** A parsed digest filter and what in it could not be used. */
export interface FilterParse {
  readonly query: SearchQuery;
  /** Sentences for the user; empty when the whole filter was understood. */
  readonly problems: readonly string[];
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

/** The operator between alternatives; only upper case, so a typed "or" stays a word. */
export const OR_OPERATOR = 'OR';

/** One piece of the query as typed: words of one token, a phrase, or a filter. */
type Piece =
  | { readonly kind: 'words'; readonly words: string[]; readonly raw: string }
  | { readonly kind: 'phrase'; readonly words: string[]; readonly raw: string }
  | { readonly kind: 'author'; readonly name: string; readonly raw: string }
  | { readonly kind: 'org'; readonly name: string; readonly raw: string }
  | { readonly kind: 'other'; readonly raw: string };

interface Parsed {
  readonly query: SearchQuery;
  readonly problems: string[];
}

export function parseSearchQuery(input: string, now: Date = new Date()): SearchQuery {
  return parseQuery(input, now, true).query;
}

/**
 * A digest filter (or a follow) in the search language: never prefix-matched, and with the
 * reasons anything typed was dropped (a bad `min:` value, a dangling OR, text without letters),
 * so the command can say so instead of storing a filter that quietly means something else.
 */
export function parseFilterQuery(input: string, now: Date = new Date()): FilterParse {
  const problems: string[] = [];
  const cleaned = cleanQueryText(input);
  if (input.normalize('NFKC').replace(/\s+/gu, ' ').trim().length > MAX_QUERY_LENGTH) {
    problems.push(`the filter is longer than ${MAX_QUERY_LENGTH} characters.`);
  }
  const parsed = parseQuery(input, now, false);
  problems.push(...parsed.problems);
  if (problems.length === 0 && cleaned.length > 0 && isEmptyQuery(parsed.query)) {
    problems.push(`"${cleaned.slice(0, 40)}" has no letters or digits, so it can never match a paper.`);
  }
  return { query: parsed.query, problems };
}

function parseQuery(input: string, now: Date, typing: boolean): Parsed {
  const text = cleanQueryText(input);
  const problems: string[] = [];
  const terms: string[] = [];
  const phrases: string[][] = [];
  const authors: string[] = [];
  const orgs: string[] = [];
  const anyOf: QueryAlternative[][] = [];
  let since: string | undefined;
  let minUpvotes: number | undefined;
  // What the text ends with decides whether the user is still typing a word.
  let last = 'none' as Last;
  /** The previous piece, while an OR after it may still join it with the next. */
  let previous: Piece | undefined;
  /** The OR group `previous` already belongs to. */
  let group: QueryAlternative[] | undefined;
  let pendingOr: string | undefined;

  /** Files a piece that is not (or no longer) part of an OR group. */
  const keep = (piece: Piece): void => {
    if (piece.kind === 'words') terms.push(...piece.words);
    else if (piece.kind === 'phrase') {
      if (piece.words.length > 1) phrases.push(piece.words);
      else terms.push(...piece.words);
    } else if (piece.kind === 'author') authors.push(piece.name);
    else if (piece.kind === 'org') orgs.push(piece.name);
  };
  const flushPrevious = (): void => {
    if (previous !== undefined && group === undefined) keep(previous);
    previous = undefined;
    group = undefined;
  };
  /** An OR that joins nothing: a problem in a filter; in a search box just a word, as it always was. */
  const strayOr = (or: string, problem: string): void => {
    flushPrevious();
    problems.push(problem);
    if (typing) terms.push(...queryWords(or));
  };
  const DANGLING = 'OR must stand between two words, phrases or authors, e.g. agents OR robotics.';

  let rest = text;
  while (rest.length > 0) {
    rest = rest.trimStart();
    if (rest.length === 0) break;
    const piece = nextPiece();
    if (piece.kind === 'other' && piece.raw === OR_OPERATOR) {
      if (pendingOr !== undefined || previous === undefined) strayOr(piece.raw, DANGLING);
      else pendingOr = piece.raw;
      last = 'other';
      continue;
    }
    if (pendingOr !== undefined) {
      const or = pendingOr;
      pendingOr = undefined;
      if (previous?.kind === 'org' && piece.kind === 'org') {
        // Several org: filters already mean any of them.
        flushPrevious();
        previous = piece;
        continue;
      }
      const joined = previous === undefined ? undefined : join(previous, piece);
      if (joined !== undefined) {
        if (group === undefined) {
          group = joined;
          anyOf.push(group);
        } else group.push(...joined.slice(1));
        previous = piece;
        continue;
      }
      strayOr(or, piece.kind === 'other' || previous === undefined ? DANGLING : `OR joins words and phrases, or author: names, not ${previous.raw} with ${piece.raw}.`);
    }
    flushPrevious();
    // Held back one piece: an OR after it may still make it an alternative.
    if (piece.kind !== 'other') previous = piece;
  }
  if (pendingOr !== undefined) strayOr(pendingOr, DANGLING);
  const endsInGroup = group !== undefined;
  flushPrevious();

  /** The next piece of `rest`, consuming it; filters are applied here. */
  function nextPiece(): Piece {
    const filter = FILTER.exec(rest);
    if (filter) {
      const key = (filter[1] ?? '').toLowerCase();
      const value = (filter[2] ?? filter[3] ?? '').trim();
      const raw = filter[0];
      rest = rest.slice(filter[0].length);
      last = 'other';
      if (value.length === 0) {
        problems.push(`${key}: needs a value, e.g. ${FILTER_EXAMPLES[key] ?? `${key}:x`}.`);
        return { kind: 'other', raw };
      }
      if (key === 'author') {
        if (!TOKEN_CHAR.test(value)) problems.push(`author:${value} has no letters, so it can never match.`);
        return { kind: 'author', name: value.toLowerCase(), raw };
      }
      if (key === 'org') return { kind: 'org', name: value.toLowerCase(), raw };
      if (key === 'since') {
        // Several filters all apply, so the strictest wins; a value that is not a date is dropped.
        const day = resolveSince(value, now);
        if (day === undefined) problems.push(`since:${value} is not a date or an age; use e.g. since:7d or since:2025-01-01.`);
        else since = since === undefined || day > since ? day : since;
      } else {
        const n = Number(value);
        if (Number.isSafeInteger(n) && n >= 0) minUpvotes = Math.max(n, minUpvotes ?? 0);
        else problems.push(`min:${value} is not a whole number of upvotes; use e.g. min:10.`);
      }
      return { kind: 'other', raw };
    }
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      const inner = end === -1 ? rest.slice(1) : rest.slice(1, end);
      const raw = end === -1 ? rest : rest.slice(0, end + 1);
      rest = end === -1 ? '' : rest.slice(end + 1);
      last = 'other';
      const words = queryWords(inner);
      if (words.length === 0) problems.push(`${raw} has no letters or digits, so it can never match.`);
      return { kind: 'phrase', words, raw };
    }
    const space = rest.search(/\s/u);
    const token = space === -1 ? rest : rest.slice(0, space);
    rest = space === -1 ? '' : rest.slice(space);
    if (token === OR_OPERATOR) return { kind: 'other', raw: token };
    const words = queryWords(token);
    last = words.length > 0 && ENDS_IN_WORD.test(token) ? 'word' : 'other';
    return words.length === 0 ? { kind: 'other', raw: token } : { kind: 'words', words, raw: token };
  }

  const typed = terms.at(-1);
  const prefixLast =
    typing &&
    last === 'word' &&
    !endsInGroup &&
    typed !== undefined &&
    typed.length >= MIN_PREFIX_LENGTH &&
    !/\s$/u.test(input) &&
    text.length < MAX_QUERY_LENGTH;
  const groups = anyOf.slice(0, MAX_QUERY_TERMS).map((alternatives) => alternatives.slice(0, MAX_QUERY_TERMS));
  return {
    query: {
      text,
      terms: prefixLast ? typedLast(terms, typed) : dedupe(terms).slice(0, MAX_QUERY_TERMS),
      phrases: phrases.slice(0, MAX_QUERY_TERMS),
      authors,
      orgs,
      since,
      minUpvotes,
      prefixLast,
      ...(groups.length > 0 ? { anyOf: groups } : {}),
    },
    problems,
  };
}

const FILTER_EXAMPLES: Record<string, string> = { author: 'author:lecun', org: 'org:nvidia', since: 'since:7d', min: 'min:10' };

/** What a piece contributes to an OR group; undefined for a piece that cannot stand in one. */
function alternativesOf(piece: Piece): QueryAlternative[] | undefined {
  if (piece.kind === 'words') {
    // `gpt-4o OR llama`: a hyphenated word is its words in a row, as the index sees them.
    return piece.words.length === 1 ? [{ kind: 'word', word: piece.words[0] ?? '' }] : [{ kind: 'phrase', words: piece.words }];
  }
  if (piece.kind === 'phrase') {
    if (piece.words.length === 0) return undefined;
    return piece.words.length === 1 ? [{ kind: 'word', word: piece.words[0] ?? '' }] : [{ kind: 'phrase', words: piece.words }];
  }
  if (piece.kind === 'author') return [{ kind: 'author', name: piece.name }];
  return undefined;
}

/** Both sides as alternatives of one group, or undefined when they cannot be joined (text with an author). */
function join(left: Piece, right: Piece): QueryAlternative[] | undefined {
  const a = alternativesOf(left);
  const b = alternativesOf(right);
  if (a === undefined || b === undefined) return undefined;
  const authorSide = (alternatives: QueryAlternative[]) => alternatives.every((alternative) => alternative.kind === 'author');
  if (authorSide(a) !== authorSide(b)) return undefined;
  return [...a, ...b];
}

/** True when the query asks for nothing at all (no words, no filters). */
export function isEmptyQuery(query: SearchQuery): boolean {
  return (
    query.terms.length === 0 &&
    query.phrases.length === 0 &&
    query.authors.length === 0 &&
    query.orgs.length === 0 &&
    query.since === undefined &&
    query.minUpvotes === undefined &&
    (query.anyOf ?? []).length === 0
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
