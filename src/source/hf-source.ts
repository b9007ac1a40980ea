/**
 * `PaperSource` over Hugging Face's public API: the Daily Papers of one day (paged), HF's own
 * search, and one paper by id.
 */
import type { Logger } from 'pino';
import { AppError, ErrorCode, isAppError } from '../core/errors.js';
import { byUpvotesDesc, isIsoDay, parsePaperId, type Paper } from '../core/paper.js';
import type { DayBatch, PaperSource, SkippedItem, SourceBatch, Sleep } from '../core/ports.js';
import { createHttpClient, nextLink } from './http.js';
import { createRequestBudget, DEFAULT_REQUEST_BUDGET, HF_REQUEST_LIMIT, isLoopbackUrl, type RequestBudgetOptions } from './request-budget.js';
import {
  expectArray,
  isWithdrawnSkip,
  parseDailyPapersResponse,
  parsePaperResponse,
  parseSearchResponse,
} from './hf-normalise.js';

/** HF caps `limit` at 100 per page of /api/daily_papers. */
export const HF_DAILY_PAGE_LIMIT = 100;
/** A day has had at most a few hundred papers; this only guards against an endless `next`. */
export const HF_MAX_DAILY_PAGES = 50;
/** HF's documented bounds for /api/papers/search. */
export const HF_SEARCH_MAX_QUERY = 250;
export const HF_SEARCH_MAX_LIMIT = 120;

export interface HfSourceOptions {
  readonly baseUrl: string;
  readonly token?: string | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryBaseMs?: number | undefined;
  readonly maxRetryWaitMs?: number | undefined;
  /** Items asked for per daily page, 1..100; default 100. */
  readonly pageSize?: number | undefined;
  /** Hard stop on daily paging; default 50. */
  readonly maxPages?: number | undefined;
  readonly logger: Logger;
  readonly userAgent?: string | undefined;
  /** For tests: record waits instead of sleeping. */
  readonly sleep?: Sleep | undefined;
  /**
   * How many requests to send per window (request-budget.ts); capped at Hugging Face's own limit.
   * Default: DEFAULT_REQUEST_BUDGET (300 per 5 minutes), except against a loopback base URL (a
   * test fake or a local mirror), which gets none unless one is given. `'off'` sends unpaced.
   */
  readonly requestBudget?: RequestBudgetOptions | 'off' | undefined;
  /** Largest response body read (http.ts MAX_RESPONSE_BYTES by default). */
  readonly maxResponseBytes?: number | undefined;
  /** For tests of the budget: its clock. */
  readonly now?: (() => number) | undefined;
}

/** The budget an HfSource paces itself with, or undefined for none. */
export function requestBudgetFor(options: Pick<HfSourceOptions, 'baseUrl' | 'requestBudget'>): RequestBudgetOptions | undefined {
  const asked = options.requestBudget;
  if (asked === 'off') return undefined;
  if (asked === undefined) return isLoopbackUrl(options.baseUrl) ? undefined : DEFAULT_REQUEST_BUDGET;
  // Never more than HF allows, whatever the configuration says.
  const perLimitWindow = (asked.requests * HF_REQUEST_LIMIT.windowMs) / Math.max(1, asked.windowMs);
  if (perLimitWindow <= HF_REQUEST_LIMIT.requests) return asked;
  return { ...asked, requests: HF_REQUEST_LIMIT.requests, windowMs: HF_REQUEST_LIMIT.windowMs };
}

function clampInt(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** Trims and caps the query without splitting a surrogate pair. */
export function hfSearchQuery(raw: string): string {
  let query = raw.trim().slice(0, HF_SEARCH_MAX_QUERY);
  if (/[\uD800-\uDBFF]$/u.test(query)) query = query.slice(0, -1);
  return query.trim();
}

export function createHfSource(options: HfSourceOptions): PaperSource {
  const logger = options.logger.child({ module: 'hf-source' });
  const base = `${options.baseUrl.replace(/\/+$/u, '')}/`;
  const pageSize = clampInt(options.pageSize ?? HF_DAILY_PAGE_LIMIT, 1, HF_DAILY_PAGE_LIMIT);
  const maxPages = Math.max(1, options.maxPages ?? HF_MAX_DAILY_PAGES);
  const budget = requestBudgetFor(options);
  const http = createHttpClient({
    logger,
    budget: budget ? createRequestBudget(budget, { sleep: options.sleep, ...(options.now ? { now: options.now } : {}) }) : undefined,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    retryBaseMs: options.retryBaseMs,
    maxRetryWaitMs: options.maxRetryWaitMs,
    userAgent: options.userAgent,
    token: options.token,
    sleep: options.sleep,
    maxResponseBytes: options.maxResponseBytes,
  });

  const url = (path: string, params: Record<string, string | number>): URL => {
    const target = new URL(path, base);
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, String(value));
    return target;
  };

  const logSkipped = (skipped: readonly SkippedItem[], context: Record<string, unknown>): void => {
    for (const item of skipped) {
      logger.warn({ ...context, index: item.index, id: item.id, reason: item.reason }, 'skipped Hugging Face item');
    }
  };

  return {
    async fetchDay(day, { signal } = {}): Promise<DayBatch> {
      if (!isIsoDay(day)) {
        throw new AppError(ErrorCode.InputInvalid, `not a calendar day (YYYY-MM-DD): ${day}`);
      }
      const items: unknown[] = [];
      let pages = 0;
      for (;;) {
        if (pages === maxPages) {
          logger.warn({ day, pages }, 'stopped paging Daily Papers at the page cap');
          break;
        }
        const target = url('api/daily_papers', { date: day, limit: pageSize, p: pages });
        const response = await http.getJson(target, { signal });
        pages++;
        const pageItems = expectArray(response.body, 'daily_papers');
        items.push(...pageItems);
        // HF sends `Link: rel="next"` when more exist; a full page without it is checked too.
        const hasNext = nextLink(response.headers.get('link')) !== undefined;
        if (pageItems.length === 0 || (!hasNext && pageItems.length < pageSize)) break;
      }
      const batch = parseDailyPapersResponse(items, { fallbackDay: day });
      logSkipped(batch.skipped, { day });
      logger.debug({ day, pages, papers: batch.papers.length, skipped: batch.skipped.length }, 'fetched day');
      return { day, papers: [...batch.papers].sort(byUpvotesDesc), skipped: batch.skipped };
    },

    async search(raw, limit, { signal } = {}): Promise<SourceBatch> {
      const q = hfSearchQuery(raw);
      if (q === '') return { papers: [], skipped: [] };
      const capped = clampInt(limit, 1, HF_SEARCH_MAX_LIMIT);
      const response = await http.getJson(url('api/papers/search', { q, limit: capped }), { signal, priority: 'live' });
      const batch = parseSearchResponse(response.body);
      logSkipped(batch.skipped, { q });
      return batch;
    },

    async getPaper(rawId, { signal } = {}): Promise<Paper | undefined> {
      const id = parsePaperId(rawId);
      if (id === undefined) throw new AppError(ErrorCode.InputInvalid, `not an arXiv id: ${rawId}`);
      let body: unknown;
      try {
        body = (await http.getJson(url(`api/papers/${id}`, {}), { signal })).body;
      } catch (error) {
        if (isAppError(error, ErrorCode.SourceNotFound)) return undefined;
        throw error;
      }
      const batch = parsePaperResponse(body);
      const [paper] = batch.papers;
      if (paper !== undefined) return paper;
      const [skipped] = batch.skipped;
      if (skipped !== undefined && isWithdrawnSkip(skipped)) {
        logger.info({ id, reason: skipped.reason }, 'paper withdrawn');
        return undefined;
      }
      throw new AppError(ErrorCode.SourceBadResponse, `unusable paper body for ${id}: ${skipped?.reason ?? ''}`, {
        details: { id },
      });
    },
  };
}
