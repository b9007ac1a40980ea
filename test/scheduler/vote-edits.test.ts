import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { silentLogger } from '../../src/logger.js';
import { createVoteEdits } from '../../src/scheduler/vote-edits.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';
import { recordingPoster } from '../support/recording-poster.js';

const discord: ChannelRef = { platform: 'discord', workspaceId: 'G', channelId: 'C1' };
const slack: ChannelRef = { platform: 'slack', workspaceId: 'T', channelId: 'C2' };

async function setup(intervalMs = 80) {
  const stores = createSqliteStores(openDatabase(':memory:'));
  await stores.papers.upsertPapers([makePaper('2606.00001', { upvotes: 4 })]);
  for (const [channel, messageId] of [[discord, 'D1'], [slack, '1.1']] as const) {
    await stores.ledger.beginPost({ channel, paperId: '2606.00001', at: 't' });
    await stores.ledger.markSent(channel, '2606.00001', { messageId, messageChannelId: channel.channelId }, 't');
  }
  const posters = { discord: recordingPoster(), slack: recordingPoster() };
  /** Each edit as `poster:message:paper:votes`, naming the poster that made it. */
  const edits = () =>
    Object.entries(posters).flatMap(([name, poster]) =>
      poster.updates().map((edit) => `${name}:${edit.messageId}:${edit.paperId}:${edit.votes}`),
    );
  const voteEdits = createVoteEdits({ ...stores, posters, logger: silentLogger(), intervalMs, editsPerMinute: 60_000 });
  const vote = (user: string) => stores.votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: user, paperId: '2606.00001', at: new Date().toISOString() });
  return { voteEdits, edits, vote };
}

describe('vote count edits', () => {
  it('edits every message showing the paper with the current count, on both platforms', async () => {
    const { voteEdits, edits, vote } = await setup();
    await vote('U1');
    voteEdits.votesChanged('2606.00001');
    await voteEdits.idle();
    expect(edits().sort()).toEqual(['discord:D1:2606.00001:1', 'slack:1.1:2606.00001:1']);
  });

  it('folds a burst of votes into one edit per message per interval, and shows the final count', async () => {
    // An interval far longer than the burst takes, even on a machine that stalls for a while.
    const { voteEdits, edits, vote } = await setup(1_500);
    await vote('U1');
    voteEdits.votesChanged('2606.00001');
    await voteEdits.idle();
    for (const user of ['U2', 'U3', 'U4']) {
      await vote(user);
      voteEdits.votesChanged('2606.00001');
    }
    expect(edits()).toHaveLength(2);
    await voteEdits.idle();
    expect(edits().filter((edit) => edit.startsWith('discord'))).toEqual(['discord:D1:2606.00001:1', 'discord:D1:2606.00001:4']);
    expect(edits()).toHaveLength(4);
  });
});
