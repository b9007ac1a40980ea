/**
 * How many requests we send to Hugging Face, and how fast. HF allows 500 requests per 5 minutes
 * for an anonymous client on the /api routes (429 with `RateLimit` headers beyond, which http.ts
 * honours); we stay under that on purpose, 300 by default, so the bot, an ingest and a person
 * browsing from the same address do not use up the limit between them.
 *
 * A token bucket holding `burst` tokens, refilled at (requests − burst) per window: then no
 * window of that length ever sees more than `requests` requests, while a handful of requests
 * (a search, a day's pages) still go out at once. A caller waits for its token; one that gives
 * up (its signal aborts) hands the token back.
 */
import { realSleep, type Sleep } from '../core/ports.js';

/** Hugging Face's documented limit for /api routes without a paid plan. */
export const HF_REQUEST_LIMIT = { requests: 500, windowMs: 5 * 60_000 } as const;
export const DEFAULT_REQUEST_BUDGET = { requests: 300, windowMs: 5 * 60_000, burst: 10 } as const;

export interface RequestBudgetOptions {
  /** At most this many requests in any window of `windowMs`. */
  readonly requests: number;
  readonly windowMs: number;
  /** Requests that may go back to back before pacing starts; default 10, at most `requests`. */
  readonly burst?: number | undefined;
}

/**
 * Scheduled work (a digest's day, `/paperboy today`, a paper) may wait for its token; a live
 * search may not: it takes a token only while a reserve is left for scheduled work, and fails
 * at once otherwise, so the chat answer falls back to the local archive and no amount of
 * searching delays a digest.
 */
export type RequestPriority = 'scheduled' | 'live';

export interface RequestBudget {
  /**
   * Resolves when a request may be sent; rejects with the signal's reason if it aborts first.
   * A live request rejects with BudgetExhaustedError when only the reserve is left.
   */
  take(signal?: AbortSignal, priority?: RequestPriority): Promise<void>;
}

/** A live request found the budget down to the scheduled reserve. */
export class BudgetExhaustedError extends Error {
  constructor() {
    super('the Hugging Face request budget is kept for scheduled digests just now');
    this.name = 'BudgetExhaustedError';
  }
}

export interface RequestBudgetDeps {
  readonly now?: () => number;
  readonly sleep?: Sleep | undefined;
}

export function createRequestBudget(options: RequestBudgetOptions, deps: RequestBudgetDeps = {}): RequestBudget {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const requests = Math.max(1, Math.floor(options.requests));
  const burst = Math.min(requests, Math.max(1, Math.floor(options.burst ?? DEFAULT_REQUEST_BUDGET.burst)));
  // With a burst as large as the whole budget, the refill must still be positive to make progress.
  const perMs = Math.max(requests - burst, 1) / Math.max(1, options.windowMs);
  // Half the burst is kept for scheduled work: a digest's day is one to three requests.
  const reserve = Math.ceil(burst / 2);
  let tokens = burst;
  let last = now();

  return {
    async take(signal, priority = 'scheduled') {
      signal?.throwIfAborted();
      const at = now();
      tokens = Math.min(burst, tokens + (at - last) * perMs);
      last = at;
      if (priority === 'live') {
        if (tokens - 1 < reserve) throw new BudgetExhaustedError();
        tokens -= 1;
        return;
      }
      // Reserve a token now, even if it only exists later: callers are served in arrival order.
      tokens -= 1;
      if (tokens >= 0) return;
      try {
        await sleep(Math.ceil(-tokens / perMs), signal);
      } catch (error) {
        tokens += 1;
        throw error;
      }
    },
  };
}

/** A hostname that is this machine: a test fake or a local mirror, not Hugging Face. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/gu, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/u.test(host);
  } catch {
    return false;
  }
}
