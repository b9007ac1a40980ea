/**
 * What a user typed after `/papers` and `/paperboy`, parsed into a command. Pure and total:
 * any text (5,000 characters, stray quotes, emoji, zero-width characters) parses to a command,
 * help, or a usage error that names the bad argument.
 */
import { NO_FILTER } from '../../core/subscriptions/filter.js';
import { parseUnfollowTarget } from '../../formatter/follow-replies.js';
import {
  isIanaTimezone, keywordsToFilter, MAX_DIGEST_PAPERS, MAX_KEYWORD_LENGTH, MAX_KEYWORDS, parseKeywordList, type SubscribeInput,
} from '../../core/subscriptions/subscribe.js';
import { parseWeekdays } from '../../core/subscriptions/schedule.js';
import { isTopPeriod, TOP_PERIODS, type TopPeriod } from '../../core/votes/top.js';

export const PAPERS_COMMAND = '/papers';
export const PAPERBOY_COMMAND = '/paperboy';

export const USAGE = {
  subscribe: `${PAPERBOY_COMMAND} subscribe [HH:MM] [Area/City] [days:mon-fri | weekly:mon] [max:N] [min:N] [thread] [note] [filter:words OR "a phrase" author:name]`,
  unsubscribe: `${PAPERBOY_COMMAND} unsubscribe`,
  settings: `${PAPERBOY_COMMAND} settings`,
  status: `${PAPERBOY_COMMAND} status`,
  today: `${PAPERBOY_COMMAND} today`,
  top: `${PAPERBOY_COMMAND} top [${TOP_PERIODS.join('|')}]`,
  follow: `${PAPERBOY_COMMAND} follow <search, e.g. author:"Yann LeCun" or org:nvidia>`,
  following: `${PAPERBOY_COMMAND} following`,
  unfollow: `${PAPERBOY_COMMAND} unfollow <id|all>`,
  help: `${PAPERBOY_COMMAND} help`,
} as const;

export type Subcommand = keyof typeof USAGE;

/** A bad argument: `argument` is what the user typed, `problem` says what is expected. */
export interface UsageError {
  readonly kind: 'invalid';
  readonly subcommand: Subcommand;
  readonly argument: string;
  readonly problem: string;
  readonly usage: string;
}

export type PaperboyCommand =
  | { readonly kind: 'help'; readonly unknown?: string | undefined }
  | { readonly kind: 'subscribe'; readonly input: SubscribeInput }
  | { readonly kind: 'unsubscribe' | 'settings' | 'today' | 'status' }
  | { readonly kind: 'top'; readonly period: TopPeriod }
  | { readonly kind: 'follow'; readonly query: string }
  | { readonly kind: 'following' }
  | { readonly kind: 'unfollow'; readonly which: number | 'all' }
  | UsageError;

export type PapersCommand = { readonly kind: 'help' } | { readonly kind: 'search'; readonly text: string };

export const DEFAULT_TOP_PERIOD: TopPeriod = 'week';

// Zero-width characters, bidi controls and C0/C1 controls are invisible and never meant.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu;
const SMART_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/gu;
const TIME = /^\d{1,2}:\d{2}$/u;
const OPTION = /^([\p{L}_-]+):(.*)$/su;

/** Slack escapes `& < >` in command text; everything else arrives as typed. */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');
}

function cleanText(text: string): string {
  return decodeSlackText(text).normalize('NFKC').replace(INVISIBLE, '').replace(SMART_QUOTES, '"').trim();
}

/**
 * Splits on whitespace outside double quotes; quotes group and are dropped, so
 * `keywords:"large models",agents` is one argument. An unclosed quote runs to the end.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (const char of text) {
    if (char === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/u.test(char)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens.filter((token) => token.length > 0);
}

export function parsePapersCommand(text: string): PapersCommand {
  const cleaned = cleanText(text);
  if (cleaned === '' || /^help$/iu.test(cleaned)) return { kind: 'help' };
  return { kind: 'search', text: cleaned };
}

/**
 * `filter:` takes the rest of the line as typed, quotes and all: it is text in the search
 * language (`filter:agents OR "sparse attention" min:10`), so it comes last.
 */
export function splitFilter(text: string): { readonly head: string; readonly filter?: string | undefined } {
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char === '"') quoted = !quoted;
    else if (!quoted && (index === 0 || /\s/u.test(text[index - 1] ?? '')) && /^filter:/iu.test(text.slice(index, index + 7))) {
      return { head: text.slice(0, index), filter: text.slice(index + 7).trim() };
    }
  }
  return { head: text };
}

export function parsePaperboyCommand(text: string): PaperboyCommand {
  // A follow takes the rest of the line as typed (cleaned), `filter:` included.
  const cleaned = cleanText(text);
  const { head, filter } = splitFilter(cleaned);
  const [first, ...rest] = tokenize(head);
  if (first !== undefined && first.toLowerCase() === 'subscribe' && filter !== undefined) return parseSubscribe(rest, filter);
  if (filter !== undefined) rest.push(`filter:${filter}`);
  if (first === undefined) return { kind: 'help' };
  const name = first.toLowerCase();
  switch (name) {
    case 'help':
      return { kind: 'help' };
    case 'subscribe':
      return parseSubscribe(rest);
    case 'unsubscribe':
    case 'settings':
    case 'status':
    case 'today': {
      const extra = rest[0];
      return extra === undefined ? { kind: name } : invalid(name, extra, `${name} takes no arguments.`);
    }
    case 'follow': {
      // The query is the rest as typed, quotes and all: it is written in the search language.
      const query = cleaned.replace(/^\S+\s*/u, '');
      return query === '' ? invalid('follow', '', 'follow needs a search to follow.') : { kind: 'follow', query };
    }
    case 'following':
      return rest[0] === undefined ? { kind: 'following' } : invalid('following', rest[0], 'following takes no arguments.');
    case 'unfollow': {
      const which = parseUnfollowTarget(rest.join(' '));
      return which === undefined ? invalid('unfollow', rest.join(' '), 'give the id of a follow (see following), or all.') : { kind: 'unfollow', which };
    }
    case 'top': {
      const [period, extra] = rest;
      if (period === undefined) return { kind: 'top', period: DEFAULT_TOP_PERIOD };
      const wanted = period.toLowerCase();
      if (!isTopPeriod(wanted)) return invalid('top', period, `the period must be one of ${TOP_PERIODS.join(', ')}.`);
      if (extra !== undefined) return invalid('top', extra, 'top takes one period at most.');
      return { kind: 'top', period: wanted };
    }
    default:
      return { kind: 'help', unknown: first };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function parseSubscribe(args: readonly string[], filter?: string): PaperboyCommand {
  const input: Mutable<SubscribeInput> = {};
  for (const arg of args) {
    const problem = applySubscribeArgument(input, arg);
    if (problem !== undefined) return invalid('subscribe', arg, problem);
  }
  if (filter !== undefined) {
    const argument = `filter:${filter}`;
    if (filter === '') return invalid('subscribe', argument, `filter needs search words, e.g. filter:agents OR "sparse attention". Use filter:${NO_FILTER} to clear it.`);
    const problem = setOnce(input, 'filter', filter.toLowerCase() === NO_FILTER ? '' : filter, 'The filter (or keywords)');
    if (problem !== undefined) return invalid('subscribe', argument, problem);
  }
  return { kind: 'subscribe', input };
}

/** Sets one field of `input` from `arg`, or says why it cannot. */
function applySubscribeArgument(input: Mutable<SubscribeInput>, arg: string): string | undefined {
  if (TIME.test(arg)) {
    const [hours = 99, minutes = 99] = arg.split(':').map(Number);
    if (hours > 23 || minutes > 59) return 'the time must be HH:MM in 24-hour form, e.g. 09:30.';
    return setOnce(input, 'time', arg.padStart(5, '0'), 'The time');
  }
  const lower = arg.toLowerCase();
  if (lower === 'thread' || lower === 'thread:on' || lower === 'thread:yes') return setOnce(input, 'thread', true, 'thread');
  if (lower === 'thread:off' || lower === 'thread:no' || lower === 'nothread') return setOnce(input, 'thread', false, 'thread');
  if (lower === 'note' || lower === 'note:on' || lower === 'note:yes') return setOnce(input, 'emptyNote', true, 'note');
  if (lower === 'note:off' || lower === 'note:no' || lower === 'nonote') return setOnce(input, 'emptyNote', false, 'note');
  if (lower === 'daily') return setOnce(input, 'cadence', 'daily', 'daily or weekly');
  if (lower === 'weekly') return setOnce(input, 'cadence', 'weekly', 'daily or weekly');

  const option = OPTION.exec(arg);
  if (option !== null) {
    const key = (option[1] ?? '').toLowerCase();
    const value = option[2] ?? '';
    if (key === 'max') {
      const n = wholeNumber(value);
      if (n === undefined || n < 1 || n > MAX_DIGEST_PAPERS) return `max must be a whole number from 1 to ${MAX_DIGEST_PAPERS}, e.g. max:10.`;
      return setOnce(input, 'maxPapers', n, 'max');
    }
    if (key === 'min') {
      const n = wholeNumber(value);
      if (n === undefined || n > 100_000) return 'min must be a whole number of Hugging Face upvotes (0 or more), e.g. min:5.';
      return setOnce(input, 'minUpvotes', n, 'min');
    }
    if (key === 'keywords' || key === 'keyword') {
      const keywords = parseKeywordList(value);
      if (keywords.length === 0) return 'keywords needs a comma-separated list, e.g. keywords:agents,"sparse attention". Use keywords:none to clear them.';
      if (keywords.length === 1 && keywords[0] === 'none') return setOnce(input, 'filter', '', 'The filter (or keywords)');
      if (keywords.length > MAX_KEYWORDS) return `at most ${MAX_KEYWORDS} keywords, e.g. keywords:agents,memory.`;
      if (keywords.some((keyword) => keyword.length > MAX_KEYWORD_LENGTH)) return `each keyword must be at most ${MAX_KEYWORD_LENGTH} characters.`;
      // The old way to write a filter: any of the keywords.
      return setOnce(input, 'filter', keywordsToFilter(keywords), 'The filter (or keywords)');
    }
    if (key === 'weekly') {
      const weekdays = parseWeekdays(value);
      if (weekdays?.length !== 1) return 'weekly takes one day, e.g. weekly:mon (weekly alone posts on Mondays).';
      return setOnce(input, 'cadence', 'weekly', 'daily or weekly') ?? setOnce(input, 'weekdays', weekdays, 'days');
    }
    if (key === 'days' || key === 'day') {
      const weekdays = parseWeekdays(value);
      if (weekdays === undefined || weekdays.length === 0) return 'days must be daily, weekdays, weekends, a range such as mon-fri, or a list such as mon,wed,fri.';
      return setOnce(input, 'weekdays', weekdays, 'days');
    }
    if (key === 'thread') return 'thread is on or off, e.g. thread or thread:off.';
    if (key === 'note') return 'note is on or off: note posts a short "no papers today" message on empty days.';
    return 'unknown option: expected days:mon-fri, weekly:mon, max:N, min:N, thread, note or filter:words (last).';
  }
  if (isIanaTimezone(arg)) return setOnce(input, 'timezone', arg, 'The timezone');
  if (arg.includes('/')) return 'the timezone must be an IANA name such as Europe/Berlin or America/New_York.';
  return 'unknown argument: expected HH:MM, a timezone such as Europe/Berlin, days:mon-fri, daily, weekly:mon, max:N, min:N, thread, note or filter:words (last).';
}

function setOnce<K extends keyof SubscribeInput>(
  input: Mutable<SubscribeInput>,
  field: K,
  value: NonNullable<SubscribeInput[K]>,
  label: string,
): string | undefined {
  if (input[field] !== undefined) return `${label} is given more than once.`;
  input[field] = value;
  return undefined;
}

function wholeNumber(value: string): number | undefined {
  if (!/^\d{1,7}$/u.test(value)) return undefined;
  return Number(value);
}

function invalid(subcommand: Subcommand, argument: string, problem: string): UsageError {
  return { kind: 'invalid', subcommand, argument, problem, usage: USAGE[subcommand] };
}
