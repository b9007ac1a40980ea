/**
 * Hugging Face items → normalised `Paper`s. Whole responses are parsed item by item so one bad
 * item cannot sink a day; what could not be used comes back as `skipped` with its reason.
 */
import {
  collapseWhitespace,
  isIsoDay,
  normaliseAbstract,
  PAPER_LIMITS,
  paperLinks,
  parsePaperId,
  type Paper,
  type PaperOrganization,
  type PaperSubmitter,
} from '../core/paper.js';
import { AppError, ErrorCode } from '../core/errors.js';
import type { SkippedItem, SourceBatch } from '../core/ports.js';
import type { z } from 'zod';
import {
  describeIssues,
  HF_LEGACY_SEARCH_KEYS,
  HF_SEARCH_ONLY_KEYS,
  HfDailyPaperItem,
  HfPaperDetail,
  HfSearchItem,
  isRawRecord,
  readRawPaperId,
  type HfOrganization,
  type HfPaper,
  type HfUserOverview,
} from './hf.schema.js';

export type SavedResponseKind = 'daily_papers' | 'search' | 'paper';

export interface ParseOptions {
  /**
   * The papers-day asked for. Items without `paper.submittedOnDailyAt` (the 2024 shape) get it,
   * since `/api/daily_papers?date=D` only returns papers put on Daily Papers on D.
   */
  readonly fallbackDay?: string | undefined;
}

/** The item-level fields the normaliser reads; a flat paper detail is `{ paper }`. */
interface ItemView {
  readonly paper: HfPaper;
  readonly title?: string | null | undefined;
  readonly thumbnail?: string | null | undefined;
  readonly numComments?: number | null | undefined;
  readonly organization?: HfOrganization | null | undefined;
  readonly submittedBy?: HfUserOverview | null | undefined;
}

const WITHDRAWN_PREFIX = 'paper.withdrawnAt: withdrawn';

/** True when a skip was a withdrawn paper rather than a malformed item. */
export function isWithdrawnSkip(skipped: SkippedItem): boolean {
  return skipped.reason.startsWith(WITHDRAWN_PREFIX);
}

export function defaultThumbnail(id: string): string {
  return `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${id}.png`;
}

/** Cuts to `max` characters without splitting a surrogate pair. */
function capped(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/u.test(cut) ? cut.slice(0, -1) : cut;
}

/** Collapsed text, cut first so a megabyte of whitespace costs nothing to collapse. */
function text(value: string | null | undefined, max: number = PAPER_LIMITS.title): string | undefined {
  if (value === null || value === undefined) return undefined;
  const collapsed = collapseWhitespace(capped(value, max * 2)).slice(0, max);
  return collapsed === '' ? undefined : capped(collapsed, max);
}

/** A URL-ish field: dropped when longer than any real link. */
function link(value: string | null | undefined): string | undefined {
  const result = text(value, PAPER_LIMITS.url + 1);
  return result === undefined || result.length > PAPER_LIMITS.url ? undefined : result;
}

function trimmed(value: string | null | undefined): string | undefined {
  const result = value?.trim();
  return result === undefined || result === '' ? undefined : result;
}

function isoDayOf(value: string | null | undefined): string | undefined {
  const day = value?.slice(0, 10);
  return day !== undefined && isIsoDay(day) ? day : undefined;
}

function organizationOf(org: HfOrganization | null | undefined): PaperOrganization | undefined {
  const name = text(org?.name, PAPER_LIMITS.organization);
  if (name === undefined) return undefined;
  const fullname = text(org?.fullname, PAPER_LIMITS.organization);
  return fullname === undefined ? { name } : { name, fullname };
}

/** `user` is the username on `paper.submittedOnDailyBy`; the item-level copy has only `name`. */
function submitterOf(user: HfUserOverview | null | undefined): PaperSubmitter | undefined {
  const username = text(user?.user) ?? text(user?.name);
  if (username === undefined) return undefined;
  const fullname = text(user?.fullname);
  return fullname === undefined || fullname === username ? { username } : { username, fullname };
}

/** Drops keys whose value is undefined, so `'aiSummary' in paper` means it exists. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** One validated item → Paper, or the reason it is not shown. */
export function itemToPaper(item: ItemView, options: ParseOptions = {}): Paper | { skip: string } {
  const { paper } = item;
  const id = parsePaperId(paper.id);
  if (id === undefined) return { skip: `paper.id: not an arXiv id: ${paper.id}` };
  if (text(paper.withdrawnAt) !== undefined) {
    return { skip: `${WITHDRAWN_PREFIX} ${paper.withdrawnAt ?? ''}`.trim() };
  }
  const authors = (paper.authors ?? [])
    .filter((author) => author.hidden !== true)
    .map((author) => text(author.name, PAPER_LIMITS.authorName))
    .filter((name): name is string => name !== undefined);
  const keywords = (paper.ai_keywords ?? [])
    .slice(0, PAPER_LIMITS.keywords * 2)
    .map((keyword) => text(keyword, PAPER_LIMITS.keyword))
    .filter((keyword): keyword is string => keyword !== undefined)
    .slice(0, PAPER_LIMITS.keywords);
  const aiSummary = trimmed(paper.ai_summary);
  return compact<Paper>({
    id,
    title: text(item.title) ?? text(paper.title) ?? id,
    abstract: capped(normaliseAbstract(capped(paper.summary ?? '', PAPER_LIMITS.abstract * 2)), PAPER_LIMITS.abstract),
    aiSummary: aiSummary === undefined ? undefined : capped(aiSummary, PAPER_LIMITS.aiSummary),
    keywords,
    authors: authors.slice(0, PAPER_LIMITS.authors),
    authorCount: authors.length,
    publishedOn: isoDayOf(paper.publishedAt),
    papersDay: isoDayOf(paper.submittedOnDailyAt) ?? options.fallbackDay,
    upvotes: paper.upvotes ?? 0,
    comments: item.numComments ?? 0,
    githubRepo: link(paper.githubRepo),
    githubStars: paper.githubStars ?? undefined,
    projectPage: link(paper.projectPage),
    organization: organizationOf(paper.organization) ?? organizationOf(item.organization),
    submittedBy: submitterOf(paper.submittedOnDailyBy) ?? submitterOf(item.submittedBy),
    thumbnail: link(item.thumbnail) ?? link(paper.thumbnailUrl) ?? defaultThumbnail(id),
    links: paperLinks(id),
  });
}

/** Keeps the first occurrence of each id, with the highest upvote count seen for it. */
export function dedupePapers(papers: readonly Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  for (const paper of papers) {
    const seen = byId.get(paper.id);
    if (seen === undefined) byId.set(paper.id, paper);
    else if (paper.upvotes > seen.upvotes) byId.set(paper.id, { ...seen, upvotes: paper.upvotes });
  }
  return [...byId.values()];
}

/** The body as an array, or AppError(SourceBadResponse). */
export function expectArray(json: unknown, what: string): unknown[] {
  if (!Array.isArray(json)) {
    throw new AppError(ErrorCode.SourceBadResponse, `${what}: expected a JSON array, got ${kindOf(json)}`);
  }
  return json;
}

function kindOf(json: unknown): string {
  if (json === null) return 'null';
  return Array.isArray(json) ? 'an array' : typeof json;
}

function parseItems(
  items: readonly unknown[],
  schema: z.ZodType<ItemView>,
  options: ParseOptions,
): SourceBatch {
  const papers: Paper[] = [];
  const skipped: SkippedItem[] = [];
  items.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    const rawId = readRawPaperId(raw);
    if (!parsed.success) {
      skipped.push({ index, id: rawId, reason: describeIssues(parsed.error) });
      return;
    }
    const result = itemToPaper(parsed.data, options);
    if ('skip' in result) skipped.push({ index, id: rawId, reason: result.skip });
    else papers.push(result);
  });
  return { papers: dedupePapers(papers), skipped };
}

/** `/api/daily_papers` body. Throws AppError(SourceBadResponse) when it is not an array. */
export function parseDailyPapersResponse(json: unknown, options: ParseOptions = {}): SourceBatch {
  return parseItems(expectArray(json, 'daily_papers'), HfDailyPaperItem, options);
}

/** `/api/papers/search` body (2025+ and 2024 shapes), in HF's relevance order. */
export function parseSearchResponse(json: unknown): SourceBatch {
  return parseItems(expectArray(json, 'papers/search'), HfSearchItem, {});
}

/** `/api/papers/{id}` body: the bare paper object. Throws when it is not an object. */
export function parsePaperResponse(json: unknown): SourceBatch {
  if (!isRawRecord(json)) {
    throw new AppError(ErrorCode.SourceBadResponse, `papers/{id}: expected a JSON object, got ${kindOf(json)}`);
  }
  const parsed = HfPaperDetail.safeParse(json);
  const id = readRawPaperId(json);
  if (!parsed.success) {
    return { papers: [], skipped: [{ index: 0, id, reason: describeIssues(parsed.error) }] };
  }
  const result = itemToPaper({ paper: parsed.data });
  if ('skip' in result) return { papers: [], skipped: [{ index: 0, id, reason: result.skip }] };
  return { papers: [result], skipped: [] };
}

function looksLikeSearch(items: readonly unknown[]): boolean {
  return items.some(
    (item) =>
      isRawRecord(item) &&
      (HF_SEARCH_ONLY_KEYS.some((key) => key in item) ||
        (!('paper' in item) && HF_LEGACY_SEARCH_KEYS.some((key) => key in item))),
  );
}

/**
 * A response saved to a file (for `render --input FILE`): an object is one paper, an array of
 * search hits (highlight keys or the 2024 flat shape) is a search, any other array is a day.
 */
export function parseSavedResponse(json: unknown): SourceBatch & { kind: SavedResponseKind } {
  if (isRawRecord(json)) return { kind: 'paper', ...parsePaperResponse(json) };
  const items = expectArray(json, 'saved response');
  if (looksLikeSearch(items)) return { kind: 'search', ...parseSearchResponse(items) };
  return { kind: 'daily_papers', ...parseDailyPapersResponse(items) };
}
