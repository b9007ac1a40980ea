/**
 * The contract's follows part: `/paperboy follow|following|unfollow`, open to every member,
 * each person's own, answered to them alone.
 */
import { describe, expect, it } from 'vitest';
import type { ChatDriver, Reply } from './driver.js';
import { useDriver, type StartDriver } from './support.js';

const idOf = (reply: Reply): string => /\(id (\d+)\)/u.exec(reply.text)?.[1] ?? '';
const code = (text: string): string => `\`${text}\``;

async function follow(d: ChatDriver, query: string, by: 'alice' | 'bob' = 'alice'): Promise<Reply> {
  const reply = await d.follows('follow', query, { by });
  expect(reply.ephemeral).toBe(true);
  return reply;
}

export function followsContract(start: StartDriver): void {
  describe('follows', () => {
    const driver = useDriver(start);

    it('lets any member follow searches, lists them with ids, and unfollows one or all, each person apart', async () => {
      const d = driver();
      const nvidia = await follow(d, 'org:nvidia');
      expect(nvidia.text).toMatch(/^Following `org:nvidia` \(id \d+\)\. When a new papers-day has papers that match, I send you one direct message with them\./u);
      const lecun = await follow(d, 'author:"Yann LeCun"');
      const bobs = await follow(d, 'memory agents min:20', 'bob');

      const listed = await d.follows('following');
      expect(listed.ephemeral).toBe(true);
      expect(listed.text.split('\n').slice(1, 3)).toEqual([`${idOf(nvidia)}. ${code('org:nvidia')}`, `${idOf(lecun)}. ${code('author:"Yann LeCun"')}`]);
      expect((await d.follows('following', '', { by: 'bob' })).text).toContain(`${idOf(bobs)}. ${code('memory agents min:20')}`);

      expect((await d.follows('unfollow', idOf(bobs))).text).toBe(`You have no follow with id ${idOf(bobs)}. ${code('/paperboy following')} lists yours.`);
      expect((await d.follows('unfollow', idOf(nvidia))).text).toBe('Removed 1 follow.');
      expect((await d.follows('following')).text).not.toContain('org:nvidia');
      expect((await d.follows('unfollow', 'all')).text).toBe('Removed 1 follow.');
      expect((await d.follows('following')).text).toBe(`You follow nothing yet. Try ${code('/paperboy follow org:nvidia')}.`);
      expect((await d.follows('following', '', { by: 'bob' })).text).toContain('memory agents min:20');
    });

    it('refuses a duplicate and a query with nothing to follow, and explains how to write one', async () => {
      const d = driver();
      const first = await follow(d, 'org:nvidia');
      expect((await follow(d, 'org:nvidia')).text).toBe(`You already follow ${code('org:nvidia')} (id ${idOf(first)}).`);
      expect((await follow(d, '"')).text).toMatch(/^Give me something to follow, written as a search: /u);
      expect((await d.follows('following')).text.split('\n')).toHaveLength(3);
    });
  });
}
