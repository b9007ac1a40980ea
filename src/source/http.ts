/**
 * A small JSON-over-HTTP client on Node's global fetch, for Hugging Face: per-request timeout,
 * retries with exponential backoff and full jitter on network errors, timeouts and 5xx, and
 * HF's rate-limit headers on 429. The token only ever goes into the Authorization header.
 */
import type { Logger } from 'pino';
import { AppError, ErrorCode, describeError } from '../core/errors.js';
import { realSleep, type Sleep } from '../core/ports.js';
import { BudgetExhaustedError, type RequestBudget, type RequestPriority } from './request-budget.js';

export const PAPERBOY_HOMEPAGE = 'https://github.com/paperboy-bot/paperboy';
/** Used only when the caller passes no userAgent; main should pass the package version. */
export const DEFAULT_USER_AGENT = paperboyUserAgent('0.1.0');

export function paperboyUserAgent(version: string): string {
  return `Paperboy/${version} (+${PAPERBOY_HOMEPAGE})`;
}

export interface HttpClientOptions {
  readonly logger: Logger;
  /** Per attempt, covering the body as well as the headers. */
  readonly timeoutMs: number;
  /** Extra attempts after the first. */
  readonly retries: number;
  /** First backoff ceiling; doubles per retry. Default 500 ms. */
  readonly retryBaseMs?: number | undefined;
  /** Largest backoff ceiling. Default 10 s. */
  readonly retryMaxDelayMs?: number | undefined;
  /** Cap on a wait asked for by a 429's headers. Default 60 s. */
  readonly maxRetryWaitMs?: number | undefined;
  readonly userAgent?: string | undefined;
  /** Sent as `Authorization: Bearer …`; raises HF's rate limit. Never logged. */
  readonly token?: string | undefined;
  readonly sleep?: Sleep | undefined;
  /** [0, 1) source for jitter; tests pin it. */
  readonly random?: (() => number) | undefined;
  /** Every attempt, retries included, waits for a token from it first (request-budget.ts). */
  readonly budget?: RequestBudget | undefined;
  /** Default MAX_RESPONSE_BYTES; a larger body is a bad response, never retried. */
  readonly maxResponseBytes?: number | undefined;
}

export interface JsonResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

export interface RequestOptions {
  readonly signal?: AbortSignal | undefined;
  /** Live searches never wait for the request budget (request-budget.ts). */
  readonly priority?: RequestPriority | undefined;
}

/** Largest response body read; a Daily Papers page of 100 items is well under 1 MB. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface HttpClient {
  /**
   * GET and parse JSON. Throws AppError: SourceNotFound on 404, SourceHttp on other 4xx or when
   * 5xx/429 outlast the retries, SourceTimeout, SourceNetwork, SourceBadResponse (not JSON).
   * A caller abort rejects with the signal's reason, without retrying.
   */
  getJson(url: string | URL, options?: RequestOptions): Promise<JsonResponse>;
}

type Attempt =
  | { readonly ok: JsonResponse }
  | { readonly retry: AppError; readonly waitMs?: number | undefined; readonly badJson?: boolean };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryMaxDelayMs = options.retryMaxDelayMs ?? 10_000;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
  };
  if (options.token !== undefined && options.token !== '') {
    headers.authorization = `Bearer ${options.token}`;
  }

  const backoffMs = (retry: number): number =>
    Math.round(random() * Math.min(retryMaxDelayMs, retryBaseMs * 2 ** (retry - 1)));

  async function attemptOnce(url: string, signal: AbortSignal | undefined, retry: number): Promise<Attempt> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers, signal: combined });
      text = await readCapped(response, maxBytes);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof ResponseTooLargeError) {
        throw new AppError(ErrorCode.SourceBadResponse, `Hugging Face sent more than ${maxBytes} bytes`, { details: { url } });
      }
      if (timeout.aborted) {
        const message = `Hugging Face did not answer within ${options.timeoutMs} ms`;
        return { retry: new AppError(ErrorCode.SourceTimeout, message, { cause: error, details: { url } }) };
      }
      const message = `Hugging Face request failed: ${describeError(error)}`;
      return { retry: new AppError(ErrorCode.SourceNetwork, message, { cause: error, details: { url } }) };
    }
    const { status } = response;
    const details = { url, status };
    if (status === 404) {
      throw new AppError(ErrorCode.SourceNotFound, `Hugging Face has no ${new URL(url).pathname}`, { details });
    }
    if (status === 429) {
      const asked = rateLimitWaitMs(response.headers);
      return {
        retry: new AppError(ErrorCode.SourceHttp, 'Hugging Face rate limit hit (HTTP 429)', { details }),
        waitMs: Math.min(asked ?? backoffMs(retry), maxRetryWaitMs),
      };
    }
    if (status >= 500) {
      return { retry: new AppError(ErrorCode.SourceHttp, `Hugging Face answered HTTP ${status}`, { details }) };
    }
    if (status < 200 || status >= 300) {
      throw new AppError(ErrorCode.SourceHttp, `Hugging Face answered HTTP ${status}`, {
        details: { ...details, body: text.slice(0, 200) },
      });
    }
    try {
      return { ok: { url, status, headers: response.headers, body: JSON.parse(text) as unknown } };
    } catch (error) {
      const message = `Hugging Face sent a body that is not JSON (${text.length} chars)`;
      return {
        retry: new AppError(ErrorCode.SourceBadResponse, message, { cause: error, details }),
        badJson: true,
      };
    }
  }

  return {
    async getJson(target, { signal, priority } = {}) {
      const url = String(target);
      let badJsonRetried = false;
      for (let retry = 1; ; retry++) {
        signal?.throwIfAborted();
        try {
          await options.budget?.take(signal, priority);
        } catch (error) {
          if (error instanceof BudgetExhaustedError) throw new AppError(ErrorCode.SourceHttp, error.message, { cause: error, details: { url } });
          throw error;
        }
        const result = await attemptOnce(url, signal, retry);
        if ('ok' in result) return result.ok;
        // A truncated body may be a one-off; a second one is a real bad response.
        const badJson = result.badJson === true;
        if (retry > options.retries || (badJson && badJsonRetried)) throw result.retry;
        if (badJson) badJsonRetried = true;
        const delayMs = result.waitMs ?? backoffMs(retry);
        options.logger.warn(
          { url, attempt: retry, delayMs, code: result.retry.code, status: result.retry.details.status },
          `retrying Hugging Face request: ${result.retry.message}`,
        );
        await sleep(delayMs, signal);
      }
    },
  };
}

class ResponseTooLargeError extends Error {}

/** The body as text, refusing (and cancelling) one longer than `maxBytes`, declared or not. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLargeError();
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream, so the rest is never downloaded.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new ResponseTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * How long a 429 asks us to wait, in ms: HF's `RateLimit: "api";r=0;t=<seconds>` (IETF draft)
 * or `Retry-After` (seconds or an HTTP date). The larger wins when both are sent.
 */
export function rateLimitWaitMs(headers: Headers, now: number = Date.now()): number | undefined {
  const waits: number[] = [];
  const rateLimit = /(?:^|;)\s*t=(\d+(?:\.\d+)?)/u.exec(headers.get('ratelimit') ?? '');
  if (rateLimit?.[1] !== undefined) waits.push(Number(rateLimit[1]) * 1000);
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (/^\d+(?:\.\d+)?$/u.test(retryAfter)) waits.push(Number(retryAfter) * 1000);
    else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) waits.push(Math.max(0, at - now));
    }
  }
  return waits.length === 0 ? undefined : Math.max(...waits);
}

/** The `rel="next"` target of an RFC 8288 `Link` header, if any. */
export function nextLink(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined) return undefined;
  for (const match of header.matchAll(/<([^>]*)>([^,]*)/gu)) {
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/iu.exec(match[2] ?? '')?.[1];
    if (rel?.toLowerCase().split(/\s+/u).includes('next')) return match[1];
  }
  return undefined;
}
