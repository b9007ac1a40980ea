/**
 * The Stores bundle contract: health, closing, and (on a durable engine) a restart finding
 * everything the last process wrote.
 */
import { describe, expect, it } from 'vitest';
import type { Stores } from '../../../src/core/ports.js';
import { parseSearchQuery } from '../../../src/core/search/query.js';
import { fixtureClock, makePaper } from '../../support/papers.js';
import { useStores, type StoreAdapter } from './adapter.js';
import { workspace } from './installation-store.contract.js';
import { discord, slack, subscriptionOf } from './refs.js';

/** One of everything, as a day of running the bot leaves it. */
async function writeADay(stores: Stores) {
  await stores.papers.upsertPapers([makePaper('2606.00001', { title: 'Memory for agents', papersDay: '2026-06-12', upvotes: 7 })]);
  await stores.subscriptions.saveSubscription(subscriptionOf(discord));
  const pending = await stores.ledger.beginPost({ channel: slack, paperId: '2606.00002', day: '2026-06-12', at: 't0' });
  await stores.ledger.beginPost({ channel: discord, paperId: '2606.00001', day: '2026-06-12', at: 't0' });
  await stores.ledger.markSent(discord, '2606.00001', { messageId: 'M1', messageChannelId: 'C1' }, 't1');
  await stores.votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: 'U1', paperId: '2606.00001', at: '2026-06-12T10:00:00Z' });
  await stores.runs.beginRun(discord, '2026-06-12', 's', 't0');
  await stores.ingestLog.markComplete('2026-06-12', 1, new Date('2026-06-13T00:00:00Z'));
  await stores.installations.saveInstallation(workspace('T1'));
  await stores.deliveryMarks.markFirst('slack-install-state:s1', { at: '2026-06-13T00:00:00.000Z', until: '2026-06-13T00:10:00.000Z' });
  return { pending };
}

export function describeStoresContract(adapter: StoreAdapter): void {
  describe(`Stores on ${adapter.name}`, () => {
    const test = useStores(adapter, { clock: fixtureClock });

    it('reports no problem while the database answers, and one once it is closed', async () => {
      const { stores } = test();
      expect(await stores.problem()).toBeUndefined();
      await stores.close();
      expect(await stores.problem()).toEqual(expect.stringMatching(/\S/u));
    });

    it('can be closed twice', async () => {
      const { stores } = test();
      await stores.close();
      await expect(stores.close()).resolves.toBeUndefined();
    });

    if (adapter.durable) {
      it('finds everything it was told after a restart: papers, subscriptions, posts and nonces, votes, runs, ingested days, installations', async () => {
        const { stores, database } = test();
        const { pending } = await writeADay(stores);
        await stores.close();
        const restarted = await database.open({ clock: fixtureClock });
        expect(await restarted.problem()).toBeUndefined();
        expect(await restarted.papers.getPaper('2606.00001')).toEqual(makePaper('2606.00001', { title: 'Memory for agents', papersDay: '2026-06-12', upvotes: 7 }));
        expect((await restarted.papers.search(parseSearchQuery('memory', fixtureClock.now()), { limit: 5 })).hits.map((hit) => [hit.paper.id, hit.votes])).toEqual([['2606.00001', 1]]);
        expect(await restarted.subscriptions.getSubscription(discord)).toEqual(subscriptionOf(discord));
        expect(await restarted.ledger.beginPost({ channel: slack, paperId: '2606.00002', at: 't9' })).toEqual(pending);
        expect((await restarted.ledger.findPostByMessage(discord, 'M1'))?.paperId).toBe('2606.00001');
        expect(await restarted.votes.countVotes('2606.00001')).toBe(1);
        expect((await restarted.runs.unfinishedRuns()).map((run) => [run.channel.channelId, run.day, run.state])).toEqual([['C1', '2026-06-12', 'running']]);
        expect(await restarted.ingestLog.completedDays(['2026-06-12'])).toEqual(new Set(['2026-06-12']));
        expect(await restarted.installations.findInstallation({ platform: 'slack', workspaceId: 'T1' })).toEqual(workspace('T1'));
        expect(await restarted.deliveryMarks.markFirst('slack-install-state:s1', { at: '2026-06-13T00:01:00.000Z', until: '2026-06-13T00:11:00.000Z' })).toBe(false);
      });
    }
  });
}
