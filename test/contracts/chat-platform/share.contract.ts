/**
 * The contract's share part: the Share button under a search result posts that paper's card in
 * the channel, attributed to the sharer and open to votes like a digest post; once per paper,
 * channel and day, so a second share points to the first post.
 */
import { describe, expect, it } from 'vitest';
import { EVOARENA, EVOARENA_TITLE, papersOf, useDriver, type StartDriver } from './support.js';

export function shareContract(start: StartDriver): void {
  describe('share from search', () => {
    const driver = useDriver(start);

    it('posts the card in the channel, attributed to the sharer, with the upvote reaction; votes on it count and show', async () => {
      const d = driver();
      const answer = await d.search('memory', { by: 'alice' });
      const reply = await answer.cards[0]!.share('alice');
      expect(reply).toEqual({ text: `Shared ${d.markup.bold(EVOARENA_TITLE)} here.`, ephemeral: true });

      const [shared, ...more] = papersOf(d.posts());
      expect(more).toEqual([]);
      expect(shared?.paperId).toBe(EVOARENA);
      expect(shared?.text).toContain(`Shared by ${d.mention('alice')}`);
      expect(shared?.reactions).toEqual([{ emoji: 'upvote', count: 1, byBot: true }]);

      expect(await d.react(shared!, { by: 'bob' })).toBe('recorded');
      expect(await d.votesFor(EVOARENA)).toBe(1);
      const edited = await d.editedPost(shared!);
      expect(edited.upvotes).toBe(`118 on HF · 1 vote ${d.votesWhere}`);
      // The edit keeps who shared it.
      expect(edited.text).toContain(`Shared by ${d.mention('alice')}`);
      expect(d.errors()).toEqual([]);
    });

    it('answers a second share that day, by anyone and after a restart, with a link to the first post and posts nothing', async () => {
      const d = driver();
      await (await d.search('memory')).cards[0]!.share('alice');
      const [first] = papersOf(d.posts());
      const attempts = d.postAttempts();
      const pointer = `${d.markup.bold(EVOARENA_TITLE)} was already shared here today by ${d.mention('alice')}: `;

      const again = await (await d.search('memory', { by: 'bob' })).cards[0]!.share('bob');
      expect(again.ephemeral).toBe(true);
      expect(again.text).toBe(`${pointer}${d.markup.link('see the post', d.linkTo(first!))}. Vote on that post.`);

      await d.restart();
      const afterRestart = await (await d.search('memory', { by: 'bob' })).cards[0]!.share('bob');
      expect(afterRestart.text).toBe(again.text);
      expect(d.postAttempts()).toBe(attempts);
      expect(papersOf(d.posts())).toHaveLength(1);
    });

    it('shares the same paper once in each channel', async () => {
      const d = driver();
      await (await d.search('memory')).cards[0]!.share('alice');
      const elsewhere = await (await d.search('memory', { place: 'other' })).cards[0]!.share('alice');
      expect(elsewhere.text).toBe(`Shared ${d.markup.bold(EVOARENA_TITLE)} here.`);
      expect(papersOf(d.posts('other')).map((post) => post.paperId)).toEqual([EVOARENA]);
      expect(papersOf(d.posts())).toHaveLength(1);
    });
  });
}
