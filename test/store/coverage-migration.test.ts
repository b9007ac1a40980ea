/**
 * Migration 7 on a database written before it: keyword lists become search-language filters,
 * one-day runs become one-day spans. (What the stores do since is in the contract suites.)
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { filterMatcher } from '../../src/core/subscriptions/filter.js';
import { MIGRATIONS, runMigrations } from '../../src/store/sqlite/schema/migrations.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';

const channel: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };

describe('migration 7', () => {
  it('turns each keyword list into a filter of whole words, and one-day runs into one-day spans', async () => {
    const db = new BetterSqlite3(':memory:');
    runMigrations(db, MIGRATIONS.slice(0, 6));
    const insert = db.prepare(`INSERT INTO subscriptions (platform, workspace_id, channel_id, time, timezone, max_papers, min_upvotes, keywords, thread, created_by, created_at, updated_at)
      VALUES ('discord', 'G1', ?, '09:00', 'UTC', 10, 0, ?, 0, 'U1', 't0', 't0')`);
    insert.run('C1', JSON.stringify(['gan', 'sparse attention', 'gpt-4o']));
    insert.run('C2', '[]');
    insert.run('C3', JSON.stringify(['rl']));
    db.prepare(`INSERT INTO digest_runs (platform, workspace_id, channel_id, day, state, scheduled_for, started_at, finished_at, posted)
      VALUES ('discord', 'G1', 'C1', '2026-06-12', 'done', 's', 't0', 't1', 3)`).run();
    runMigrations(db);
    const stores = createSqliteStores(db);

    const migrated = await stores.subscriptions.getSubscription({ ...channel, channelId: 'C1' });
    expect(migrated).toMatchObject({ filter: 'gan OR "sparse attention" OR "gpt-4o"', cadence: 'daily' });
    expect(await stores.subscriptions.getSubscription({ ...channel, channelId: 'C2' })).toMatchObject({ filter: '' });
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('subscriptions') WHERE name = 'keywords'").pluck().get()).toBe(0);
    expect(await stores.runs.latestFinishedRun({ ...channel, channelId: 'C1' })).toMatchObject({ day: '2026-06-12', to: '2026-06-12', emptyDays: [], openDays: [] });

    // The migrated filters keep working, on whole words now.
    const now = new Date('2026-06-13T00:00:00Z');
    const rl = filterMatcher((await stores.subscriptions.getSubscription({ ...channel, channelId: 'C3' }))?.filter ?? '', now);
    expect(rl(makePaper('2606.00001', { title: 'Scaling RL for agents' }))).toBe(true);
    expect(rl(makePaper('2606.00002', { title: 'World models' }))).toBe(false);
    const matches = filterMatcher(migrated?.filter ?? '', now);
    expect(matches(makePaper('2606.00003', { title: 'Native sparse attention' }))).toBe(true);
    expect(matches(makePaper('2606.00004', { abstract: 'We evaluate GPT-4o.' }))).toBe(true);
    expect(matches(makePaper('2606.00005', { abstract: 'An organization of attention.' }))).toBe(false);
    db.close();
  });
});
