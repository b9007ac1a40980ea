/**
 * Vote edits debounced across instances: two instances hear votes for the same paper (each on
 * its own shards) and share one store. A message is edited at most once per interval between
 * them, and the last count always reaches it.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { systemClock } from '../../src/core/ports.js';
import { silentLogger } from '../../src/logger.js';
import { createClaimHolder } from '../../src/scheduler/claim-holder.js';
import { createVoteEdits } from '../../src/scheduler/vote-edits.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';
import { recordingPoster } from '../support/recording-poster.js';

const PAPER = '2606.00001';
/**
 * The claim on a message lasts one interval. 3 s, not less: on a loaded 2-core CI machine the
 * two instances' turns were once more than 1 s apart, the claim had lapsed, and b edited too.
 */
const INTERVAL_MS = 3000;
const channel: ChannelRef = { platform: 'discord', workspaceId: 'G', channelId: 'C1' };

async function setup() {
  const stores = createSqliteStores(openDatabase(':memory:'));
  await stores.papers.upsertPapers([makePaper(PAPER, { upvotes: 4 })]);
  await stores.ledger.beginPost({ channel, paperId: PAPER, at: 't' });
  await stores.ledger.markSent(channel, PAPER, { messageId: 'D1', messageChannelId: channel.channelId }, 't');
  const instances = ['a', 'b'].map((id) => {
    const poster = recordingPoster();
    const editClaims = createClaimHolder({ claims: stores.claims, instanceId: id, clock: systemClock });
    const edits = createVoteEdits({ ...stores, editClaims, posters: { discord: poster }, logger: silentLogger(), intervalMs: INTERVAL_MS, editsPerMinute: 60_000 });
    return { poster, edits };
  });
  const vote = (user: string) => stores.votes.addVote({ platform: 'discord', workspaceId: 'G', userId: user, paperId: PAPER, at: new Date().toISOString() });
  /** Every edit of the message, as `instance:votes`, a's first. */
  const edits = () => instances.flatMap(({ poster }, index) => poster.updates().map((update) => `${'ab'[index] ?? '?'}:${String(update.votes)}`));
  const idle = () => Promise.all(instances.map(({ edits: instance }) => instance.idle()));
  return { instances, vote, edits, idle };
}

describe('vote edits across instances', () => {
  it('edits a message once when two instances hear votes for it at once', async () => {
    const { instances, vote, edits, idle } = await setup();
    await vote('U1');
    await vote('U2');
    for (const { edits: instance } of instances) instance.votesChanged(PAPER);
    await idle();
    expect(edits()).toHaveLength(1);
    expect(edits()[0]).toMatch(/^[ab]:2$/u);
  });

  it('shows a vote one instance heard while the other held the edit, once the interval ends', async () => {
    const { instances, vote, edits, idle } = await setup();
    const [a, b] = instances;
    await vote('U1');
    a?.edits.votesChanged(PAPER);
    await a?.edits.idle();
    expect(edits()).toEqual(['a:1']);
    // A second vote, heard by the other instance inside a's interval: b waits it out, then edits.
    await vote('U2');
    b?.edits.votesChanged(PAPER);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(edits()).toEqual(['a:1']);
    await idle();
    expect(edits()).toEqual(['a:1', 'b:2']);
  });
});
