/**
 * Turns the recorded Hugging Face responses into `Paper` objects for formatter tests. A small
 * stand-in for the real normaliser in src/source (written separately), so these tests don't
 * depend on it; it follows the field mapping in notes/hf-data-contracts.md §0.5.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Paper } from '../../src/core/paper.js';
import { collapseWhitespace, normaliseAbstract, paperLinks, parsePaperId } from '../../src/core/paper.js';

export const FIXTURE_FILES = [
  'hf-daily-papers_2026-07-31_5-items.json',
  'hf-daily-papers_latest-batch_2026-06-12.json',
  'hf-papers-search_q-kazakh_2025-05.json',
  'hf-papers-search_q-llama-3-herd_2025-05.json',
] as const;

interface RawItem {
  title?: string;
  thumbnail?: string;
  numComments?: number;
  paper: {
    id: string;
    title?: string;
    summary?: string;
    ai_summary?: string | null;
    ai_keywords?: string[] | null;
    authors?: { name?: string; hidden?: boolean }[];
    publishedAt?: string;
    submittedOnDailyAt?: string | null;
    upvotes?: number;
    githubRepo?: string | null;
    githubStars?: number | null;
    projectPage?: string | null;
    organization?: { name?: string; fullname?: string } | null;
  };
}

function toPaper(item: RawItem): Paper {
  const raw = item.paper;
  const id = parsePaperId(raw.id);
  if (id === undefined) throw new Error(`fixture item with bad id ${raw.id}`);
  const authors = (raw.authors ?? []).filter((a) => a.hidden !== true).map((a) => collapseWhitespace(a.name ?? ''));
  return {
    id,
    title: collapseWhitespace(item.title ?? raw.title ?? ''),
    abstract: normaliseAbstract(raw.summary ?? ''),
    aiSummary: raw.ai_summary ?? undefined,
    keywords: raw.ai_keywords ?? [],
    authors,
    authorCount: authors.length,
    publishedOn: raw.publishedAt?.slice(0, 10),
    papersDay: raw.submittedOnDailyAt?.slice(0, 10),
    upvotes: raw.upvotes ?? 0,
    comments: item.numComments ?? 0,
    githubRepo: raw.githubRepo ?? undefined,
    githubStars: raw.githubStars ?? undefined,
    projectPage: raw.projectPage ?? undefined,
    organization:
      raw.organization?.name === undefined ? undefined : { name: raw.organization.name, fullname: raw.organization.fullname },
    thumbnail: item.thumbnail,
    links: paperLinks(id),
  };
}

export function loadFixturePapers(file: (typeof FIXTURE_FILES)[number]): Paper[] {
  const path = fileURLToPath(new URL(`../fixtures/hf/${file}`, import.meta.url));
  const items = JSON.parse(readFileSync(path, 'utf8')) as RawItem[];
  return items.map(toPaper);
}

/** Every fixture paper once, tagged with its file, for table-driven tests. */
export function allFixturePapers(): { file: string; paper: Paper }[] {
  const seen = new Set<string>();
  return FIXTURE_FILES.flatMap((file) => loadFixturePapers(file).map((paper) => ({ file, paper }))).filter(
    ({ paper }) => !seen.has(paper.id) && (seen.add(paper.id), true),
  );
}

export function fixturePaper(id: string): Paper {
  const found = allFixturePapers().find(({ paper }) => paper.id === id);
  if (!found) throw new Error(`no fixture paper ${id}`);
  return found.paper;
}
