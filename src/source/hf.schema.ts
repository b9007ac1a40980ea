/**
 * Hugging Face response shapes: the only file that knows HF field names.
 *
 * Lenient on purpose (notes/hf-data-contracts.md §4, §7): only `paper.id` is required, every other
 * field is optional or nullish because real data leaves out fields HF's own spec calls required,
 * and unknown keys pass through so a new HF field never rejects an item. Dates stay strings:
 * `z.iso.datetime()` would reject the rare odd value.
 */
import { z } from 'zod';

/** arXiv new-style id, optionally versioned. HF itself stores ids without a version. */
export const HF_PAPER_ID_PATTERN = /^\d{4}\.\d{4,5}(v\d+)?$/;

const optionalString = z.string().nullish();
const optionalCount = z.number().nonnegative().nullish();

export const HfUserOverview = z.looseObject({
  _id: optionalString,
  avatarUrl: optionalString,
  fullname: optionalString,
  name: optionalString,
  user: optionalString,
  type: optionalString,
});
export type HfUserOverview = z.infer<typeof HfUserOverview>;

/** The key is `avatar`, not `avatarUrl`, and it may be a gravatar URL with a query string. */
export const HfOrganization = z.looseObject({
  _id: optionalString,
  name: optionalString,
  fullname: optionalString,
  avatar: optionalString,
});
export type HfOrganization = z.infer<typeof HfOrganization>;

export const HfAuthor = z.looseObject({
  _id: optionalString,
  /** The name to display; `user.fullname` can differ and is sometimes mis-assigned. */
  name: optionalString,
  hidden: z.boolean().nullish(),
  /** Not an enum: HF adds statuses without notice. */
  status: optionalString,
  user: HfUserOverview.nullish(),
});
export type HfAuthor = z.infer<typeof HfAuthor>;

/** `item.paper`, `searchItem.paper`, and the flat body of `/api/papers/{id}`. */
export const HfPaper = z.looseObject({
  id: z.string().regex(HF_PAPER_ID_PATTERN, 'not an arXiv id like 2606.13681'),
  title: optionalString,
  /** The arXiv abstract (not a short blurb). */
  summary: optionalString,
  authors: z.array(HfAuthor).nullish(),
  /** arXiv v1 date. */
  publishedAt: optionalString,
  /** The Daily Papers day (midnight UTC in 2026, a timestamp in 2025); absent off Daily. */
  submittedOnDailyAt: optionalString,
  submittedOnDailyBy: HfUserOverview.nullish(),
  /** 0 is common and real. */
  upvotes: optionalCount,
  discussionId: optionalString,
  ai_summary: optionalString,
  ai_keywords: z.array(z.string()).nullish(),
  ai_summary_model: optionalString,
  githubRepo: optionalString,
  /** `"user"` or `"auto"` today; kept a plain string. */
  githubRepoAddedBy: optionalString,
  githubStars: optionalCount,
  projectPage: optionalString,
  organization: HfOrganization.nullish(),
  mediaUrls: z.array(z.string()).nullish(),
  /** Only in HF's spec so far; a withdrawn paper is not shown. */
  withdrawnAt: optionalString,
  /** 2024 search results were flat `{id, title, thumbnailUrl, source}`. */
  thumbnailUrl: optionalString,
  /** Only on `/api/papers/{id}`. */
  numTotalModels: optionalCount,
  numTotalDatasets: optionalCount,
  numTotalSpaces: optionalCount,
});
export type HfPaper = z.infer<typeof HfPaper>;

/** An element of `/api/daily_papers`. */
export const HfDailyPaperItem = z.looseObject({
  paper: HfPaper,
  /** Display title; equals `paper.title` in 2026, a cleaned one-line form in 2024. */
  title: optionalString,
  summary: optionalString,
  /**
   * Never use: in 2025+ it is `paper.publishedAt` shifted by the New York UTC offset but still
   * suffixed `Z`; in 2024 it was the time of the Daily submission.
   */
  publishedAt: optionalString,
  thumbnail: optionalString,
  mediaUrls: z.array(z.string()).nullish(),
  numComments: optionalCount,
  submittedBy: HfUserOverview.nullish(),
  organization: HfOrganization.nullish(),
  isAuthorParticipating: z.boolean().nullish(),
});
export type HfDailyPaperItem = z.infer<typeof HfDailyPaperItem>;

const HfHighlightSegment = z.looseObject({ type: optionalString, text: optionalString });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An element of `/api/papers/search`. Since 2025 it is `{paper:{…}, title, …, highlightedTitle}`;
 * in 2024 it was flat `{id, title, thumbnailUrl, source: "hf"}`, which is wrapped as `{paper}`.
 */
export const HfSearchItem = z.preprocess(
  (value) => (isRecord(value) && !('paper' in value) && 'id' in value ? { paper: value } : value),
  HfDailyPaperItem.extend({
    upvoted: z.boolean().nullish(),
    highlightedTitle: z.array(HfHighlightSegment).nullish(),
    highlightedSummary: z.array(HfHighlightSegment).nullish(),
  }),
);
export type HfSearchItem = z.infer<typeof HfSearchItem>;

/** The body of `/api/papers/{id}`: the bare paper, not wrapped. */
export const HfPaperDetail = HfPaper;
export type HfPaperDetail = z.infer<typeof HfPaperDetail>;

/** Keys that only a search hit carries; used to tell a saved search response from a daily one. */
export const HF_SEARCH_ONLY_KEYS = ['highlightedTitle', 'highlightedSummary', 'upvoted'] as const;
/** Keys of the 2024 flat search hit. */
export const HF_LEGACY_SEARCH_KEYS = ['thumbnailUrl', 'source'] as const;

/** `path: message` list, for logs and SkippedItem.reason. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
      return `${path === '' ? '(root)' : path}: ${issue.message}`;
    })
    .join('; ');
}

/** The paper id of a raw item when one can be read, for skip reports. */
export function readRawPaperId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const paper = isRecord(value.paper) ? value.paper : value;
  return typeof paper.id === 'string' ? paper.id : undefined;
}

export function isRawRecord(value: unknown): value is Record<string, unknown> {
  return isRecord(value);
}
