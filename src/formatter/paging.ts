/**
 * What search paging buttons carry, for both platforms, and how it is read back. A button must
 * re-run its search after a restart, so it carries the search itself where it fits:
 * - Discord: a custom_id of at most 100 characters, `papers:page:q:PAGE:SIZE:USER:QUERY`; a
 *   longer search is remembered by the platform under a short key (`papers:page:KEY:PAGE`).
 * - Slack: a button value of at most 2,000 characters, `{"q":QUERY,"p":PAGE}` (1-based).
 */
import { SLACK_LIMITS, DISCORD_LIMITS } from './limits.js';
import { truncateFormatted } from './text.js';

/** A search as its buttons see it. */
export interface PagedSearch {
  readonly query: string;
  readonly pageSize: number;
  /** Only the person who searched pages through their ephemeral results. */
  readonly userId: string;
  /** Where the platform remembers a search too long for its button. */
  readonly key: string;
}

export const PAGE_BUTTON_PREFIX = 'papers:page';
const INLINE_PREFIX = `${PAGE_BUTTON_PREFIX}:q`;
/** The most digits a page number has in a button id. */
const PAGE_DIGITS = 6;

/** The custom_id of a Discord paging button that opens zero-based `page`. */
export function discordPageButtonId(search: PagedSearch, page: number): string {
  const inline = (pageText: string) => `${INLINE_PREFIX}:${pageText}:${search.pageSize}:${search.userId}:${search.query}`;
  // Decided for the widest page number, so every button of a search takes the same form; UTF-16
  // length is never less than Discord's count of characters.
  const fits = inline('0'.repeat(PAGE_DIGITS)).length <= DISCORD_LIMITS.customId;
  return fits ? inline(String(page)) : `${PAGE_BUTTON_PREFIX}:${search.key}:${page}`;
}

export type DiscordPageTarget =
  | { readonly kind: 'session'; readonly key: string; readonly page: number }
  | { readonly kind: 'inline'; readonly page: number; readonly query: string; readonly pageSize: number; readonly userId: string };

/** Reads a Discord paging custom_id back; undefined for anything we did not write. */
export function parseDiscordPageButtonId(customId: string): DiscordPageTarget | undefined {
  const inline = /^papers:page:q:(\d{1,6}):(\d{1,3}):(\d{1,25}):(.+)$/su.exec(customId);
  if (inline?.[1] !== undefined && inline[2] !== undefined && inline[3] !== undefined && inline[4] !== undefined) {
    return { kind: 'inline', page: Number(inline[1]), pageSize: Number(inline[2]), userId: inline[3], query: inline[4] };
  }
  const stored = /^papers:page:([A-Za-z0-9_-]{1,16}):(\d{1,6})$/u.exec(customId);
  if (!stored?.[1] || stored[2] === undefined) return undefined;
  return { kind: 'session', key: stored[1], page: Number(stored[2]) };
}

const jsonBody = (s: string): string => JSON.stringify(s).slice(1, -1);

/** The value of a Slack paging button that opens 1-based `page` of `query`. */
export function slackPagingValue(query: string, page: number): string {
  const room = SLACK_LIMITS.buttonValue - JSON.stringify({ q: '', p: page }).length;
  if (jsonBody(query).length <= room) return JSON.stringify({ q: query, p: page });
  // Only an absurd query gets here: keep its longest prefix whose JSON fits, without the `…`.
  const body = truncateFormatted(query, room + 1, jsonBody).slice(0, -1);
  return JSON.stringify({ q: JSON.parse(`"${body}"`) as string, p: page });
}

/** Reads a Slack paging button's value back; undefined for anything we did not write. */
export function parseSlackPagingValue(value: string): { query: string; page: number } | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { q, p } = parsed as { q?: unknown; p?: unknown };
    if (typeof q !== 'string' || typeof p !== 'number' || !Number.isInteger(p) || p < 1) return undefined;
    return { query: q, page: p };
  } catch {
    return undefined;
  }
}
