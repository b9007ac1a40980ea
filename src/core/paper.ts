/**
 * The normalised paper: what every other part of Paperboy sees, whatever Hugging Face's shape
 * of the day was. Built only by the source adapters; never holds platform markup.
 */

/** arXiv id without version, e.g. `2606.13681`. Everything dedupes on it. */
export type PaperId = string;

const ARXIV_ID = /^(\d{4}\.\d{4,5})(?:v\d+)?$/;

/** Returns the arXiv id without its version, or undefined when it is not a new-style arXiv id. */
export function parsePaperId(raw: string): PaperId | undefined {
  const match = ARXIV_ID.exec(raw.trim());
  return match?.[1];
}

export interface PaperOrganization {
  /** Hugging Face slug, e.g. `nvidia`; the org page is https://huggingface.co/{name}. */
  readonly name: string;
  readonly fullname?: string | undefined;
}

/** The Hugging Face user who put the paper on Daily Papers. */
export interface PaperSubmitter {
  /** Hugging Face username, e.g. `akhaliq`; their page is https://huggingface.co/{username}. */
  readonly username: string;
  /** Display name, e.g. `AK`. */
  readonly fullname?: string | undefined;
}

export interface PaperLinks {
  readonly hf: string;
  readonly arxiv: string;
  readonly pdf: string;
}

export interface Paper {
  readonly id: PaperId;
  /** Display title, whitespace collapsed. */
  readonly title: string;
  /** The arXiv abstract; hard wraps collapsed, paragraph breaks kept as a single `\n`. */
  readonly abstract: string;
  /** Hugging Face's one-sentence summary; absent until HF has generated it. */
  readonly aiSummary?: string | undefined;
  readonly keywords: readonly string[];
  /** Visible authors in order (hidden ones dropped). */
  readonly authors: readonly string[];
  /** Number of visible authors, kept even when `authors` is shortened for storage. */
  readonly authorCount: number;
  /** arXiv v1 date, ISO `YYYY-MM-DD`. */
  readonly publishedOn?: string | undefined;
  /** The Daily Papers day this paper was put on, `YYYY-MM-DD`; absent for search-only papers. */
  readonly papersDay?: string | undefined;
  /** Hugging Face upvotes; 0 is a real value. */
  readonly upvotes: number;
  readonly comments: number;
  readonly githubRepo?: string | undefined;
  readonly githubStars?: number | undefined;
  readonly projectPage?: string | undefined;
  readonly organization?: PaperOrganization | undefined;
  /** Who submitted it to Daily Papers; absent for papers never on Daily. */
  readonly submittedBy?: PaperSubmitter | undefined;
  readonly thumbnail?: string | undefined;
  readonly links: PaperLinks;
}

/**
 * How much of a paper the store keeps: generous for any real paper (arXiv caps abstracts at
 * 1,920 characters, titles rarely pass 250), and a hard stop for a hostile or broken response.
 * The source cuts to these before anything reaches the store; `authorCount` keeps the real count.
 */
export const PAPER_LIMITS = {
  title: 1_000,
  abstract: 10_000,
  aiSummary: 2_000,
  // Large collaborations list thousands (Llama 3: 533, Gemini: over 1,000).
  authors: 3_000,
  authorName: 200,
  keywords: 50,
  keyword: 100,
  organization: 200,
  /** A longer URL (GitHub, project page, thumbnail) is dropped rather than cut. */
  url: 2_048,
} as const;

export function paperLinks(id: PaperId): PaperLinks {
  return {
    hf: `https://huggingface.co/papers/${id}`,
    arxiv: `https://arxiv.org/abs/${id}`,
    pdf: `https://arxiv.org/pdf/${id}`,
  };
}

/** Collapses every run of whitespace (including hard wraps) into one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Abstracts arrive hard-wrapped (`\n` inside sentences) with paragraph breaks written as `\n  `
 * or a blank line. Keep paragraphs, drop the wraps.
 */
export function normaliseAbstract(text: string): string {
  return text
    .split(/\n[ \t]*\n|\n[ \t]{2,}/u)
    .map(collapseWhitespace)
    .filter((paragraph) => paragraph.length > 0)
    .join('\n');
}

/** Papers in the order a digest shows them: most HF upvotes first, ties by id for stability. */
export function byUpvotesDesc(a: Paper, b: Paper): number {
  return b.upvotes - a.upvotes || a.id.localeCompare(b.id);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
