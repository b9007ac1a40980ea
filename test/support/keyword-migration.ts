/**
 * What the migration from keyword lists to search-language filters must leave, in SQLite
 * (migration 7) and PostgreSQL (migration 6) alike: the keyword lists each channel had before,
 * and the checks on the subscriptions and runs after.
 */
import { expect } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import type { Stores } from '../../src/core/ports.js';
import { filterMatcher } from '../../src/core/subscriptions/filter.js';
import { makePaper } from './papers.js';

/** Channel ids of workspace G1 on Discord and the keywords column each had (a JSON array). */
export const KEYWORD_ROWS: readonly (readonly [string, string])[] = [
  ['C1', JSON.stringify(['gan', 'sparse attention', 'gpt-4o'])],
  ['C2', '[]'],
  ['C3', JSON.stringify(['rl'])],
];

/** Run C1's one-day run on 2026-06-12, done before the migration, becomes a one-day span. */
export async function expectKeywordsMigrated(stores: Pick<Stores, 'subscriptions' | 'runs'>): Promise<void> {
  const channel = (channelId: string): ChannelRef => ({ platform: 'discord', workspaceId: 'G1', channelId });
  const migrated = await stores.subscriptions.getSubscription(channel('C1'));
  expect(migrated).toMatchObject({ filter: 'gan OR "sparse attention" OR "gpt-4o"', cadence: 'daily' });
  expect(await stores.subscriptions.getSubscription(channel('C2'))).toMatchObject({ filter: '' });
  expect(await stores.runs.latestFinishedRun(channel('C1'))).toMatchObject({ day: '2026-06-12', to: '2026-06-12', emptyDays: [], openDays: [] });

  // The migrated filters keep working, on whole words now.
  const now = new Date('2026-06-13T00:00:00Z');
  const rl = filterMatcher((await stores.subscriptions.getSubscription(channel('C3')))?.filter ?? '', now);
  expect(rl(makePaper('2606.00001', { title: 'Scaling RL for agents' }))).toBe(true);
  expect(rl(makePaper('2606.00002', { title: 'World models' }))).toBe(false);
  const matches = filterMatcher(migrated?.filter ?? '', now);
  expect(matches(makePaper('2606.00003', { title: 'Native sparse attention' }))).toBe(true);
  expect(matches(makePaper('2606.00004', { abstract: 'We evaluate GPT-4o.' }))).toBe(true);
  expect(matches(makePaper('2606.00005', { abstract: 'An organization of attention.' }))).toBe(false);
}
