/**
 * The install flow in Socket Mode: Bolt serves /slack/install and the redirect on an HTTP port
 * of their own (SLACK_PORT), and commands arriving over the socket from an installed workspace
 * are answered and posted with that workspace's token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventCallback, slashCommand } from '../../fakes/slack/index.js';
import { waitUntil } from '../../support/wait-log.js';
import { install } from './install-browser.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness({
    socketMode: true, installFlow: true, seed: true,
    fake: { channels: [{ id: 'CA1', team: 'TA' }], users: [{ id: 'UA1', name: 'ann', team: 'TA', is_admin: true }] },
  });
});
afterEach(async () => {
  await h.stop();
});

describe('the install flow in Socket Mode', () => {
  it('installs through its own HTTP port, then answers and posts for the workspace over the socket', async () => {
    expect(h.slack).toMatchObject({ mode: 'socket', workspaces: 'installed' });
    expect(h.slack.port).toBeGreaterThan(0);
    await install(`http://127.0.0.1:${h.slack.port}`, h.fake, { teamId: 'TA', userId: 'UA1' });

    for (const [id, text] of [['sock-sub', 'subscribe max:1'], ['sock-today', 'today']] as const) {
      const command = slashCommand({ command: '/paperboy', text, teamId: 'TA', channelId: 'CA1', userId: 'UA1', responseUrl: h.fake.responseUrl(id) });
      await h.fake.sendEnvelope('slash_commands', command.payload);
    }
    await h.fake.waitForResponse('sock-today', (r) => String(r.body.text).startsWith('Posted'));
    const [token] = h.fake.oauth.tokensOf('TA');
    expect(h.fake.messages('CA1').map((message) => message.user)).toEqual(['UTABOT', 'UTABOT']);
    expect(new Set(h.fake.calls('chat.postMessage').map((call) => call.token))).toEqual(new Set([token]));

    await h.fake.sendEnvelope('events_api', eventCallback({ type: 'app_uninstalled' }, { teamId: 'TA' }).payload);
    await waitUntil(() => h.logs().includes('slack workspace removed the app'), 'the uninstall handled');
    expect((await h.paperboy.useCases.subscription({ platform: 'slack', workspaceId: 'TA', channelId: 'CA1' }))?.pausedAt).toBeDefined();
  });
});
