/** The contract's `/paperboy today` part: the latest day posted once, as the subscription says. */
import { describe, expect, it } from 'vitest';
import { EVOARENA, FIXTURE_DAY, useDriver, type StartDriver } from './support.js';

export function todayContract(start: StartDriver): void {
  describe('/paperboy today', () => {
    const driver = useDriver(start);

    it('posts the latest day: a header, then the top papers each with the bot\'s upvote, and says how many to the admin alone', async () => {
      const d = driver();
      expect(await d.today({ by: 'admin' })).toEqual({ ephemeral: true, text: `Posted 10 papers of ${FIXTURE_DAY}.` });
      const [header, ...papers] = d.posts();
      expect(header).toMatchObject({ kind: 'header', reactions: [] });
      expect(header?.text).toBe(`${d.markup.heading(`Hugging Face Daily Papers · ${FIXTURE_DAY}`)}\nTop 10 of 30 papers. React with ${d.upvoteText} to upvote.`);
      expect(papers).toHaveLength(10);
      expect(papers[0]?.paperId).toBe(EVOARENA);
      expect(papers[0]?.text).toContain('EvoArena');
      expect(new Set(papers.map((paper) => paper.paperId)).size).toBe(10);
      for (const paper of papers) {
        expect(paper).toMatchObject({ kind: 'paper', threadOf: undefined });
        expect(paper.reactions).toEqual([{ emoji: 'upvote', count: 1, byBot: true }]);
      }
    });

    it('counts its messages in paperboy_posts_sent_total, as the scheduler\'s are', async () => {
      const d = driver();
      expect((await d.today({ by: 'admin' })).text).toBe(`Posted 10 papers of ${FIXTURE_DAY}.`);
      expect(d.metrics()).toMatch(new RegExp(`^paperboy_posts_sent_total\\{platform="${d.platform}"\\} 11$`, 'mu'));
    });

    it('posts nothing new when run a second time', async () => {
      const d = driver();
      await d.today({ by: 'admin' });
      const count = d.posts().length;
      const attempts = d.postAttempts();
      expect((await d.today({ by: 'admin' })).text).toBe(`Every paper of ${FIXTURE_DAY} has already been posted here.`);
      expect(d.posts()).toHaveLength(count);
      expect(d.postAttempts()).toBe(attempts);
    });

    it('refuses a member who may not post here, to them alone, and posts nothing', async () => {
      const d = driver();
      const reply = await d.today({ by: 'alice' });
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toMatch(d.notAllowed);
      expect(d.posts()).toEqual([]);
      expect(d.postAttempts()).toBe(0);
    });

    it('follows the subscription: at most max papers, in a thread under the header', async () => {
      const d = driver();
      await d.subscribe({ maxPapers: 3, thread: true }, { by: 'admin' });
      expect((await d.today({ by: 'admin' })).text).toBe(`Posted 3 papers of ${FIXTURE_DAY}.`);
      const posts = d.posts();
      const [header] = posts;
      expect(posts.filter((post) => post.threadOf === undefined)).toEqual([header]);
      const inThread = posts.filter((post) => post.threadOf === header?.id);
      expect(inThread).toHaveLength(3);
      for (const paper of inThread) expect(paper).toMatchObject({ kind: 'paper', reactions: [{ emoji: 'upvote', count: 1, byBot: true }] });
    });
  });

  describe('/paperboy today with an empty archive', () => {
    const driver = useDriver(start, { seed: false });

    it('says so when Hugging Face is down and the archive has no recent day', async () => {
      const d = driver();
      d.hf.failNext({ kind: 'status', status: 500 }, 20);
      const reply = await d.today({ by: 'admin' });
      // No day in the store and Hugging Face down: an answer, not a crash.
      expect(reply.text).toContain('No papers found');
      expect(reply.text).toContain('Hugging Face was unreachable');
      expect(d.posts()).toEqual([]);
    });
  });
}
