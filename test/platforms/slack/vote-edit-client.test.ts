/**
 * Vote-count edits on Slack go through their own WebClient: a rate-limited chat.update fails
 * at once (the next vote retries it) instead of pausing the request queue that digest posts
 * wait in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/channels.js';
import { silentLogger } from '../../../src/logger.js';
import { createSlackPoster } from '../../../src/platforms/slack/poster.js';
import { singleWorkspaceClients } from '../../../src/platforms/slack/workspaces.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack/index.js';
import { silentBoltLogger } from '../../fakes/slack/silent-logger.js';
import { makePaper } from '../../support/papers.js';

const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'CVOTES' };

let fake: SlackFake;
beforeEach(async () => {
  fake = await startSlackFake({ channels: [{ id: channel.channelId }] });
});
afterEach(async () => {
  await fake.stop();
});

describe('Slack vote edits', () => {
  it('do not hold digest posts back while Slack rate-limits the edits', async () => {
    const settings = { apiUrl: fake.apiUrl, logger: silentBoltLogger };
    const poster = createSlackPoster({
      clients: singleWorkspaceClients('xoxb-test', settings),
      emoji: 'arrow_up',
      logger: silentLogger(),
    });
    const first = await poster.postPaper(channel, makePaper('2606.00001'), { nonce: 'n1', votes: 0 });
    if (first.status !== 'sent') throw new Error(`first post failed: ${first.status}`);

    fake.failNext({ method: 'chat.update', status: 429, retryAfter: 1 });
    const edit = poster.updateVotes?.({ channel, messageId: first.messageId, messageChannelId: channel.channelId }, makePaper('2606.00001'), 3)
      .then(() => 'edited', (error: unknown) => error);
    const second = await poster.postPaper(channel, makePaper('2606.00002'), { nonce: 'n2', votes: 0 });
    // The post went out while the edit's rate limit was still running: no retried update yet.
    expect(second.status).toBe('sent');
    expect(fake.calls('chat.update')).toHaveLength(1);
    expect(await edit).toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(fake.calls('chat.update').map((call) => call.status)).toEqual([429]);
  });
});
