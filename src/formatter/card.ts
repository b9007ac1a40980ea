/**
 * The platform-free view of papers that every renderer (Discord, Slack, console) starts from.
 * All text here is cleaned (well-formed, no control characters) but not escaped or cut to any
 * platform's limits; that is each renderer's job.
 */
import type { DigestPlan } from '../core/digest-plan.js';
import type { Paper, PaperId } from '../core/paper.js';
import type { Cadence } from '../core/subscription.js';
import { CARD_LIMITS } from './limits.js';
import { formatAuthors, sanitizeText, truncate } from './text.js';

export interface CardLink {
  readonly label: string;
  readonly url: string;
}

export interface PaperCard {
  readonly id: PaperId;
  readonly title: string;
  /** The Hugging Face paper page. */
  readonly url: string;
  /** aiSummary when HF has one, else the abstract (paragraphs kept as `\n`). */
  readonly blurb: string;
  /** aiSummary or the abstract's first sentence, at most `CARD_LIMITS.oneLine`. */
  readonly oneLine: string;
  readonly authors: readonly string[];
  readonly authorCount: number;
  /** Plain "A, B, +3 more" within `CARD_LIMITS.authorsLine`. */
  readonly authorsLine: string;
  /** Hugging Face upvotes. */
  readonly upvotes: number;
  /** Community votes in our chats, when known. */
  readonly votes?: number | undefined;
  /** Whose votes those are, in words: "in this server", "across Discord and Slack". */
  readonly votesWhere?: string | undefined;
  /** 1-based position in a digest or result list. */
  readonly rank?: number | undefined;
  /** papersDay ?? publishedOn, `YYYY-MM-DD`. */
  readonly date?: string | undefined;
  /** True when the paper came from a Daily Papers day (not only from search). */
  readonly daily: boolean;
  readonly organization?: string | undefined;
  readonly organizationUrl?: string | undefined;
  readonly github?: { readonly url: string; readonly stars?: number | undefined } | undefined;
  /** Hugging Face, arXiv, PDF, then GitHub and Project page when present. */
  readonly links: readonly CardLink[];
  readonly thumbnail?: string | undefined;
  /** Hugging Face's AI keywords, cleaned; empty for papers HF has not processed yet. */
  readonly keywords: readonly string[];
  /** Discussion comments on Hugging Face. */
  readonly comments: number;
  /** "12 authors", as Hugging Face's pages count them; '' without authors. */
  readonly authorCountLabel: string;
  /** Who put the paper on Daily Papers, and their Hugging Face page. */
  readonly submittedBy?: { readonly name: string; readonly url?: string | undefined } | undefined;
}

export interface CardExtras {
  readonly votes?: number | undefined;
  readonly votesWhere?: string | undefined;
  readonly rank?: number | undefined;
}

/** Community votes per paper, as the vote store reports them. */
export type VoteCounts = ReadonlyMap<PaperId, number>;

export interface DigestView {
  /** The last papers-day covered (the only one, for a one-day digest). */
  readonly day: string;
  /** The first papers-day covered, when the digest spans several. */
  readonly from?: string | undefined;
  readonly cadence?: Cadence | undefined;
  /** max_papers as applied (per papers-day, or per weekly digest). */
  readonly maxPapers?: number | undefined;
  /** Earlier papers-days whose late papers are included. */
  readonly lateDays?: readonly string[] | undefined;
  /** Whose votes a weekly ranking counted, in words; absent: the community's, unspecified. */
  readonly rankedVotesWhere?: string | undefined;
  readonly papers: readonly PaperCard[];
  /** Papers that day in all, of which `papers` are the ones shown. */
  readonly totalAvailable: number;
  /** Platform-specific emoji users react with to vote (`⬆️`, `:arrow_up:`). */
  readonly voteEmoji?: string | undefined;
  /** Overrides the default "React with … to upvote" line. */
  readonly voteHint?: string | undefined;
}

export interface SearchView {
  readonly query: string;
  readonly cards: readonly PaperCard[];
  /** 1-based. */
  readonly page: number;
  readonly pageCount: number;
  readonly pageSize: number;
  /** Matches in all. */
  readonly total: number;
  /** E.g. 'Hugging Face search unreachable; local results only'. */
  readonly note?: string | undefined;
}

/** Only http(s) URLs become links or images: anything else makes Discord reject the payload. */
function webUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (!/^https?:\/\//i.test(trimmed) || /\s/.test(trimmed)) return undefined;
  try {
    return new URL(trimmed).protocol.startsWith('http') ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

function sameSite(a: string, b: string): boolean {
  const key = (url: string): string =>
    url.toLowerCase().replace(/^https?:\/\/(www\.)?/, '').replace(/(\.git)?\/*$/, '');
  return key(a) === key(b);
}

/** The first sentence of the first paragraph; abbreviations like "e.g." rarely end one early. */
function firstSentence(abstract: string): string {
  const paragraph = abstract.split('\n')[0] ?? '';
  const pattern = new RegExp(`^(.{${CARD_LIMITS.minSentence},}?[.!?])(?=\\s+[\\p{Lu}\\p{N}("'])`, 'su');
  return pattern.exec(paragraph)?.[1] ?? paragraph;
}

export function paperToCard(paper: Paper, extras: CardExtras = {}): PaperCard {
  const title = sanitizeText(paper.title) || paper.id;
  const abstract = sanitizeText(paper.abstract, { keepNewlines: true });
  const aiSummary = sanitizeText(paper.aiSummary ?? '');
  const authors = paper.authors.map((name) => sanitizeText(name)).filter((name) => name.length > 0);
  const authorCount = Math.max(paper.authorCount, authors.length);
  const github = webUrl(paper.githubRepo);
  const project = webUrl(paper.projectPage);
  const organization = paper.organization
    ? sanitizeText(paper.organization.fullname ?? '') || sanitizeText(paper.organization.name) || undefined
    : undefined;
  // encodeURIComponent throws on a lone surrogate; a slug is a path segment, never free text.
  const orgSlug = paper.organization ? encodeURIComponent(sanitizeText(paper.organization.name)) : '';
  const submitterSlug = paper.submittedBy ? encodeURIComponent(sanitizeText(paper.submittedBy.username)) : '';
  const submitterName = paper.submittedBy ? sanitizeText(paper.submittedBy.fullname ?? '') || sanitizeText(paper.submittedBy.username) : '';

  const links: CardLink[] = [
    { label: 'Hugging Face', url: paper.links.hf },
    { label: 'arXiv', url: paper.links.arxiv },
    { label: 'PDF', url: paper.links.pdf },
  ];
  if (github) links.push({ label: 'GitHub', url: github });
  if (project && !(github && sameSite(project, github))) links.push({ label: 'Project page', url: project });

  return {
    id: paper.id,
    title,
    url: paper.links.hf,
    blurb: aiSummary || abstract,
    oneLine: truncate(aiSummary || firstSentence(abstract), CARD_LIMITS.oneLine),
    authors,
    authorCount,
    authorsLine: formatAuthors(authors, authorCount, CARD_LIMITS.authorsLine),
    upvotes: paper.upvotes,
    votes: extras.votes,
    votesWhere: extras.votesWhere,
    rank: extras.rank,
    date: paper.papersDay ?? paper.publishedOn,
    daily: paper.papersDay !== undefined,
    organization,
    organizationUrl: orgSlug ? `https://huggingface.co/${orgSlug}` : undefined,
    github: github ? { url: github, stars: paper.githubStars } : undefined,
    links,
    thumbnail: webUrl(paper.thumbnail),
    keywords: paper.keywords.map((k) => sanitizeText(k)).filter((k) => k.length > 0),
    comments: paper.comments,
    authorCountLabel: authorCountLabel(authorCount),
    submittedBy: submitterName
      ? { name: submitterName, url: submitterSlug && submitterSlug.length <= CARD_LIMITS.slug ? `https://huggingface.co/${submitterSlug}` : undefined }
      : undefined,
  };
}

/** "1 author", "12 authors"; '' for none. */
export function authorCountLabel(count: number): string {
  if (count <= 0) return '';
  return `${count.toLocaleString('en-US')} author${count === 1 ? '' : 's'}`;
}

/**
 * Authors for a one-line detail: the names that fit within `max`, led by the count as Hugging
 * Face shows it when there are several ("12 authors: A, B, +10 more").
 */
export function authorsWithCount(card: PaperCard, max: number, render: (name: string) => string = (name) => name): string {
  const prefix = card.authorCount > 1 ? `${card.authorCountLabel}: ` : '';
  const names = formatAuthors(card.authors, card.authorCount, max - prefix.length, render);
  if (names === '' || names === card.authorCountLabel) return truncate(card.authorCountLabel, max);
  return `${prefix}${names}`;
}

export interface DigestViewOptions {
  readonly votes?: VoteCounts | undefined;
  readonly votesWhere?: string | undefined;
  /** Defaults to `papers.length`. */
  readonly totalAvailable?: number | undefined;
  readonly voteEmoji?: string | undefined;
  readonly voteHint?: string | undefined;
}

/** `papers` in the order the digest shows them (core ranks them); ranks are 1-based. */
export function digestToView(day: string, papers: readonly Paper[], opts: DigestViewOptions = {}): DigestView {
  return {
    day,
    papers: papers.map((paper, index) => paperToCard(paper, { votes: opts.votes?.get(paper.id), votesWhere: opts.votesWhere, rank: index + 1 })),
    totalAvailable: Math.max(opts.totalAvailable ?? papers.length, papers.length),
    voteEmoji: opts.voteEmoji,
    voteHint: opts.voteHint,
  };
}

/** A planned digest as a view: its span, cadence and cap come along for the header. */
export function digestPlanToView(plan: DigestPlan, opts: Omit<DigestViewOptions, 'totalAvailable'> = {}): DigestView {
  return {
    ...digestToView(plan.day, plan.papers, { ...opts, totalAvailable: plan.availableCount }),
    from: plan.from,
    cadence: plan.cadence,
    maxPapers: plan.maxPapers,
    lateDays: plan.lateDays,
    rankedVotesWhere: plan.votesWhere,
  };
}

export interface SearchViewOptions {
  /** 1-based page these papers are. */
  readonly page: number;
  readonly pageSize: number;
  /** Matches in all. */
  readonly total: number;
  readonly note?: string | undefined;
  readonly votes?: VoteCounts | undefined;
  readonly votesWhere?: string | undefined;
}

/** One page of search results; `papers` are that page's papers in relevance order. */
export function searchToView(query: string, papers: readonly Paper[], opts: SearchViewOptions): SearchView {
  const pageSize = Math.max(1, Math.floor(opts.pageSize));
  const requested = Math.max(1, Math.floor(opts.page));
  // Never claim fewer matches than this page visibly holds.
  const seen = papers.length > 0 ? (requested - 1) * pageSize + papers.length : 0;
  const total = Math.max(Math.floor(opts.total), seen);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(requested, pageCount);
  const offset = (page - 1) * pageSize;
  return {
    query: sanitizeText(query),
    cards: papers.map((paper, index) => paperToCard(paper, { votes: opts.votes?.get(paper.id), votesWhere: opts.votesWhere, rank: offset + index + 1 })),
    page,
    pageCount,
    pageSize,
    total,
    note: opts.note === undefined ? undefined : sanitizeText(opts.note),
  };
}

/** "3 votes in this server": a count with whose votes they are, never a bare "here". */
export function votesPhrase(votes: number, where: string | undefined): string {
  return `${votes} vote${votes === 1 ? '' : 's'}${where === undefined ? '' : ` ${where}`}`;
}
