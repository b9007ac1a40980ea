/**
 * The one paper builder for tests: recorded Hugging Face responses turned into Paper objects,
 * and minimal hand-made papers. Deliberately small and separate from the real normaliser in
 * src/source/ (tested there), so a bug there cannot hide in every other test; it follows the
 * field mapping in notes/hf-data-contracts.md §0.5.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collapseWhitespace, normaliseAbstract, paperLinks, parsePaperId, type Paper } from '../../src/core/paper.js';
import type { Clock } from '../../src/core/ports.js';

export const FIXTURE_FILES = [
  'hf-daily-papers_2026-07-31_5-items.json',
  'hf-daily-papers_latest-batch_2026-06-12.json',
  'hf-papers-search_q-kazakh_2025-05.json',
  'hf-papers-search_q-llama-3-herd_2025-05.json',
] as const;

export type FixtureFile = (typeof FIXTURE_FILES)[number];

/** The papers-day of the 30-paper batch `loadFixturePapers()` reads by default. */
export const FIXTURE_DAY = '2026-06-12';

/** A clock stopped at the evening of the fixture day, so freshness ranking is reproducible. */
export const fixtureClock: Clock = { now: () => new Date(`${FIXTURE_DAY}T20:00:00Z`) };

interface RawOrganization {
  name?: string;
  fullname?: string;
}

interface RawItem {
  title?: string;
  thumbnail?: string;
  numComments?: number;
  organization?: RawOrganization | null;
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
    organization?: RawOrganization | null;
    submittedOnDailyBy?: { user?: string; name?: string; fullname?: string } | null;
  };
}

function itemToPaper(item: RawItem): Paper {
  const raw = item.paper;
  const id = parsePaperId(raw.id);
  if (id === undefined) throw new Error(`fixture item with bad id ${raw.id}`);
  const authors = (raw.authors ?? []).filter((author) => author.hidden !== true).map((author) => collapseWhitespace(author.name ?? ''));
  const organization = raw.organization ?? item.organization;
  const submitter = raw.submittedOnDailyBy;
  const username = submitter?.user ?? submitter?.name;
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
    organization: organization?.name === undefined ? undefined : { name: organization.name, fullname: organization.fullname },
    thumbnail: item.thumbnail,
    submittedBy: username === undefined ? undefined : { username, fullname: submitter?.fullname },
    links: paperLinks(id),
  };
}

/** The papers of one recorded response; by default the 30-paper day of FIXTURE_DAY. */
export function loadFixturePapers(file: FixtureFile = 'hf-daily-papers_latest-batch_2026-06-12.json'): Paper[] {
  const path = fileURLToPath(new URL(`../fixtures/hf/${file}`, import.meta.url));
  const items = JSON.parse(readFileSync(path, 'utf8')) as RawItem[];
  return items.map(itemToPaper);
}

/** Every fixture paper once, tagged with its file, for table-driven tests. */
export function allFixturePapers(): { file: FixtureFile; paper: Paper }[] {
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

/** A minimal paper for hand-made cases. */
export function makePaper(id: string, fields: Partial<Omit<Paper, 'id' | 'links'>> = {}): Paper {
  return {
    title: `Paper ${id}`,
    abstract: 'An abstract.',
    keywords: [],
    authors: ['Ada Lovelace'],
    authorCount: 1,
    upvotes: 0,
    comments: 0,
    ...fields,
    id,
    links: paperLinks(id),
  };
}
