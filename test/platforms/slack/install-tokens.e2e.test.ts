/**
 * Installation tokens end to end: a rotating token is refreshed once when it nears expiry, and
 * every later call, on this instance or another sharing the store, uses the new one; an
 * Enterprise Grid org-wide install serves its workspaces' commands and digests, and its
 * uninstall pauses them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/channels.js';
import { removedPauseReason } from '../../../src/core/subscriptions/workspace.js';
import { silentLogger } from '../../../src/logger.js';
import { startPaperboy } from '../../../src/main.js';
import { isRunningSlackPlatform, slackPlatform } from '../../../src/platforms/slack/platform.js';
import { sendToBolt, slashCommand } from '../../fakes/slack/index.js';
import { waitUntil } from '../../support/wait-log.js';
import { install } from './install-browser.js';
import { INSTALL_FLOW, SECRET, startSlackHarness, TODAY_CLOCK, type SlackHarness } from './harness.js';

let h: SlackHarness;
afterEach(async () => {
  await h.stop();
});

const refreshes = () => h.fake.calls('oauth.v2.access').filter((call) => call.args.grant_type === 'refresh_token');
const subscribeDirectly = (channel: ChannelRef) => h.paperboy.useCases.subscribe(channel, 'UA1', { time: '02:00', timezone: 'UTC', maxPapers: 2 });

describe('token rotation', () => {
  it('refreshes a token near its expiry once for a burst of posts, and every later call uses the new one', async () => {
    h = await startSlackHarness({
      installFlow: true, seed: true,
      fake: {
        oauth: { clientId: INSTALL_FLOW.clientId, clientSecret: INSTALL_FLOW.clientSecret, rotation: { installLifetimeSeconds: 3600 } },
        channels: [{ id: 'CA1', team: 'TA' }, { id: 'CA2', team: 'TA' }],
        users: [{ id: 'UA1', name: 'ann', team: 'TA', is_admin: true }],
      },
    });
    await install(`http://127.0.0.1:${h.port}`, h.fake, { teamId: 'TA', userId: 'UA1' });
    const [installed] = h.fake.oauth.tokensOf('TA');
    // Two channels' digests start together: their posts share one refresh of the one-hour token.
    await subscribeDirectly({ platform: 'slack', workspaceId: 'TA', channelId: 'CA1' });
    await subscribeDirectly({ platform: 'slack', workspaceId: 'TA', channelId: 'CA2' });
    await h.paperboy.scheduler.runDue();
    expect(refreshes()).toHaveLength(1);
    const rotated = h.fake.oauth.tokensOf('TA')[1];
    expect(rotated).not.toBe(installed);
    expect(h.fake.calls('chat.postMessage').map((call) => call.token)).toEqual(Array<string | undefined>(6).fill(rotated));

    // A command (Bolt's own lookup) and another instance sharing the store use the stored new token.
    await h.replies((await h.command('/paperboy', 'today', { teamId: 'TA', channelId: 'CA1', userId: 'UA1' })).id, 2);
    const second = await startPaperboy({ config: h.config, logger: silentLogger(), cwd: '/', platforms: [slackPlatform], clock: TODAY_CLOCK });
    try {
      const port = second.platforms.find(isRunningSlackPlatform)?.port ?? 0;
      const command = slashCommand({ command: '/paperboy', text: 'unsubscribe', teamId: 'TA', channelId: 'CA2', userId: 'UA1', responseUrl: h.fake.responseUrl('second') });
      expect((await sendToBolt(port, command, { secret: SECRET })).status).toBe(200);
      await h.fake.waitForResponse('second');
    } finally {
      await second.stop();
    }
    expect(refreshes()).toHaveLength(1);
    expect(h.fake.calls('users.info').map((call) => call.token)).toEqual([rotated, rotated]);
    expect(h.fake.calls().filter((call) => call.token === installed).map((call) => call.method)).toEqual(['auth.test']);
  });
});

describe('an Enterprise Grid org-wide install', () => {
  it('serves a workspace of the organisation with the organisation\'s token, and pauses it when the organisation uninstalls', async () => {
    h = await startSlackHarness({
      installFlow: true, seed: true,
      fake: { channels: [{ id: 'CC1', team: 'TC' }], users: [{ id: 'UC1', name: 'cat', team: 'TC', is_admin: true }] },
    });
    await install(`http://127.0.0.1:${h.port}`, h.fake, { teamId: 'TA', enterpriseId: 'E1', orgWide: true, teams: ['TA', 'TC'], userId: 'UC1' });
    const inC = { teamId: 'TC', enterpriseId: 'E1', channelId: 'CC1', userId: 'UC1' };
    await h.replies((await h.command('/paperboy', 'subscribe max:2', inC)).id);
    await h.replies((await h.command('/paperboy', 'today', inC)).id, 2);
    const [orgToken] = h.fake.oauth.tokensOf('TA');
    expect(h.fake.messages('CC1').map((message) => message.user)).toEqual(['UE1BOT', 'UE1BOT', 'UE1BOT']);
    expect(new Set(h.fake.calls('chat.postMessage').map((call) => call.token))).toEqual(new Set([orgToken]));

    expect((await h.removeApp('TA', { enterpriseId: 'E1' })).status).toBe(200);
    await waitUntil(() => h.logs().includes('slack workspace removed the app'), 'the uninstall handled');
    expect(await h.paperboy.useCases.subscription({ platform: 'slack', workspaceId: 'TC', channelId: 'CC1' }))
      .toMatchObject({ pauseReason: removedPauseReason('app_uninstalled') });
  });
});
