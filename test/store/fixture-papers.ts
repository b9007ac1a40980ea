/**
 * Turns recorded Hugging Face daily items into Paper objects for store tests. Deliberately tiny
 * and local: the real normaliser lives in src/source/ and is tested there.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collapseWhitespace, normaliseAbstract, paperLinks, type Paper } from '../../src/core/paper.js';
import type { Clock } from '../../src/core/ports.js';

interface RawItem {
  title?: string;
  numComments?: number;
  thumbnail?: string;
  organization?: { name: string; fullname?: string };
  paper: {
    id: string;
    title: string;
    summary: string;
    upvotes: number;
    publishedAt?: string;
    submittedOnDailyAt?: string;
    authors: { name: string; hidden?: boolean }[];
    ai_summary?: string;
    ai_keywords?: string[];
    githubRepo?: string;
    githubStars?: number;
    projectPage?: string;
    organization?: { name: string; fullname?: string };
  };
}

export const FIXTURE_DAY = '2026-06-12';

/** A clock stopped at the evening of the fixture day, so freshness ranking is reproducible. */
export const fixtureClock: Clock = { now: () => new Date(`${FIXTURE_DAY}T20:00:00Z`) };

export function loadFixturePapers(name = 'hf-daily-papers_latest-batch_2026-06-12.json'): Paper[] {
  const url = new URL(`../fixtures/hf/${name}`, import.meta.url);
  const items = JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as RawItem[];
  return items.map(itemToPaper);
}

function itemToPaper(item: RawItem): Paper {
  const raw = item.paper;
  const authors = raw.authors.filter((author) => author.hidden !== true).map((author) => author.name);
  const organization = raw.organization ?? item.organization;
  return {
    id: raw.id,
    title: collapseWhitespace(item.title ?? raw.title),
    abstract: normaliseAbstract(raw.summary),
    aiSummary: raw.ai_summary,
    keywords: raw.ai_keywords ?? [],
    authors,
    authorCount: authors.length,
    publishedOn: raw.publishedAt?.slice(0, 10),
    papersDay: raw.submittedOnDailyAt?.slice(0, 10),
    upvotes: raw.upvotes,
    comments: item.numComments ?? 0,
    githubRepo: raw.githubRepo,
    githubStars: raw.githubStars,
    projectPage: raw.projectPage,
    organization: organization ? { name: organization.name, fullname: organization.fullname } : undefined,
    thumbnail: item.thumbnail,
    links: paperLinks(raw.id),
  };
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
