/**
 * Vote edits over time, with Node's timers and clock faked: the 30 s interval per message
 * with votes spread over minutes (not one synchronous burst), and the global edit budget that
 * keeps edits from crowding out digests and replies however many channels show a paper.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import type { DigestPoster } from '../../src/core/ports.js';
import { silentLogger } from '../../src/logger.js';
import { createVoteEdits, VOTE_EDIT_INTERVAL_MS } from '../../src/scheduler/vote-edits.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';

const PAPER = '2606.00001';
const START = new Date('2026-06-13T09:00:00Z').getTime();

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

async function setup(channels: number, editsPerMinute?: number) {
  const stores = createSqliteStores(openDatabase(':memory:'));
  await stores.papers.upsertPapers([makePaper(PAPER)]);
  for (let i = 0; i < channels; i++) {
    const channel: ChannelRef = { platform: i % 2 === 0 ? 'discord' : 'slack', workspaceId: 'W', channelId: `C${i}` };
    await stores.ledger.beginPost({ channel, paperId: PAPER, at: 't' });
    await stores.ledger.markSent(channel, PAPER, { messageId: `M${i}`, messageChannelId: channel.channelId }, 't');
  }
  const edits: { at: number; messageId: string; votes: number }[] = [];
  const poster: DigestPoster = {
    postHeader: () => Promise.resolve({ status: 'sent', messageId: 'h' }),
    postPaper: () => Promise.resolve({ status: 'sent', messageId: 'p' }),
    addUpvoteReaction: () => Promise.resolve(),
    updateVotes: (post, _paper, votes) => {
      edits.push({ at: (Date.now() - START) / 1000, messageId: post.messageId, votes });
      return Promise.resolve();
    },
  };
  const voteEdits = createVoteEdits({
    ...stores, posters: { discord: poster, slack: poster }, logger: silentLogger(),
    ...(editsPerMinute === undefined ? {} : { editsPerMinute }),
  });
  let user = 0;
  const vote = async () => {
    user += 1;
    await stores.votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: `U${user}`, paperId: PAPER, at: new Date().toISOString() });
    voteEdits.votesChanged(PAPER);
  };
  return { edits, vote, voteEdits, stores };
}

/** Moves the fake clock to `seconds` after START, running every timer and promise on the way. */
const at = (seconds: number) => vi.advanceTimersByTimeAsync(START + seconds * 1000 - Date.now());

describe('vote edits over time', () => {
  it('edits a message at most once per 30 s, each time with the count as it is then', async () => {
    const { edits, vote, stores } = await setup(1, 600);
    expect(VOTE_EDIT_INTERVAL_MS).toBe(30_000);
    for (const second of [0, 10, 20, 35, 70]) {
      await at(second);
      await vote();
    }
    await at(200);
    expect(edits.map((edit) => [edit.at, edit.votes])).toEqual([[0, 1], [30, 3], [60, 4], [90, 5]]);
    await stores.close();
  });

  it('spends at most the global budget on edits, however many channels show the paper', async () => {
    const { edits, vote, stores } = await setup(40, 20);
    await vote();
    await at(59);
    // 20 a minute: one every 3 s, the first at once.
    expect(edits.length).toBe(20);
    expect(edits.map((edit) => edit.at)).toEqual(Array.from({ length: 20 }, (_, i) => i * 3));
    await vote();
    await at(300);
    // Every message is edited in the end, and the later ones show the newer count.
    expect(new Set(edits.map((edit) => edit.messageId)).size).toBe(40);
    expect(edits.at(-1)?.votes).toBe(2);
    const gaps = edits.slice(1).map((edit, i) => edit.at - (edits[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(3);
    await stores.close();
  });

  it('lets an edit that is due go first, ahead of one still waiting out its interval', async () => {
    const { edits, vote, voteEdits, stores } = await setup(1, 6);
    const other: ChannelRef = { platform: 'slack', workspaceId: 'W', channelId: 'COTHER' };
    await stores.papers.upsertPapers([makePaper('2606.00002')]);
    await stores.ledger.beginPost({ channel: other, paperId: '2606.00002', at: 't' });
    await stores.ledger.markSent(other, '2606.00002', { messageId: 'MOTHER', messageChannelId: 'COTHER' }, 't');
    await vote();
    await at(12);
    await vote();
    await at(15);
    await stores.votes.addVote({ platform: 'slack', workspaceId: 'W1', userId: 'U9', paperId: '2606.00002', at: new Date().toISOString() });
    voteEdits.votesChanged('2606.00002');
    await at(100);
    // Six a minute (one per 10 s): MOTHER is due at 15 s and goes then; M0 waits for its 30 s.
    expect(edits.map((edit) => [edit.at, edit.messageId])).toEqual([[0, 'M0'], [15, 'MOTHER'], [30, 'M0']]);
    await stores.close();
  });
});
