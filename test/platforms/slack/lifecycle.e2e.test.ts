/**
 * Starting and stopping the Slack platform, and admin rights from configuration, through the
 * real entry point.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { slashCommand } from '../../fakes/slack/index.js';
import { BOT_TOKEN, startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('starting', () => {
  it('refuses to start with a bot token Slack rejects, naming the variable but not the token', async () => {
    const started = startSlackHarness({ fake: { botToken: 'xoxb-some-other-token' } });
    await expect(started).rejects.toSatisfy((error: unknown) => isAppError(error) && /Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/u.test(error.message));
    await expect(started).rejects.not.toThrow(BOT_TOKEN);
  });

  it('checks the token once with auth.test and exposes the bound port', async () => {
    h = await startSlackHarness();
    expect(h.fake.calls('auth.test')).toHaveLength(1);
    expect(h.slack.mode).toBe('http');
    expect(h.port).toBeGreaterThan(0);
    await h.replies((await h.command('/paperboy', 'settings')).id);
    expect(h.fake.calls('auth.test')).toHaveLength(1);
  });
});

describe('stopping', () => {
  it('closes the HTTP port, and a second stop is harmless', async () => {
    h = await startSlackHarness();
    const { port } = h;
    await h.paperboy.stop();
    await h.slack.stop();
    const request = slashCommand({ command: '/paperboy', text: 'help', responseUrl: h.fake.responseUrl('late') });
    await expect(fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: request.body })).rejects.toThrow();
  });

  it('lets a digest that is being posted finish before it stops', async () => {
    h = await startSlackHarness();
    await h.replies((await h.command('/paperboy', 'subscribe max:3', { userId: 'U0ADMIN' })).id);
    h.hf.failNext({ kind: 'hang', ms: 300 });
    const { id } = await h.command('/paperboy', 'today', { userId: 'U0ADMIN' });
    await h.fake.waitForResponse(id);
    await h.paperboy.stop();
    expect(h.fake.messages('C0001').filter((m) => m.metadata?.event_type === 'paperboy_paper')).toHaveLength(3);
    expect(String(h.fake.responses(id).at(-1)?.body.text)).toContain('Posted 3 papers');
  });
});

describe('admin rights', () => {
  it('lets a member listed in slack.adminUserIds subscribe', async () => {
    h = await startSlackHarness({ configure: (config) => ({ ...config, slack: { ...config.slack, adminUserIds: ['U0001'] } }) });
    const { id } = await h.command('/paperboy', 'subscribe', { userId: 'U0001' });
    expect(String((await h.replies(id))[0]?.text)).toContain('now subscribed');
    expect(h.fake.calls('users.info')).toHaveLength(0);
  });

  it('says so when Slack cannot tell whether the user is an admin', async () => {
    h = await startSlackHarness();
    h.fake.failNext({ method: 'users.info', error: 'fatal_error' });
    const { id } = await h.command('/paperboy', 'unsubscribe', { userId: 'U0ADMIN' });
    expect(String((await h.replies(id))[0]?.text)).toContain('could not check your Slack permissions');
  });
});

describe('operations', () => {
  it('reports itself connected and times every command for /metrics', async () => {
    const harness = await startSlackHarness();
    try {
      const slack = harness.paperboy.platforms.find((platform) => platform.name === 'slack');
      expect(slack?.isConnected()).toBe(true);
      const { response } = await harness.command('/papers', 'help');
      expect(response.status).toBe(200);
      expect(harness.paperboy.metrics.registry.render()).toMatch(/paperboy_command_duration_seconds_count\{platform="slack",command="papers"\} 1/u);
    } finally {
      await harness.stop();
    }
  });
});
