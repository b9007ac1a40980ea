/** The FollowStore contract: each person's follows, their limit, pauses, and what they were alerted to. */
import { describe, expect, it } from 'vitest';
import { useStores, type StoreAdapter } from './adapter.js';

const ALICE = { platform: 'discord', userId: '1001', workspaceId: 'G1' } as const;
const BOB = { platform: 'discord', userId: '1002', workspaceId: 'G1' } as const;
const ALICE_ON_SLACK = { platform: 'slack', userId: '1001', workspaceId: 'T1' } as const;
const AT = '2026-06-12T08:00:00.000Z';

export function describeFollowStoreContract(adapter: StoreAdapter): void {
  describe(`FollowStore on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('adds follows per person and platform with ids, lists them oldest first, and refuses a duplicate', async () => {
      const { follows } = test().stores;
      const first = await follows.addFollow({ ...ALICE, query: 'org:nvidia', at: AT }, 20);
      const second = await follows.addFollow({ ...ALICE, query: 'author:"Yann LeCun"', at: AT }, 20);
      expect(first).toMatchObject({ status: 'added', follow: { ...ALICE, query: 'org:nvidia', createdAt: AT } });
      expect(second.status).toBe('added');
      await follows.addFollow({ ...BOB, query: 'org:nvidia', at: AT }, 20);
      await follows.addFollow({ ...ALICE_ON_SLACK, query: 'memory', at: AT }, 20);

      expect((await follows.listFollows(ALICE)).map((follow) => follow.query)).toEqual(['org:nvidia', 'author:"Yann LeCun"']);
      expect((await follows.listFollows(ALICE_ON_SLACK)).map((follow) => follow.query)).toEqual(['memory']);
      const again = await follows.addFollow({ ...ALICE, query: 'org:nvidia', at: AT }, 20);
      expect(again).toEqual({ status: 'duplicate', follow: first.status === 'added' ? first.follow : undefined });
      expect(await follows.listFollows(ALICE)).toHaveLength(2);
    });

    it('holds a person to the limit it is given', async () => {
      const { follows } = test().stores;
      await follows.addFollow({ ...ALICE, query: 'a', at: AT }, 2);
      await follows.addFollow({ ...ALICE, query: 'b', at: AT }, 2);
      expect(await follows.addFollow({ ...ALICE, query: 'c', at: AT }, 2)).toEqual({ status: 'limit', count: 2 });
      expect((await follows.addFollow({ ...BOB, query: 'c', at: AT }, 2)).status).toBe('added');
    });

    it('removes one follow by id, only the person\'s own, or all of them', async () => {
      const { follows } = test().stores;
      const mine = await follows.addFollow({ ...ALICE, query: 'a', at: AT }, 20);
      await follows.addFollow({ ...ALICE, query: 'b', at: AT }, 20);
      const bobs = await follows.addFollow({ ...BOB, query: 'a', at: AT }, 20);
      if (mine.status !== 'added' || bobs.status !== 'added') throw new Error('not added');
      expect(await follows.removeFollows(ALICE, bobs.follow.id)).toBe(0);
      expect(await follows.removeFollows(ALICE, mine.follow.id)).toBe(1);
      expect((await follows.listFollows(ALICE)).map((follow) => follow.query)).toEqual(['b']);
      expect(await follows.removeFollows(ALICE, 'all')).toBe(1);
      expect(await follows.listFollows(ALICE)).toEqual([]);
      expect(await follows.listFollows(BOB)).toHaveLength(1);
    });

    it('leaves a paused person out of the active follows until resumed, and says why they were paused', async () => {
      const { follows } = test().stores;
      await follows.addFollow({ ...ALICE, query: 'a', at: AT }, 20);
      await follows.addFollow({ ...BOB, query: 'b', at: AT }, 20);
      await follows.pauseFollower(ALICE, 'dms_closed', AT);
      expect((await follows.activeFollows()).map((follow) => follow.userId)).toEqual([BOB.userId]);
      expect(await follows.resumeFollower(ALICE)).toBe('dms_closed');
      expect(await follows.resumeFollower(ALICE)).toBeUndefined();
      expect((await follows.activeFollows()).map((follow) => follow.userId).sort()).toEqual([ALICE.userId, BOB.userId]);
    });

    it('remembers which papers each person was alerted to', async () => {
      const { follows } = test().stores;
      await follows.recordAlerted(ALICE, '2026-06-12', ['2606.00001', '2606.00002']);
      await follows.recordAlerted(ALICE, '2026-06-13', ['2606.00002']);
      expect(await follows.alertedAmong(ALICE, ['2606.00001', '2606.00003', '2606.00002'])).toEqual(new Set(['2606.00001', '2606.00002']));
      expect(await follows.alertedAmong(BOB, ['2606.00001'])).toEqual(new Set());
      expect(await follows.alertedAmong(ALICE_ON_SLACK, ['2606.00001'])).toEqual(new Set());
    });

    it('fixes what a person\'s alert for a day holds the first time, and returns that from then on', async () => {
      const { follows } = test().stores;
      expect(await follows.fixAlert(ALICE, '2026-06-12', ['2606.00002', '2606.00001'], AT)).toEqual(['2606.00002', '2606.00001']);
      expect(await follows.fixAlert(ALICE, '2026-06-12', ['2606.00003'], AT)).toEqual(['2606.00002', '2606.00001']);
      expect(await follows.fixAlert(ALICE, '2026-06-13', ['2606.00003'], AT)).toEqual(['2606.00003']);
      expect(await follows.fixAlert(ALICE_ON_SLACK, '2026-06-12', [], AT)).toEqual([]);
      expect(await follows.fixAlert(BOB, '2026-06-12', ['2606.00009'], AT)).toEqual(['2606.00009']);
    });

    it('lists the alert runs begun and not finished, oldest first; a day begun again is open again', async () => {
      const { follows } = test().stores;
      await follows.beginAlertRun('2026-06-13', AT);
      await follows.beginAlertRun('2026-06-12', AT);
      expect(await follows.unfinishedAlertRuns()).toEqual(['2026-06-12', '2026-06-13']);
      await follows.finishAlertRun('2026-06-12', { people: 3, sent: 2 }, AT);
      expect(await follows.unfinishedAlertRuns()).toEqual(['2026-06-13']);
      await follows.beginAlertRun('2026-06-12', AT);
      expect(await follows.unfinishedAlertRuns()).toEqual(['2026-06-12', '2026-06-13']);
    });

    if (adapter.durable) {
      it('keeps follows, pauses and alerts across a reopen', async () => {
        const { database } = test();
        const first = await database.open();
        await first.follows.addFollow({ ...ALICE, query: 'a', at: AT }, 20);
        await first.follows.pauseFollower(ALICE, 'dms_closed', AT);
        await first.follows.recordAlerted(ALICE, '2026-06-12', ['2606.00001']);
        await first.follows.fixAlert(ALICE, '2026-06-13', ['2606.00002'], AT);
        await first.follows.beginAlertRun('2026-06-13', AT);
        await first.close();
        const second = await database.open();
        expect((await second.follows.listFollows(ALICE)).map((follow) => follow.query)).toEqual(['a']);
        expect(await second.follows.activeFollows()).toEqual([]);
        expect(await second.follows.alertedAmong(ALICE, ['2606.00001'])).toEqual(new Set(['2606.00001']));
        expect(await second.follows.fixAlert(ALICE, '2026-06-13', [], AT)).toEqual(['2606.00002']);
        expect(await second.follows.unfinishedAlertRuns()).toEqual(['2026-06-13']);
      });
    }
  });
}
