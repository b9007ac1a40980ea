import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, isAppError, type AppError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/logger.js';
import {
  createHttpClient,
  nextLink,
  paperboyUserAgent,
  rateLimitWaitMs,
  type HttpClientOptions,
} from '../../src/source/http.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';
import { captureLog } from '../support/log-capture.js';

const TOKEN = 'hf_TestTokenThatMustNeverBeLogged';
const DAY = '2026-07-31';

let hf: HfServer;
let sleeps: number[];

beforeEach(async () => {
  hf = await startHfServer();
  hf.setDay(DAY, loadFixture(FIXTURES.day0731));
  sleeps = [];
});

afterEach(async () => {
  await hf.close();
});

function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    logger: silentLogger(),
    timeoutMs: 2_000,
    retries: 3,
    retryBaseMs: 100,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
}

const dayUrl = (): string => `${hf.baseUrl}/api/daily_papers?date=${DAY}&limit=100&p=0`;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('retries', () => {
  it('retries a 500 and returns the next success, backing off with jitter', async () => {
    hf.failNext({ kind: 'status', status: 500 });
    const response = await client().getJson(dayUrl());
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(5);
    expect(hf.requests).toHaveLength(2);
    expect(sleeps).toEqual([50]);
  });

  it('doubles the backoff ceiling per retry up to the max delay', async () => {
    hf.failNext({ kind: 'status', status: 503 }, 4);
    await client({ retries: 4, random: () => 0.999, retryMaxDelayMs: 300 }).getJson(dayUrl());
    expect(sleeps).toEqual([100, 200, 300, 300]);
  });

  it('retries with real short delays when no sleep is injected', async () => {
    hf.failNext({ kind: 'status', status: 502 }, 2);
    const response = await client({ sleep: undefined, random: undefined, retryBaseMs: 5 }).getJson(dayUrl());
    expect(response.body).toHaveLength(5);
    expect(hf.requests).toHaveLength(3);
  });

  it('gives up after the configured retries with SourceHttp and the status', async () => {
    hf.failNext({ kind: 'status', status: 500 }, 10);
    const error = await rejection(client({ retries: 2 }).getJson(dayUrl()));
    expect(error.code).toBe(ErrorCode.SourceHttp);
    expect(error.details.status).toBe(500);
    expect(hf.requests).toHaveLength(3);
  });

  it('fails at once on a 400 with the status', async () => {
    hf.failNext({ kind: 'status', status: 400, body: '{"error":"Invalid date"}' });
    const error = await rejection(client().getJson(dayUrl()));
    expect(error.code).toBe(ErrorCode.SourceHttp);
    expect(error.message).toContain('400');
    expect(error.details.status).toBe(400);
    expect(hf.requests).toHaveLength(1);
  });

  it('reports a 404 as SourceNotFound without retrying', async () => {
    const error = await rejection(client().getJson(`${hf.baseUrl}/api/papers/2601.00001`));
    expect(error.code).toBe(ErrorCode.SourceNotFound);
    expect(hf.requests).toHaveLength(1);
  });

  it('retries network errors and then reports SourceNetwork', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const error = await rejection(client({ retries: 1 }).getJson(`http://127.0.0.1:${port}/api/daily_papers`));
    expect(error.code).toBe(ErrorCode.SourceNetwork);
    expect(sleeps).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('waits the reset time of the RateLimit header on 429, then retries', async () => {
    hf.failNext({ kind: 'rate-limit', resetSeconds: 1 });
    const response = await client().getJson(dayUrl());
    expect(response.body).toHaveLength(5);
    expect(sleeps).toEqual([1_000]);
    expect(hf.requests).toHaveLength(2);
  });

  it('waits Retry-After seconds when there is no RateLimit header', async () => {
    hf.failNext({ kind: 'rate-limit', resetSeconds: null, retryAfter: '3' });
    await client().getJson(dayUrl());
    expect(sleeps).toEqual([3_000]);
  });

  it('caps a long rate-limit wait at maxRetryWaitMs', async () => {
    hf.failNext({ kind: 'rate-limit', resetSeconds: 240 });
    await client({ maxRetryWaitMs: 5_000 }).getJson(dayUrl());
    expect(sleeps).toEqual([5_000]);
  });

  it('counts a 429 as a retry and gives up with SourceHttp 429', async () => {
    hf.failNext({ kind: 'rate-limit' }, 5);
    const error = await rejection(client({ retries: 1 }).getJson(dayUrl()));
    expect(error.details.status).toBe(429);
    expect(hf.requests).toHaveLength(2);
  });

  it.each([
    ['RateLimit t', { ratelimit: '"api";r=0;t=55' }, 55_000],
    ['RateLimit with spaces', { ratelimit: '"api"; r=0; t=7' }, 7_000],
    ['Retry-After seconds', { 'retry-after': '12' }, 12_000],
    ['Retry-After date', { 'retry-after': 'Wed, 21 Oct 2026 07:28:30 GMT' }, 30_000],
    ['Retry-After date in the past', { 'retry-after': 'Wed, 21 Oct 2026 07:27:00 GMT' }, 0],
    ['both, larger wins', { ratelimit: '"api";r=0;t=2', 'retry-after': '9' }, 9_000],
    ['neither', {}, undefined],
    ['garbage', { ratelimit: 'nonsense', 'retry-after': 'soon' }, undefined],
  ])('reads the wait from %s', (_, headers, expected) => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(rateLimitWaitMs(new Headers(headers), now)).toBe(expected);
  });
});

describe('timeouts and bad bodies', () => {
  it('abandons a request that hangs past the timeout and retries it', async () => {
    hf.failNext({ kind: 'hang' });
    const response = await client({ timeoutMs: 150 }).getJson(dayUrl());
    expect(response.body).toHaveLength(5);
    expect(hf.requests).toHaveLength(2);
  });

  it('reports SourceTimeout when every attempt hangs', async () => {
    hf.failNext({ kind: 'hang' }, 3);
    const error = await rejection(client({ timeoutMs: 100, retries: 1 }).getJson(dayUrl()));
    expect(error.code).toBe(ErrorCode.SourceTimeout);
  });

  it('retries a truncated JSON body once', async () => {
    hf.failNext({ kind: 'truncated-json' });
    const response = await client().getJson(dayUrl());
    expect(response.body).toHaveLength(5);
  });

  it('reports SourceBadResponse when the body is truncated twice', async () => {
    hf.failNext({ kind: 'truncated-json' }, 2);
    const error = await rejection(client({ retries: 5 }).getJson(dayUrl()));
    expect(error.code).toBe(ErrorCode.SourceBadResponse);
    expect(hf.requests).toHaveLength(2);
  });

  it('stops at once when the caller aborts', async () => {
    hf.failNext({ kind: 'hang' });
    const controller = new AbortController();
    // A timeout far beyond the test's own: only the abort can end this request.
    const pending = client({ timeoutMs: 600_000 }).getJson(dayUrl(), { signal: controller.signal });
    // Abort once the request is in flight (a fixed delay races the request on a busy machine).
    await vi.waitFor(() => {
      expect(hf.requests).toHaveLength(1);
    });
    controller.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
    expect(hf.requests).toHaveLength(1);
  });
});

describe('headers and logs', () => {
  it('sends the User-Agent and the bearer token', async () => {
    await client({ token: TOKEN, userAgent: paperboyUserAgent('9.9.9') }).getJson(dayUrl());
    expect(hf.requests[0]?.headers['user-agent']).toBe('Paperboy/9.9.9 (+https://github.com/paperboy-bot/paperboy)');
    expect(hf.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends a default User-Agent and no Authorization without a token', async () => {
    await client().getJson(dayUrl());
    expect(hf.requests[0]?.headers['user-agent']).toMatch(/^Paperboy\/\d+\.\d+\.\d+ \(\+https:/u);
    expect(hf.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('logs each retry at warn with url, attempt and delay, and never the token', async () => {
    const log = captureLog();
    hf.failNext({ kind: 'status', status: 500 });
    hf.failNext({ kind: 'rate-limit', resetSeconds: 2 });
    const http = client({ token: TOKEN, logger: log.logger });
    await http.getJson(dayUrl());
    hf.failNext({ kind: 'status', status: 403 });
    const error = await rejection(http.getJson(dayUrl()));
    const warnings = log.entries().filter((entry) => entry.level === 40);
    expect(warnings.map(({ url, attempt, delayMs }) => ({ url, attempt, delayMs }))).toEqual([
      { url: dayUrl(), attempt: 1, delayMs: 50 },
      { url: dayUrl(), attempt: 2, delayMs: 2_000 },
    ]);
    expect(log.text()).not.toContain(TOKEN);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(TOKEN);
  });
});

describe('nextLink', () => {
  it.each([
    ['</api/daily_papers?p=1&limit=20&sort=trending>; rel="next"', '/api/daily_papers?p=1&limit=20&sort=trending'],
    ['<https://x/a?p=0>; rel="prev", <https://x/a?p=2>; rel="next"', 'https://x/a?p=2'],
    ['<https://x/a?p=2>; rel=next', 'https://x/a?p=2'],
    ['<https://x/a?p=9>; rel="last"', undefined],
    ['', undefined],
    [null, undefined],
  ])('reads %s', (header, expected) => {
    expect(nextLink(header)).toBe(expected);
  });
});
