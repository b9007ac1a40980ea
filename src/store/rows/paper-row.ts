/**
 * The one place that knows how a Paper is laid out in the `papers` table (the same columns in
 * SQLite and PostgreSQL), and how a new sighting of a known paper merges into the stored one.
 */
import { paperLinks, type Paper } from '../../core/paper.js';

/** The columns of `papers` that describe the paper (bookkeeping columns excluded). */
export interface PaperColumns {
  id: string;
  title: string;
  abstract: string;
  ai_summary: string | null;
  /** JSON array of strings. */
  keywords: string;
  /** JSON array of strings. */
  authors: string;
  author_count: number;
  published_on: string | null;
  papers_day: string | null;
  upvotes: number;
  comments: number;
  github_repo: string | null;
  github_stars: number | null;
  project_page: string | null;
  org_name: string | null;
  org_fullname: string | null;
  thumbnail: string | null;
  submitter_name: string | null;
  submitter_fullname: string | null;
}

export const PAPER_COLUMN_NAMES = [
  'id', 'title', 'abstract', 'ai_summary', 'keywords', 'authors', 'author_count', 'published_on',
  'papers_day', 'upvotes', 'comments', 'github_repo', 'github_stars', 'project_page', 'org_name',
  'org_fullname', 'thumbnail', 'submitter_name', 'submitter_fullname',
] as const satisfies readonly (keyof PaperColumns)[];

/** `p.id, p.title, ...` for SELECTs that join other tables. */
export const PAPER_SELECT_LIST = PAPER_COLUMN_NAMES.map((name) => `p.${name}`).join(', ');

export function paperToColumns(paper: Paper): PaperColumns {
  return {
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    ai_summary: present(paper.aiSummary),
    keywords: JSON.stringify(paper.keywords),
    authors: JSON.stringify(paper.authors),
    author_count: count(paper.authorCount),
    published_on: present(paper.publishedOn),
    papers_day: present(paper.papersDay),
    upvotes: count(paper.upvotes),
    comments: count(paper.comments),
    github_repo: present(paper.githubRepo),
    github_stars: paper.githubStars === undefined ? null : count(paper.githubStars),
    project_page: present(paper.projectPage),
    org_name: present(paper.organization?.name),
    org_fullname: paper.organization ? present(paper.organization.fullname) : null,
    thumbnail: present(paper.thumbnail),
    submitter_name: present(paper.submittedBy?.username),
    submitter_fullname: paper.submittedBy ? present(paper.submittedBy.fullname) : null,
  };
}

export function columnsToPaper(row: PaperColumns): Paper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    aiSummary: row.ai_summary ?? undefined,
    keywords: parseStringArray(row.keywords),
    authors: parseStringArray(row.authors),
    authorCount: row.author_count,
    publishedOn: row.published_on ?? undefined,
    papersDay: row.papers_day ?? undefined,
    upvotes: row.upvotes,
    comments: row.comments,
    githubRepo: row.github_repo ?? undefined,
    githubStars: row.github_stars ?? undefined,
    projectPage: row.project_page ?? undefined,
    organization:
      row.org_name === null ? undefined : { name: row.org_name, fullname: row.org_fullname ?? undefined },
    thumbnail: row.thumbnail ?? undefined,
    submittedBy:
      row.submitter_name === null ? undefined : { username: row.submitter_name, fullname: row.submitter_fullname ?? undefined },
    links: paperLinks(row.id),
  };
}

/**
 * A later sighting refreshes what changes on Hugging Face (upvotes, comments, stars, AI summary,
 * organization, ...) but only overwrites with a value it actually has: a search hit without
 * `ai_summary` or `papersDay` must not erase the ones a daily batch stored.
 */
export function mergeColumns(stored: PaperColumns, seen: PaperColumns): PaperColumns {
  const hasOrg = seen.org_name !== null;
  const hasSubmitter = seen.submitter_name !== null;
  return {
    id: stored.id,
    title: seen.title.length > 0 ? seen.title : stored.title,
    abstract: seen.abstract.length > 0 ? seen.abstract : stored.abstract,
    ai_summary: seen.ai_summary ?? stored.ai_summary,
    keywords: seen.keywords === '[]' ? stored.keywords : seen.keywords,
    authors: seen.authors === '[]' ? stored.authors : seen.authors,
    author_count: seen.authors === '[]' ? stored.author_count : seen.author_count,
    published_on: seen.published_on ?? stored.published_on,
    papers_day: seen.papers_day ?? stored.papers_day,
    upvotes: seen.upvotes,
    comments: seen.comments,
    github_repo: seen.github_repo ?? stored.github_repo,
    github_stars: seen.github_stars ?? stored.github_stars,
    project_page: seen.project_page ?? stored.project_page,
    org_name: hasOrg ? seen.org_name : stored.org_name,
    org_fullname: hasOrg ? seen.org_fullname : stored.org_fullname,
    thumbnail: seen.thumbnail ?? stored.thumbnail,
    submitter_name: hasSubmitter ? seen.submitter_name : stored.submitter_name,
    submitter_fullname: hasSubmitter ? seen.submitter_fullname : stored.submitter_fullname,
  };
}

export function sameColumns(a: PaperColumns, b: PaperColumns): boolean {
  return PAPER_COLUMN_NAMES.every((name) => a[name] === b[name]);
}

function present(value: string | undefined): string | null {
  return value === undefined || value.length === 0 ? null : value;
}

/** INTEGER columns (STRICT in SQLite) reject 3.0000001 and NaN; counts are whole and never negative. */
function count(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
}

/** A JSON array column's strings; anything unreadable is an empty list. */
export function parseStringArray(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
