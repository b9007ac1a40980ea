import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import type { Stores } from '../../src/core/ports.js';
import { parseSearchQuery } from '../../src/core/search/query.js';
import { shareKey } from '../../src/core/posts.js';
import type { Subscription } from '../../src/core/subscription.js';
import { openPostgresStores, type PostgresStores } from '../../src/store/postgres/stores.js';
import { openSqliteStores } from '../../src/store/sqlite/stores.js';
import { fixtureClock, loadFixturePapers, makePaper } from '../support/papers.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../support/postgres/databases.js';
import { cli, scratchDir } from '../support/run-cli.js';

const discord: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
const slack: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C9' };
const subscription = (channel: ChannelRef, thread: boolean): Subscription => ({
  ...channel, time: '09:00', timezone: 'Europe/Berlin', maxPapers: 7, minUpvotes: 2, filter: thread ? 'memory OR agents "long context"' : 'author:"Yann LeCun"', cadence: thread ? 'daily' : 'weekly', thread,
  weekdays: thread ? [1, 3, 5] : [5], emptyNote: !thread, pausedAt: thread ? undefined : '2026-06-10T09:00:00Z', pauseReason: thread ? undefined : 'channel gone',
  consecutiveFailures: thread ? 0 : 3, createdBy: 'U1', createdAt: '2026-06-01T00:00:00Z', updatedAt: '2026-06-02T00:00:00Z',
});

/** A few days of a running bot, written through the ports. */
async function fillSqlite(stores: Stores): Promise<void> {
  await stores.papers.upsertPapers(loadFixturePapers());
  await stores.papers.upsertPapers([makePaper('2401.00001', { title: 'An older memory paper', publishedOn: '2024-01-02', upvotes: 3 })]);
  await stores.subscriptions.saveSubscription(subscription(discord, true));
  await stores.subscriptions.saveSubscription(subscription(slack, false));
  await stores.ledger.beginPost({ channel: discord, paperId: 'header:2026-06-12', day: '2026-06-12', at: 't0' });
  await stores.ledger.markSent(discord, 'header:2026-06-12', { messageId: 'H1', messageChannelId: 'C1', threadId: 'TH1' }, 't1');
  await stores.ledger.beginPost({ channel: discord, paperId: '2606.13681', day: '2026-06-12', at: 't2' });
  await stores.ledger.markSent(discord, '2606.13681', { messageId: 'M1', messageChannelId: 'TH1' }, 't3');
  await stores.ledger.beginPost({ channel: slack, paperId: '2606.13392', day: '2026-06-12', at: 't4' });
  await stores.votes.addVote({ platform: 'discord', workspaceId: 'G1', userId: 'U1', paperId: '2606.13681', at: '2026-06-12T10:00:00Z' });
  // The same person in a second server: a vote of its own there, one person across both.
  await stores.votes.addVote({ platform: 'discord', workspaceId: 'G2', userId: 'U1', paperId: '2606.13681', at: '2026-06-12T10:30:00Z' });
  await stores.votes.addVote({ platform: 'slack', workspaceId: 'T1', userId: 'U2', paperId: '2606.13681', at: '2026-06-12T11:00:00Z' });
  await stores.runs.beginRun(discord, '2026-06-10', '2026-06-11T07:00:00Z', 't0');
  await stores.runs.finishRun(discord, '2026-06-10', { state: 'done', posted: 2, at: 't0' });
  await stores.runs.beginRun(discord, '2026-06-12', '2026-06-15T07:00:00Z', 't0', { to: '2026-06-14' });
  await stores.runs.finishRun(discord, '2026-06-12', { state: 'done', posted: 1, at: 't5', emptyDays: ['2026-06-13', '2026-06-14'], openDays: ['2026-06-12'] });
  await stores.runs.beginRun(slack, '2026-06-12', '2026-06-13T07:00:00Z', 't0');
  await stores.ingestLog.markComplete('2026-06-12', 30, new Date('2026-06-13T00:00:00Z'));
  await stores.installations.saveInstallation({ platform: 'slack', workspaceId: 'T1', enterpriseId: 'E1', sealed: 'sealed-T1', installedAt: 't0', updatedAt: 't1' });
  await stores.installations.saveInstallation({ platform: 'slack', enterpriseId: 'E2', sealed: 'sealed-E2', installedAt: 't0', updatedAt: 't0' });
  await stores.installations.linkWorkspace('slack', 'T7', 'E2');
  await stores.deliveryMarks.markFirst('slack-install-state:s1', { at: '2026-06-13T00:00:00.000Z', until: '2026-06-13T00:10:00.000Z' });
  // Issue 14: a shared card, follows (one removed, so ids have a gap), a paused person, an alert.
  await stores.ledger.beginPost({ channel: discord, paperId: shareKey('2026-06-12', '2606.13392'), at: 't6', sharedBy: 'U7' });
  await stores.ledger.markSent(discord, shareKey('2026-06-12', '2606.13392'), { messageId: 'M2', messageChannelId: 'C1' }, 't7');
  await stores.follows.addFollow({ ...ALICE, query: 'org:nvidia', at: 't0' }, 20);
  await stores.follows.addFollow({ ...ALICE, query: 'memory', at: 't0' }, 20);
  await stores.follows.addFollow({ ...BOB, query: 'author:"Yann LeCun"', at: 't1' }, 20);
  await stores.follows.removeFollows(ALICE, 1);
  await stores.follows.pauseFollower(BOB, 'dms_closed', 't2');
  await stores.follows.fixAlert(ALICE, '2026-06-12', ['2606.13681', '2606.13392'], 't3');
  await stores.follows.recordAlerted(ALICE, '2026-06-12', ['2606.13681', '2606.13392']);
  await stores.follows.beginAlertRun('2026-06-12', 't3');
}

const ALICE = { platform: 'discord', userId: 'U1', workspaceId: 'G1' } as const;
const BOB = { platform: 'slack', userId: 'U2', workspaceId: 'T1' } as const;

/** Everything the ports can tell about a store, to compare two stores by. */
async function snapshot(stores: Stores) {
  const ids = (await stores.papers.rankPapers(parseSearchQuery('min:0', fixtureClock.now()), { limit: 100 })).hits.map((hit) => hit.id).sort();
  const search = async (text: string) => stores.papers.search(parseSearchQuery(text, fixtureClock.now()), { limit: 50 });
  return {
    papers: await stores.papers.getPapers(ids),
    memory: await search('memory '),
    typing: await search('agen'),
    author: await search('author:kocielnik'),
    subscriptions: await stores.subscriptions.listSubscriptions(),
    posts: await Promise.all([
      stores.ledger.findPost(discord, 'header:2026-06-12'),
      stores.ledger.findPost(discord, '2606.13681'),
      stores.ledger.findPost(slack, '2606.13392'),
      stores.ledger.findPostByMessage({ ...discord, channelId: 'TH1' }, 'M1'),
      stores.ledger.findPost(discord, shareKey('2026-06-12', '2606.13392')),
    ]),
    postsOfShared: await stores.ledger.sentPostsOfPaper('2606.13392'),
    follows: [await stores.follows.listFollows(ALICE), await stores.follows.listFollows(BOB), await stores.follows.activeFollows()],
    alerted: await stores.follows.alertedAmong(ALICE, ['2606.13681', '2606.13392', '2401.00001']),
    alert: await stores.follows.fixAlert(ALICE, '2026-06-12', [], 't9'),
    alertRuns: await stores.follows.unfinishedAlertRuns(),
    votes: await stores.votes.topVoted({ limit: 10 }),
    votesInG2: await stores.votes.topVoted({ limit: 10, communities: [{ platform: 'discord', workspaceId: 'G2' }] }),
    runs: [await stores.runs.getRun(discord, '2026-06-12'), ...(await stores.runs.unfinishedRuns())],
    coverage: await stores.runs.latestFinishedRun(discord),
    ingested: await stores.ingestLog.completedDays(['2026-06-11', '2026-06-12']),
    installations: await Promise.all([
      stores.installations.findInstallation({ platform: 'slack', workspaceId: 'T1' }),
      // Served by its organisation's install through the copied link.
      stores.installations.findInstallation({ platform: 'slack', workspaceId: 'T7' }),
    ]),
  };
}

let database: PostgresTestDatabase | undefined;
const opened: PostgresStores[] = [];
afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  await database?.drop();
  database = undefined;
});

describe('paperboy migrate-store', () => {
  it('copies every table of an SQLite database into an empty PostgreSQL one, and a second run copies nothing', async () => {
    const cwd = scratchDir();
    const sqlite = openSqliteStores(join(cwd, 'data', 'paperboy.db'), { clock: fixtureClock });
    await fillSqlite(sqlite);
    const expected = await snapshot(sqlite);
    await sqlite.close();
    database = await createPostgresDatabase({ empty: true });
    const env = { DATABASE_PATH: 'data/paperboy.db' };

    const first = await cli(['migrate-store', '--to', database.url], { cwd, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/papers\s+31 in SQLite, 31 copied, 0 already there/u);
    expect(first.stdout).toMatch(/posts\s+4 in SQLite, 4 copied/u);
    expect(first.stdout).toMatch(/votes\s+3 in SQLite, 3 copied/u);
    expect(first.stdout).toMatch(/installation_links\s+1 in SQLite, 1 copied/u);
    expect(first.stdout).toMatch(/follows\s+2 in SQLite, 2 copied/u);
    expect(first.stdout).toMatch(/follow_alerted\s+2 in SQLite, 2 copied/u);
    expect(first.stdout).not.toContain('postgres://');

    const postgres = await openPostgresStores(database.url, { clock: fixtureClock });
    opened.push(postgres);
    expect(await snapshot(postgres)).toEqual(expected);
    expect(expected.memory.hits.length).toBeGreaterThan(3);
    expect([expected.votes, expected.votesInG2]).toEqual([[{ paperId: '2606.13681', votes: 2 }], [{ paperId: '2606.13681', votes: 1 }]]);
    // Spans, the days a run found empty or left open, cadence and filters came across too.
    expect(expected.coverage).toMatchObject({ day: '2026-06-12', to: '2026-06-14', emptyDays: ['2026-06-13', '2026-06-14'], openDays: ['2026-06-12'] });
    expect(expected.subscriptions.map((saved) => [saved.cadence, saved.filter])).toEqual([['daily', 'memory OR agents "long context"'], ['weekly', 'author:"Yann LeCun"']]);
    // PostgreSQL numbers the papers in SQLite's order, which is what "newest" means to a search.
    const order = await postgres.pool.query<{ id: string; first_seen_at: string }>('SELECT id, first_seen_at FROM papers ORDER BY seq');
    expect(order.rows.at(-1)).toEqual({ id: '2401.00001', first_seen_at: fixtureClock.now().toISOString() });
    // Who shared a card, who submitted a paper, and each follow's id came across.
    expect(expected.postsOfShared.map((post) => post.sharedBy)).toEqual(['U7']);
    expect(expected.papers.filter((paper) => paper.submittedBy !== undefined).length).toBeGreaterThan(3);
    expect(expected.follows[0]).toMatchObject([{ id: 2, query: 'memory' }]);
    expect(expected.follows[2]?.map((follow) => follow.userId)).toEqual(['U1']);
    // A follow made on PostgreSQL is numbered after the copied ones.
    expect(await postgres.follows.addFollow({ ...BOB, query: 'org:nvidia', at: 't9' }, 20)).toMatchObject({ status: 'added', follow: { id: 4 } });
    await postgres.follows.removeFollows(BOB, 4);
    // The text index, dropped for the bulk copy, is back.
    expect((await postgres.pool.query("SELECT 1 FROM pg_indexes WHERE indexname = 'paper_search_doc'")).rowCount).toBe(1);

    // The CLI's other commands follow DATABASE_URL to the copy and answer as they did from SQLite.
    const fromSqlite = await cli(['search', 'memory', '--json'], { cwd, env });
    // (DATABASE_PATH names an empty file: an answer from it would list nothing.)
    const fromPostgres = await cli(['search', 'memory', '--json'], { cwd, env: { DATABASE_PATH: 'data/elsewhere.db', DATABASE_URL: database.url } });
    expect(fromPostgres.code).toBe(0);
    expect(JSON.parse(fromPostgres.stdout)).toEqual(JSON.parse(fromSqlite.stdout));

    const second = await cli(['migrate-store', '--to', database.url], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/papers\s+31 in SQLite, 0 copied, 31 already there/u);
    expect(second.stdout).toMatch(/ingested_days\s+1 in SQLite, 0 copied, 1 already there/u);
    expect(second.stdout).toMatch(/installations\s+2 in SQLite, 0 copied, 2 already there/u);
    expect(await snapshot(postgres)).toEqual(expected);
    // The install flow's used state (a delivery mark) is used on PostgreSQL too.
    expect(await postgres.deliveryMarks.markFirst('slack-install-state:s1', { at: '2026-06-13T00:01:00.000Z', until: '2026-06-13T00:11:00.000Z' })).toBe(false);
  });

  it('leaves what PostgreSQL already has as it is', async () => {
    const cwd = scratchDir();
    const sqlite = openSqliteStores(join(cwd, 'data', 'paperboy.db'), { clock: fixtureClock });
    await sqlite.subscriptions.saveSubscription(subscription(discord, true));
    await sqlite.close();
    database = await createPostgresDatabase();
    const postgres = await openPostgresStores(database.url, { clock: fixtureClock });
    opened.push(postgres);
    await postgres.subscriptions.saveSubscription({ ...subscription(discord, true), maxPapers: 3 });

    const result = await cli(['migrate-store', '--to', database.url, '--from', 'data/paperboy.db'], { cwd });
    expect(result.stdout).toMatch(/subscriptions\s+1 in SQLite, 0 copied, 1 already there/u);
    expect((await postgres.subscriptions.getSubscription(discord))?.maxPapers).toBe(3);
  });

  it.each([
    [[], /give --to postgres:\/\/\.\.\. \(or set DATABASE_URL\)/u],
    [['--to', 'mysql://db/paperboy'], /--to must be a postgres:\/\/ or postgresql:\/\/ URL/u],
    [['--to', 'postgres://127.0.0.1/x', '--from', 'nowhere.db'], /no SQLite database at .*nowhere\.db/u],
  ])('answers %j with one clear line and exit code 2', async (args, message) => {
    const result = await cli(['migrate-store', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});

describe('paperboy backup with DATABASE_URL', () => {
  it('refuses to copy the unused SQLite file and names pg_dump instead, with exit code 2', async () => {
    const result = await cli(['backup', 'copy.db'], { cwd: scratchDir(), env: { DATABASE_URL: 'postgres://paperboy:x@127.0.0.1:1/paperboy' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DATABASE_URL is set, so the data is in PostgreSQL; .*pg_dump --format=custom/u);
    expect(result.stdout).toBe('');
  });
});
