/**
 * Fault injection and optional rate-limit enforcement for the fake Discord REST API. 429s carry
 * what @discordjs/rest reads (`Retry-After` in seconds, `X-RateLimit-*`, `X-RateLimit-Global`
 * for the global limit; the team notes' chat-platforms.md §2.5) and Discord's JSON body.
 */
import type { RouteName } from './rest.js';

export interface Answer {
  readonly status: number;
  /** Omitted for 204. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Fault {
  /** Only requests with this HTTP method (any case). Default any. */
  readonly method?: string;
  /** Path after `/api/v10`, percent-decoded: a string must equal it, a RegExp is tested against it. */
  readonly pathPattern?: string | RegExp;
  /** Alternatively (or additionally) match the fake's route name, e.g. 'message.create'. */
  readonly route?: RouteName;
  /** 429 gets Retry-After, X-RateLimit-* and the rate-limit body unless `body` is given. */
  readonly status: number;
  readonly body?: unknown;
  /** Merged over the defaults. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How many matching requests fail. Default 1. */
  readonly count?: number;
  /** 429 only: seconds to wait. Default 1. */
  readonly retryAfter?: number;
  /** 429 only: a global rate limit (X-RateLimit-Global, scope 'global'). */
  readonly global?: boolean;
}

export interface RateLimitOptions {
  /** Requests per second per bot token across bot-authenticated routes (interactions and webhooks exempt). Default 50. */
  readonly globalPerSecond?: number;
  /** POST /channels/{c}/messages per channel per window. Default 5. */
  readonly messagesPerChannel?: number;
  /** Window of the per-channel message bucket in ms. Default 5000. */
  readonly messageWindowMs?: number;
}

const seconds = (ms: number): string => (Math.max(ms, 1) / 1000).toFixed(3);

/** A Discord 429 answer. */
export function rateLimited(retryAfterMs: number, global: boolean, bucket: string, limit: number): Answer {
  const retryAfter = Number(seconds(retryAfterMs));
  const headers: Record<string, string> = {
    'retry-after': seconds(retryAfterMs),
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': seconds(Date.now() + retryAfterMs),
    'x-ratelimit-reset-after': seconds(retryAfterMs),
    'x-ratelimit-bucket': bucket,
    'x-ratelimit-scope': global ? 'global' : 'user',
  };
  if (global) headers['x-ratelimit-global'] = 'true';
  return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global } };
}

function faultAnswer(fault: Fault): Answer {
  if (fault.status === 429) {
    const base = rateLimited((fault.retryAfter ?? 1) * 1000, fault.global === true, 'fake-fault', 5);
    return { status: 429, headers: { ...base.headers, ...fault.headers }, body: fault.body ?? base.body };
  }
  const body = fault.body ?? { message: fault.status >= 500 ? `${fault.status}: Internal Server Error` : 'Fake failure', code: 0 };
  return { status: fault.status, body, headers: fault.headers ?? {} };
}

export function createFaults() {
  const queue: { fault: Fault; left: number }[] = [];
  return {
    add(fault: Fault): void {
      if (fault.pathPattern === undefined && fault.route === undefined) throw new Error('fake discord: failNext needs pathPattern or route');
      queue.push({ fault, left: fault.count ?? 1 });
    },
    /** The first queued fault matching this request, consumed once. */
    take(method: string, route: RouteName, path: string): Answer | undefined {
      const index = queue.findIndex(({ fault }) =>
        (fault.method === undefined || fault.method.toUpperCase() === method)
        && (fault.route === undefined || fault.route === route)
        && (fault.pathPattern === undefined
          || (typeof fault.pathPattern === 'string' ? fault.pathPattern === path : fault.pathPattern.test(path))));
      const entry = queue[index];
      if (entry === undefined) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) queue.splice(index, 1);
      return faultAnswer(entry.fault);
    },
    pending: (): number => queue.reduce((sum, e) => sum + e.left, 0),
    clear: (): void => { queue.length = 0; },
  };
}

interface Window { start: number; count: number }

/**
 * Discord's global limit belongs to the bot token, not to a connection or a process: every
 * bot-authenticated request with the same `Authorization` counts against one window, whoever
 * sends it. Interaction callbacks and webhooks are exempt, as on Discord.
 */
export function createRateLimiter(initial: RateLimitOptions | undefined) {
  let options = initial;
  const globals = new Map<string, Window>();
  const channels = new Map<string, Window>();
  const globalRejections = new Map<string, number>();

  function roll(window: Window | undefined, now: number, length: number): Window {
    return window === undefined || now - window.start >= length ? { start: now, count: 0 } : window;
  }

  return {
    set(next: RateLimitOptions | undefined): void {
      options = next;
      globals.clear();
      channels.clear();
    },
    /** Global 429s answered so far, for one token or all of them. */
    globalRejections: (token?: string): number =>
      token === undefined ? [...globalRejections.values()].reduce((sum, n) => sum + n, 0) : globalRejections.get(token) ?? 0,
    /** A 429 to answer, or headers to add to the real answer; undefined when enforcement is off. */
    check(token: string | undefined, bucketed: boolean, messageChannel: string | undefined): { reject?: Answer; headers?: Record<string, string> } {
      if (options === undefined) return {};
      const now = Date.now();
      const key = token ?? '';
      if (bucketed) {
        const perSecond = options.globalPerSecond ?? 50;
        const global = roll(globals.get(key), now, 1000);
        globals.set(key, global);
        if (global.count >= perSecond) {
          globalRejections.set(key, (globalRejections.get(key) ?? 0) + 1);
          return { reject: rateLimited(global.start + 1000 - now, true, 'global', perSecond) };
        }
        global.count += 1;
      }
      if (messageChannel === undefined) return {};
      const limit = options.messagesPerChannel ?? 5;
      const windowMs = options.messageWindowMs ?? 5000;
      const channelKey = `${key}\n${messageChannel}`;
      const window = roll(channels.get(channelKey), now, windowMs);
      channels.set(channelKey, window);
      const resetAfter = window.start + windowMs - now;
      if (window.count >= limit) return { reject: rateLimited(resetAfter, false, 'fake-messages', limit) };
      window.count += 1;
      return {
        headers: {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': String(limit - window.count),
          'x-ratelimit-reset': seconds(window.start + windowMs),
          'x-ratelimit-reset-after': seconds(resetAfter),
          'x-ratelimit-bucket': 'fake-messages',
        },
      };
    },
  };
}
