/** The contract's votes part: reactions counted once and taken back, shown, and kept across restarts. */
import { describe, expect, it } from 'vitest';
import { EVOARENA, FIXTURE_DAY, postDigest, topOne, useDriver, type StartDriver } from './support.js';

export function votesContract(start: StartDriver): void {
  describe('votes from reactions', () => {
    const driver = useDriver(start);

    it('counts a vote for the paper behind a post and takes it back when the reaction is removed', async () => {
      const d = driver();
      const [first] = await postDigest(d);
      expect(first?.paperId).toBe(EVOARENA);
      expect(await d.react(first!, { by: 'alice' })).toBe('recorded');
      expect(await d.votesFor(EVOARENA)).toBe(1);
      expect(await d.react(first!, { by: 'bob' })).toBe('recorded');
      expect(await d.votesFor(EVOARENA)).toBe(2);
      expect((await d.top('all')).text).toBe(topOne(d, 2));

      expect(await d.react(first!, { by: 'alice', removed: true })).toBe('removed');
      expect(await d.votesFor(EVOARENA)).toBe(1);
      expect((await d.top('all')).text).toBe(topOne(d, 1));
    });

    it('stores one vote however often the same reaction arrives', async () => {
      const d = driver();
      const [first] = await postDigest(d);
      expect(await d.react(first!)).toBe('recorded');
      expect(await d.react(first!)).toBe('already_recorded');
      expect(await d.react(first!)).toBe('already_recorded');
      expect(await d.votesFor(EVOARENA)).toBe(1);
    });

    it('ignores the vote emoji from another bot', async () => {
      const d = driver();
      const papers = await postDigest(d);
      expect(await d.react(papers[0]!, { by: 'otherBot' })).toBe('ignored_bot');
      for (const paper of papers) expect(await d.votesFor(paper.paperId ?? '')).toBe(0);
    });

    it('ignores other emoji and counts the vote emoji in its other form', async () => {
      const d = driver();
      const [first] = await postDigest(d);
      for (const emoji of d.emoji.others) expect(await d.react(first!, { emoji })).toBe('ignored_other_emoji');
      expect(await d.votesFor(EVOARENA)).toBe(0);
      expect(await d.react(first!, { emoji: d.emoji.upvoteVariant })).toBe('recorded');
      expect(await d.votesFor(EVOARENA)).toBe(1);
    });

    it('ignores votes on messages that are not paper posts, the digest header included', async () => {
      const d = driver();
      await postDigest(d);
      const chat = await d.chatMessage('nice papers today');
      expect(await d.react(chat)).toBe('ignored_not_a_paper_post');
      const header = d.posts().find((post) => post.kind === 'header');
      expect(await d.react(header!)).toBe('ignored_not_a_paper_post');
    });

    it('counts votes on papers posted in a thread', async () => {
      const d = driver();
      const [first] = await postDigest(d, { maxPapers: 2, thread: true });
      expect(first?.threadOf).toBe(d.posts().find((post) => post.kind === 'header')?.id);
      expect(await d.react(first!)).toBe('recorded');
      expect(await d.votesFor(EVOARENA)).toBe(1);
    });

    it('edits the paper post to show its new vote count', async () => {
      const d = driver();
      const [first] = await postDigest(d);
      await d.react(first!);
      expect((await d.editedPost(first!)).upvotes).toBe(`118 on HF · 1 vote ${d.votesWhere}`);
    });

    it('shows the votes in /paperboy top and on the same paper posted to another channel', async () => {
      const d = driver();
      const [first] = await postDigest(d);
      await d.react(first!, { by: 'alice' });
      await d.react(first!, { by: 'bob' });
      const top = await d.top('all', { by: 'alice' });
      expect(top.text).toBe(topOne(d, 2));

      const [again] = await postDigest(d, { maxPapers: 3 }, 'other');
      expect(again?.paperId).toBe(EVOARENA);
      expect(again?.upvotes).toBe(`118 on HF · 2 votes ${d.votesWhere}`);
    });
  });

  describe('restarts', () => {
    const driver = useDriver(start);

    it('maps reactions on posts from before a restart back to their papers', async () => {
      const d = driver();
      const [first, second] = await postDigest(d);
      expect(await d.react(first!)).toBe('recorded');

      await d.restart();
      expect(await d.votesFor(EVOARENA)).toBe(1);
      expect(await d.react(second!)).toBe('recorded');
      expect(await d.votesFor(second?.paperId ?? '')).toBe(1);
      expect(await d.react(first!, { removed: true })).toBe('removed');
      expect(await d.votesFor(EVOARENA)).toBe(0);
      expect(await d.react(first!, { by: 'bob' })).toBe('recorded');
      expect(await d.votesFor(EVOARENA)).toBe(1);
    });

    it('keeps the subscription, what was posted and the paging of an earlier answer', async () => {
      const d = driver();
      await postDigest(d);
      const answer = await d.search('memory');

      await d.restart();
      expect((await d.command('settings', { by: 'alice' })).text).toContain('up to 3');
      expect((await d.today({ by: 'admin' })).text).toBe(`Every paper of ${FIXTURE_DAY} has already been posted here.`);
      const page = await answer.next?.();
      expect(page).toMatchObject({ kind: 'results', replacedPrevious: true, range: '6–6 of 6' });
    });
  });
}
