/**
 * What a paging button needs to know about its search. A custom_id holds 100 characters and a
 * query up to 250: a search that fits travels in the button itself (`papers:page:q:...`), so its
 * buttons keep working across a restart; a longer one is remembered here under a short key.
 * Bounded; an expired search asks for a new one.
 */
import { randomBytes } from 'node:crypto';
import { DISCORD_LIMITS } from '../../formatter/limits.js';

export interface SearchSession {
  readonly query: string;
  readonly pageSize: number;
  /** Only the person who searched pages through their ephemeral results. */
  readonly userId: string;
}

export const PAGE_BUTTON_PREFIX = 'papers:page';
const INLINE_PREFIX = `${PAGE_BUTTON_PREFIX}:q`;
const MAX_SESSIONS = 2_000;

export interface SearchSessions {
  open(session: SearchSession): string;
  get(key: string): SearchSession | undefined;
}

export function createSearchSessions(max = MAX_SESSIONS): SearchSessions {
  const sessions = new Map<string, SearchSession>();
  return {
    open(session) {
      const key = randomBytes(6).toString('base64url');
      sessions.set(key, session);
      if (sessions.size > max) sessions.delete(sessions.keys().next().value ?? key);
      return key;
    },
    get: (key) => sessions.get(key),
  };
}

/** A search as its buttons see it: the session key is used only when the rest does not fit. */
export interface PagedSearch extends SearchSession {
  readonly key: string;
}

/** The most digits a page number has in a button id. */
const PAGE_DIGITS = 6;

export function pageButtonId(search: PagedSearch, page: number): string {
  const inline = (pageText: string) => `${INLINE_PREFIX}:${pageText}:${search.pageSize}:${search.userId}:${search.query}`;
  // Decided for the widest page number, so every button of a search takes the same form; UTF-16
  // length is never less than Discord's count of characters.
  const fits = inline('0'.repeat(PAGE_DIGITS)).length <= DISCORD_LIMITS.customId;
  return fits ? inline(String(page)) : `${PAGE_BUTTON_PREFIX}:${search.key}:${page}`;
}

export type PageTarget =
  | { readonly kind: 'session'; readonly key: string; readonly page: number }
  | ({ readonly kind: 'inline'; readonly page: number } & SearchSession);

export function parsePageButtonId(customId: string): PageTarget | undefined {
  const inline = /^papers:page:q:(\d{1,6}):(\d{1,3}):(\d{1,25}):(.+)$/su.exec(customId);
  if (inline?.[1] !== undefined && inline[2] !== undefined && inline[3] !== undefined && inline[4] !== undefined) {
    return { kind: 'inline', page: Number(inline[1]), pageSize: Number(inline[2]), userId: inline[3], query: inline[4] };
  }
  const stored = /^papers:page:([A-Za-z0-9_-]{1,16}):(\d{1,6})$/u.exec(customId);
  if (!stored?.[1] || stored[2] === undefined) return undefined;
  return { kind: 'session', key: stored[1], page: Number(stored[2]) };
}
