/**
 * The contract's follow alerts part: when a papers-day is stored (a scheduled digest fetched it),
 * each person whose follows match gets one direct message listing all their new matches, once;
 * each paper in it takes votes as a channel post does; a person the platform will not let the
 * bot message has their alerts paused, and is told why when they next use a follow command. Run in files of its own (alerts-*.test.ts), so these
 * slower tests run beside the rest of the contract.
 */
import { describe, expect, it } from 'vitest';
import type { ChatDriver, Place } from './driver.js';
import { EVOARENA, EVOARENA_URL, useDriver, type StartDriver } from './support.js';

const paper = (id: string): string => `https://huggingface.co/papers/${id}`;
/** What the fixture day holds for each follow below, most upvoted first. */
const ALICE_PAPERS = [EVOARENA_URL, paper('2606.09290'), paper('2606.09304')];
const BOB_PAPERS = [paper('2606.12243'), paper('2606.12303')];

/** A digest due at 03:00 UTC on the 13th fetches and stores the 12th, which starts the alerts. */
async function ingestFixtureDay(d: ChatDriver, place: Place = 'main'): Promise<void> {
  await d.subscribe({ time: '03:00', timezone: 'UTC', maxPapers: 1 }, { by: 'admin', place });
  await d.runScheduled(new Date('2026-06-13T03:05:00Z'));
  await d.alertsSent();
}

export function alertsContract(start: StartDriver): void {
  describe('follow alerts', () => {
    const driver = useDriver(start, { seed: false });

    it('sends each person one direct message with all their new matches, and none for a follow they dropped', async () => {
      const d = driver();
      await d.follows('follow', 'author:"Haoran Xu"');
      await d.follows('follow', 'org:mit');
      const dropped = await d.follows('follow', 'org:minimaxai');
      await d.follows('follow', 'author:"Yuchen Xian"', { by: 'bob' });
      const id = /\(id (\d+)\)/u.exec(dropped.text)?.[1] ?? '';
      expect((await d.follows('unfollow', id)).text).toBe('Removed 1 follow.');
      expect(d.dms('alice')).toEqual([]);

      await ingestFixtureDay(d);
      const [alice, ...moreForAlice] = d.dms('alice');
      expect(moreForAlice).toEqual([]);
      expect(alice?.paperUrls).toEqual(ALICE_PAPERS);
      expect(alice?.text).toContain('New papers for your follows · 2026-06-12');
      expect(alice?.text).toContain('3 new papers matched what you follow.');
      expect(alice?.text).toContain('EvoArena: Tracking Memory Evolution');
      expect(alice?.text).not.toContain('MiniMax');
      expect(d.dms('bob').map((message) => message.paperUrls)).toEqual([BOB_PAPERS]);

      // The day stored again (another channel's digest), and a restart: nobody hears twice.
      await ingestFixtureDay(d, 'other');
      await d.restart();
      await d.alertsSent();
      expect(d.dms('alice')).toHaveLength(1);
      expect(d.dms('bob')).toHaveLength(1);
      expect(d.errors()).toEqual([]);
    });

    it('takes a vote from the alert\'s Upvote control into the same pool as channel votes, and shows the count', async () => {
      const d = driver();
      await d.follows('follow', 'org:mit');
      await ingestFixtureDay(d);
      const [alert] = d.dms('alice');
      expect(alert?.paperUrls).toEqual([EVOARENA_URL]);
      const [post] = d.posts().filter((candidate) => candidate.paperId === EVOARENA);

      const upvoted = await alert!.upvote(0);
      expect(upvoted).toEqual({ text: `Upvoted. This paper has 1 vote ${d.votesWhere}.`, ephemeral: true });
      expect(await d.votesFor(EVOARENA)).toBe(1);
      // The digest's post of that paper counts the vote cast in the DM.
      expect((await d.editedPost(post!)).upvotes).toBe(`118 on HF · 1 vote ${d.votesWhere}`);

      expect(await alert!.upvote(0)).toEqual({ text: `Vote removed. This paper has 0 votes ${d.votesWhere}.`, ephemeral: true });
      expect(await d.votesFor(EVOARENA)).toBe(0);
      expect(d.errors()).toEqual([]);
    });

    it('pauses a person who takes no direct messages, still alerts the others, and tells them why on their next command', async () => {
      const d = driver();
      await d.follows('follow', 'org:mit');
      await d.follows('follow', 'author:"Yuchen Xian"', { by: 'bob' });
      d.setDms('bob', false);

      await ingestFixtureDay(d);
      expect(d.dms('alice').map((message) => message.paperUrls)).toEqual([[EVOARENA_URL]]);
      expect(d.dms('bob')).toEqual([]);

      d.setDms('bob', true);
      const told = await d.follows('following', '', { by: 'bob' });
      expect(told.ephemeral).toBe(true);
      expect(told.text).toMatch(/^Your alerts were paused because I could not send you a direct message: .+\. They are on again;/u);
      // Told once: the command resumed the alerts.
      expect((await d.follows('following', '', { by: 'bob' })).text).not.toContain('paused');
      expect(d.errors()).toEqual([]);
    });
  });
}
