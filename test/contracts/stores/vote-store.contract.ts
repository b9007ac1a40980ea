/** The VoteStore contract: one vote per person, paper and community; counts and leaderboards per pool. */
import { describe, expect, it } from 'vitest';
import { makePaper } from '../../support/papers.js';
import { useStores, type StoreAdapter } from './adapter.js';

export function describeVoteStoreContract(adapter: StoreAdapter): void {
  describe(`VoteStore on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('counts one vote per (platform, user, paper) and takes it back', async () => {
      const { votes } = test().stores;
      expect(await votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: 'U1', paperId: 'p1', at: '2026-06-12T00:00:00Z' })).toBe(true);
      expect(await votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: 'U1', paperId: 'p1', at: '2026-06-12T00:00:01Z' })).toBe(false);
      expect(await votes.addVote({ platform: 'slack', workspaceId: 'W1', userId: 'U1', paperId: 'p1', at: '2026-06-12T00:00:02Z' })).toBe(true);
      expect(await votes.countVotes('p1')).toBe(2);
      expect(await votes.removeVote({ platform: 'discord', workspaceId: 'W1', userId: 'U1', paperId: 'p1' })).toBe(true);
      expect(await votes.removeVote({ platform: 'discord', workspaceId: 'W1', userId: 'U1', paperId: 'p1' })).toBe(false);
      expect(await votes.countVotes('p1')).toBe(1);
    });

    it('ranks known papers by votes in a period, then by HF upvotes', async () => {
      const { votes, papers } = test().stores;
      await papers.upsertPapers([makePaper('2606.00001', { upvotes: 5 }), makePaper('2606.00002', { upvotes: 50 }), makePaper('2606.00003', { upvotes: 1 })]);
      const vote = (userId: string, paperId: string, at: string) => votes.addVote({ platform: 'slack', workspaceId: 'W1', userId, paperId, at });
      await vote('U1', '2606.00001', '2026-06-01T00:00:00Z');
      await vote('U2', '2606.00001', '2026-06-01T00:00:00Z');
      await vote('U1', '2606.00002', '2026-06-10T00:00:00Z');
      await vote('U1', '2606.00003', '2026-06-11T00:00:00Z');
      await vote('U1', '9999.99999', '2026-06-11T00:00:00Z');
      expect(await votes.topVoted({ limit: 10 })).toEqual([
        { paperId: '2606.00001', votes: 2 },
        { paperId: '2606.00002', votes: 1 },
        { paperId: '2606.00003', votes: 1 },
      ]);
      expect(await votes.topVoted({ since: '2026-06-05T00:00:00Z', limit: 1 })).toEqual([{ paperId: '2606.00002', votes: 1 }]);
    });

    it('counts no votes for a paper nobody voted for, and takes back none', async () => {
      const { votes } = test().stores;
      expect(await votes.countVotes('2606.00001')).toBe(0);
      expect(await votes.removeVote({ platform: 'slack', workspaceId: 'W1', userId: 'U1', paperId: '2606.00001' })).toBe(false);
      expect(await votes.topVoted({ limit: 5 })).toEqual([]);
    });

    it('counts a vote taken back and cast again once', async () => {
      const { votes } = test().stores;
      const vote = { platform: 'discord', workspaceId: 'W1', userId: 'U1', paperId: 'p1' } as const;
      await votes.addVote({ ...vote, at: '2026-06-12T00:00:00Z' });
      await votes.removeVote(vote);
      expect(await votes.addVote({ ...vote, at: '2026-06-12T00:01:00Z' })).toBe(true);
      expect(await votes.countVotes('p1')).toBe(1);
    });

    it('leaves out votes taken back from the leaderboard', async () => {
      const { votes, papers } = test().stores;
      await papers.upsertPapers([makePaper('2606.00001'), makePaper('2606.00002')]);
      for (const userId of ['U1', 'U2']) await votes.addVote({ platform: 'discord', workspaceId: 'W1', userId, paperId: '2606.00001', at: '2026-06-12T00:00:00Z' });
      await votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: 'U3', paperId: '2606.00002', at: '2026-06-12T00:00:00Z' });
      await votes.removeVote({ platform: 'discord', workspaceId: 'W1', userId: 'U1', paperId: '2606.00001' });
      await votes.removeVote({ platform: 'discord', workspaceId: 'W1', userId: 'U2', paperId: '2606.00001' });
      expect(await votes.topVoted({ limit: 5 })).toEqual([{ paperId: '2606.00002', votes: 1 }]);
    });

    it('keeps a vote per community, and counts a person once in a pool of several', async () => {
      const { votes, papers } = test().stores;
      await papers.upsertPapers([makePaper('2606.00001'), makePaper('2606.00002')]);
      const at = '2026-06-12T00:00:00Z';
      expect(await votes.addVote({ platform: 'discord', workspaceId: 'G1', userId: 'U1', paperId: '2606.00001', at })).toBe(true);
      expect(await votes.addVote({ platform: 'discord', workspaceId: 'G2', userId: 'U1', paperId: '2606.00001', at })).toBe(true);
      await votes.addVote({ platform: 'discord', workspaceId: 'G2', userId: 'U2', paperId: '2606.00001', at });
      await votes.addVote({ platform: 'slack', workspaceId: 'T1', userId: 'U1', paperId: '2606.00002', at });
      const g1 = [{ platform: 'discord', workspaceId: 'G1' }] as const;
      const g2 = [{ platform: 'discord', workspaceId: 'G2' }] as const;
      expect(await votes.countVotes('2606.00001')).toBe(2);
      expect(await votes.countVotes('2606.00001', g1)).toBe(1);
      expect(await votes.countVotes('2606.00001', g2)).toBe(2);
      expect(await votes.countVotes('2606.00001', [...g1, ...g2])).toBe(2);
      expect(await votes.countVotes('2606.00001', [])).toBe(0);
      expect(await votes.topVoted({ limit: 5, communities: [{ platform: 'slack', workspaceId: 'T1' }] })).toEqual([{ paperId: '2606.00002', votes: 1 }]);
      expect(await votes.topVoted({ limit: 5, communities: g1 })).toEqual([{ paperId: '2606.00001', votes: 1 }]);
      expect(await votes.topVoted({ limit: 5 })).toEqual([{ paperId: '2606.00001', votes: 2 }, { paperId: '2606.00002', votes: 1 }]);
      // Taken back in one server, the vote in the other still counts.
      expect(await votes.removeVote({ platform: 'discord', workspaceId: 'G1', userId: 'U1', paperId: '2606.00001' })).toBe(true);
      expect(await votes.countVotes('2606.00001')).toBe(2);
      expect(await votes.countVotes('2606.00001', g1)).toBe(0);
    });
  });
}
