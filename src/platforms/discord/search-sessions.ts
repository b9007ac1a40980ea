/**
 * Searches too long for their paging buttons (a custom_id holds 100 characters, a query up to
 * 250; see formatter/paging.ts), remembered here under a short key. Bounded, oldest first out;
 * an expired search asks for a new one.
 */
import { randomBytes } from 'node:crypto';

export interface SearchSession {
  readonly query: string;
  readonly pageSize: number;
  /** Only the person who searched pages through their ephemeral results. */
  readonly userId: string;
}

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
