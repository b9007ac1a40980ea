/**
 * Remembers what a search was, so its paging buttons can carry only a short key: a custom_id
 * holds 100 characters and a query up to 250. Bounded; an expired search asks for a new one.
 */
import { randomBytes } from 'node:crypto';

export interface SearchSession {
  readonly query: string;
  readonly pageSize: number;
  /** Only the person who searched pages through their ephemeral results. */
  readonly userId: string;
}

export const PAGE_BUTTON_PREFIX = 'papers:page';
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

export function pageButtonId(key: string, page: number): string {
  return `${PAGE_BUTTON_PREFIX}:${key}:${page}`;
}

export function parsePageButtonId(customId: string): { key: string; page: number } | undefined {
  const match = /^papers:page:([A-Za-z0-9_-]{1,16}):(\d{1,6})$/u.exec(customId);
  if (!match?.[1] || match[2] === undefined) return undefined;
  return { key: match[1], page: Number(match[2]) };
}
