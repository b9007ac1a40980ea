/**
 * A workspace's life after the install, end to end: removing the app in the middle of a digest
 * stops that workspace's posts and pauses its digests while the other workspace's digest
 * completes; installing again resumes them; a revoked bot token does the same and a revoked
 * user token nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/channels.js';
import { removedPauseReason } from '../../../src/core/subscriptions/workspace.js';
import { waitUntil } from '../../support/wait-log.js';
import { install } from './install-browser.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

const WORKSPACES = {
  channels: [{ id: 'CA1', team: 'TA' }, { id: 'CB1', team: 'TB' }],
  users: [
    { id: 'UA1', name: 'ann', team: 'TA', is_admin: true },
    { id: 'UB1', name: 'ben', team: 'TB', is_admin: true },
  ],
};
const inA: ChannelRef = { platform: 'slack', workspaceId: 'TA', channelId: 'CA1' };
const inB: ChannelRef = { platform: 'slack', workspaceId: 'TB', channelId: 'CB1' };

let h: SlackHarness;
afterEach(async () => {
  await h.stop();
});

async function start(slackMinIntervalMs = 0): Promise<string> {
  h = await startSlackHarness({
    installFlow: true, seed: true, fake: WORKSPACES,
    configure: (config) => ({ ...config, schedule: { ...config.schedule, slackMinIntervalMs } }),
  });
  const base = `http://127.0.0.1:${h.port}`;
  await install(base, h.fake, { teamId: 'TA', userId: 'UA1' });
  await install(base, h.fake, { teamId: 'TB', userId: 'UB1' });
  return base;
}

/** Subscribes a channel for 02:00 UTC, the harness clock's time, so the scheduler finds it due. */
async function subscribe(channel: ChannelRef, userId: string, text = 'subscribe 02:00 UTC max:4'): Promise<void> {
  await h.replies((await h.command('/paperboy', text, { teamId: channel.workspaceId, channelId: channel.channelId, userId })).id);
}

const accepted = (channel: string) => h.fake.calls('chat.postMessage').filter((call) => call.args.channel === channel && call.response.ok);

describe('removing the app from a workspace', () => {
  it('stops that workspace mid-digest and pauses it, while the other workspace\'s digest completes; a reinstall resumes it', async () => {
    const base = await start(150);
    await subscribe(inA, 'UA1');
    await subscribe(inB, 'UB1');
    const run = h.paperboy.scheduler.runDue();
    await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'CA1' && call.response.ok, 5_000);
    expect((await h.removeApp('TA')).status).toBe(200);
    await waitUntil(() => h.logs().includes('slack workspace removed the app'), 'the uninstall handled');
    const removedAt = Date.now();
    await run;

    expect(accepted('CB1')).toHaveLength(5);
    expect(accepted('CA1').length).toBeLessThan(5);
    expect(accepted('CA1').every((call) => call.time <= removedAt)).toBe(true);
    expect(await h.paperboy.useCases.subscription(inA)).toMatchObject({ pauseReason: removedPauseReason('app_uninstalled') });
    expect((await h.paperboy.useCases.subscription(inB))?.pausedAt).toBeUndefined();
    // The workspace is gone: its requests get no answer from Paperboy.
    const { response } = await h.command('/paperboy', 'status', { teamId: 'TA', channelId: 'CA1', userId: 'UA1' });
    expect(response.body).toBe('');

    await install(base, h.fake, { teamId: 'TA', userId: 'UA1' });
    expect((await h.paperboy.useCases.subscription(inA))?.pausedAt).toBeUndefined();
    expect(h.logs()).toMatch(/"workspaces":\["TA"\].*"msg":"slack workspace installed"/u);
    await h.replies((await h.command('/paperboy', 'today', { teamId: 'TA', channelId: 'CA1', userId: 'UA1' })).id, 2);
    const papers = h.fake.messages('CA1').filter((message) => message.metadata?.event_type === 'paperboy_paper');
    expect(new Set(papers.map((message) => message.metadata?.event_payload.paper_id)).size).toBe(4);
    expect(papers).toHaveLength(4);
    expect(h.fake.oauth.tokensOf('TA').at(-1)).toBe(accepted('CA1').at(-1)?.token);
  });

  it('removes the installation when Slack revokes the bot token, and ignores a revoked user token', async () => {
    await start();
    await subscribe(inA, 'UA1');
    await subscribe(inB, 'UB1');
    await h.removeApp('TB', { event: 'tokens_revoked', bot: false });
    await waitUntil(() => h.logs().includes('the installation stays'), 'the user-token revocation handled');
    await h.replies((await h.command('/paperboy', 'status', { teamId: 'TB', channelId: 'CB1', userId: 'UB1' })).id);
    expect((await h.paperboy.useCases.subscription(inB))?.pausedAt).toBeUndefined();

    await h.removeApp('TA', { event: 'tokens_revoked' });
    await waitUntil(() => h.logs().includes('slack workspace removed the app'), 'the revocation handled');
    expect(await h.paperboy.useCases.subscription(inA)).toMatchObject({ pauseReason: removedPauseReason('tokens_revoked') });
    expect((await h.paperboy.useCases.subscription(inB))?.pausedAt).toBeUndefined();
  });
});
