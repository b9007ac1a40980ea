/**
 * Follow matching: 10,000 follows (words, phrases, authors, orgs, minimums, mixed, drawn from
 * the fixture day so that some match) against one papers-day, as the alerts run does it, in
 * memory. The baseline, measured in the same run: the same follows as one ranked search each
 * against the SQLite archive holding that day (sampled, then scaled to 10,000).
 *
 * Goal (the issue's): 10,000 follows against a day in under 1 s.
 */
import type { Follow } from '../src/core/follows/follow.js';
import { matchFollows } from '../src/core/follows/match.js';
import { parseSearchQuery } from '../src/core/search/query.js';
import { openSqliteStores } from '../src/store/sqlite/stores.js';
import { FIXTURE_DAY, loadFixturePapers } from '../test/support/papers.js';
import { seededRandom } from './search-corpus.js';
import { ms, percentile, type BenchTable } from './table.js';

const FOLLOWS = 10_000;
const RUNS = 7;
const BASELINE_SAMPLE = 500;
const GOAL_MS = 1_000;
const NOW = new Date(`${FIXTURE_DAY}T20:00:00Z`);

function makeFollows(): Follow[] {
  const papers = loadFixturePapers();
  const random = seededRandom(14);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const words = papers.flatMap((paper) => paper.title.toLowerCase().split(/\W+/u).filter((word) => word.length > 4));
  const authors = papers.flatMap((paper) => paper.authors);
  const orgs = papers.flatMap((paper) => (paper.organization === undefined ? [] : [paper.organization.name]));
  const kinds: (() => string)[] = [
    () => pick(words),
    () => `${pick(words)} ${pick(words)}`,
    () => `"${pick(words)} ${pick(words)}"`,
    () => `author:"${pick(authors)}"`,
    () => `org:${pick(orgs)}`,
    () => `${pick(words)} min:${Math.floor(random() * 50)}`,
    () => `xylophone${Math.floor(random() * 1000)}`,
  ];
  return Array.from({ length: FOLLOWS }, (_, index) => ({
    id: index + 1, platform: Math.floor(index / 5) % 2 === 0 ? 'discord' : 'slack', userId: `U${Math.floor(index / 5)}`, workspaceId: 'W1',
    query: pick(kinds)(), createdAt: NOW.toISOString(),
  }));
}

export default async function followsBench(): Promise<BenchTable[]> {
  const papers = loadFixturePapers();
  const follows = makeFollows();
  matchFollows(follows, papers, NOW);
  const times: number[] = [];
  let people = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    people = matchFollows(follows, papers, NOW).size;
    times.push(performance.now() - started);
  }

  const stores = openSqliteStores(':memory:', { clock: { now: () => NOW } });
  await stores.papers.upsertPapers(papers);
  const sample = follows.slice(0, BASELINE_SAMPLE);
  for (const follow of sample.slice(0, 50)) await stores.papers.search({ ...parseSearchQuery(follow.query, NOW), since: FIXTURE_DAY }, { limit: 50 });
  const started = performance.now();
  for (const follow of sample) await stores.papers.search({ ...parseSearchQuery(follow.query, NOW), since: FIXTURE_DAY }, { limit: 50 });
  const perSearch = (performance.now() - started) / sample.length;
  await stores.close();

  const median = percentile(times, 50);
  return [{
    title: `Follow matching: ${FOLLOWS.toLocaleString('en-US')} follows against one papers-day (${papers.length} papers)`,
    columns: ['method', 'follows', 'median (ms)', 'worst (ms)', 'per follow (µs)', 'people matched'],
    rows: [
      ['in memory (matchFollows), as the alerts run', FOLLOWS, ms(median, 1), ms(Math.max(...times), 1), (median * 1000 / FOLLOWS).toFixed(1), people],
      [`baseline: one SQLite search per follow (${BASELINE_SAMPLE} timed, scaled)`, FOLLOWS, ms(perSearch * FOLLOWS, 0), 'n/a', (perSearch * 1000).toFixed(1), 'n/a'],
    ],
    notes: [`${new Set(follows.map((follow) => follow.query)).size.toLocaleString('en-US')} distinct queries among them (each is matched once); ${FOLLOWS / 5} people of 5 follows each.`, `Goal: under ${GOAL_MS} ms for ${FOLLOWS.toLocaleString('en-US')} follows. Measured median ${ms(median, 1)} ms: ${median < GOAL_MS ? 'met' : 'NOT met'}. ${RUNS} runs after one untimed.`],
  }];
}
