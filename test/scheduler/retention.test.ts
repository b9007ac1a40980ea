import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { silentLogger } from '../../src/logger.js';
import { createRetention } from '../../src/scheduler/retention.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';

const channel: ChannelRef = { platform: 'discord', workspaceId: 'G', channelId: 'C' };
const NOW = new Date('2026-06-13T02:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe('retention', () => {
  it('forgets ledger rows and digest runs past their days and claims and delivery marks that lapsed over a day ago, and keeps the rest', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    for (const [paperId, age] of [['2601.00001', 400], ['2601.00002', 100], ['2601.00003', 1]] as const) {
      await stores.ledger.beginPost({ channel, paperId, at: daysAgo(age) });
      await stores.ledger.markSent(channel, paperId, { messageId: `m${paperId}`, messageChannelId: 'C' }, daysAgo(age));
    }
    await stores.ledger.beginPost({ channel, paperId: '2601.00004', at: daysAgo(500) });
    for (const [day, age] of [['2026-01-01', 120], ['2026-05-01', 40], ['2026-06-12', 1]] as const) {
      await stores.runs.beginRun(channel, day, daysAgo(age), daysAgo(age));
    }
    await stores.claims.claim('vote-edit:lapsed', 'host-1', { at: daysAgo(3), until: daysAgo(2) });
    await stores.deliveryMarks.markFirst('slack-event:Ev-lapsed', { at: daysAgo(3), until: daysAgo(2) });
    await stores.deliveryMarks.markFirst('slack-event:Ev-live', { at: daysAgo(0), until: new Date(NOW.getTime() + 3_600_000).toISOString() });
    await stores.claims.claim('digest:live', 'host-1', { at: daysAgo(0), until: new Date(NOW.getTime() + 60_000).toISOString() });
    const retention = createRetention({ ledger: stores.ledger, runs: stores.runs, claims: stores.claims, marks: stores.deliveryMarks, clock: { now: () => NOW }, policy: { postsDays: 365, runsDays: 90 }, logger: silentLogger() });
    expect(await retention.pruneNow()).toEqual({ posts: 2, runs: 1, claims: 1, marks: 1 });
    expect((await stores.claims.heldBy('host-1', NOW.toISOString())).map((claim) => claim.key)).toEqual(['digest:live']);
    expect(await stores.ledger.findPost(channel, '2601.00001')).toBeUndefined();
    expect(await stores.ledger.findPost(channel, '2601.00004')).toBeUndefined();
    expect((await stores.ledger.findPost(channel, '2601.00002'))?.state).toBe('sent');
    expect(await stores.runs.getRun(channel, '2026-01-01')).toBeUndefined();
    expect(await stores.runs.getRun(channel, '2026-05-01')).toBeDefined();
    expect(await retention.pruneNow()).toEqual({ posts: 0, runs: 0, claims: 0, marks: 0 });
    await stores.close();
  });
});
