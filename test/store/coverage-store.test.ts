/**
 * The SQLite side of digest spans: runs keyed by their first papers-day with a last one, the
 * days they found empty or open, the coverage query, and migration 7 turning keyword lists into
 * search-language filters.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { filterMatcher } from '../../src/core/subscriptions/filter.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { MIGRATIONS, runMigrations } from '../../src/store/sqlite/schema/migrations.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from './fixture-papers.js';

const channel: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
const other: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };

describe('SQLite digest runs over spans', () => {
  it('keeps a span per run, moves its end on a re-attempt, and leaves a finished run alone', async () => {
    const { runs } = createSqliteStores(openDatabase(':memory:'));
    expect(await runs.beginRun(channel, '2026-06-11', 's1', 't1', { to: '2026-06-12' })).toMatchObject({ day: '2026-06-11', to: '2026-06-12', state: 'running', attempts: 1 });
    await runs.finishRun(channel, '2026-06-11', { state: 'failed', posted: 0, error: 'HF 503', at: 't2' });
    expect(await runs.beginRun(channel, '2026-06-11', 's2', 't3', { to: '2026-06-13' })).toMatchObject({ to: '2026-06-13', attempts: 2 });
    await runs.finishRun(channel, '2026-06-11', { state: 'done', posted: 4, at: 't4', emptyDays: ['2026-06-13'], openDays: ['2026-06-12'] });
    const again = await runs.beginRun(channel, '2026-06-11', 's3', 't5', { to: '2026-06-14' });
    expect(again).toMatchObject({ state: 'done', to: '2026-06-13', attempts: 2, posted: 4, emptyDays: ['2026-06-13'], openDays: ['2026-06-12'] });
    expect(await runs.beginRun(channel, '2026-06-15', 's4', 't6')).toMatchObject({ day: '2026-06-15', to: '2026-06-15', emptyDays: [], openDays: [] });
  });

  it('reads a channel\'s coverage from its finished run that reaches furthest', async () => {
    const { runs } = createSqliteStores(openDatabase(':memory:'));
    expect(await runs.latestFinishedRun(channel)).toBeUndefined();
    await runs.beginRun(channel, '2026-06-08', 's', 't1', { to: '2026-06-10' });
    await runs.finishRun(channel, '2026-06-08', { state: 'empty', posted: 0, at: 't2' });
    await runs.beginRun(channel, '2026-06-11', 's', 't3');
    await runs.finishRun(channel, '2026-06-11', { state: 'done', posted: 2, at: 't4' });
    await runs.beginRun(channel, '2026-06-12', 's', 't5', { to: '2026-06-14' });
    await runs.beginRun(other, '2026-06-20', 's', 't6');
    await runs.finishRun(other, '2026-06-20', { state: 'done', posted: 1, at: 't7' });
    expect(await runs.latestFinishedRun(channel)).toMatchObject({ day: '2026-06-11', to: '2026-06-11', state: 'done' });
    await runs.finishRun(channel, '2026-06-12', { state: 'failed', posted: 0, at: 't8' });
    expect(await runs.latestFinishedRun(channel)).toMatchObject({ day: '2026-06-11' });
    expect(await runs.latestRun(channel)).toMatchObject({ day: '2026-06-12', state: 'failed' });
  });
});

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
