/**
 * Request signing and secrets: a forged or stale request gets 401 and runs nothing, and no
 * token or signing secret ever reaches the logs, even at debug level with Bolt's own lines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reactionEvent, slashCommand, urlVerification } from '../../fakes/slack/index.js';
import { APP_TOKEN, BOT_TOKEN, SECRET, startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(async () => {
  await h.stop();
});

const settingsText = async (): Promise<string> => {
  const { id } = await h.command('/paperboy', 'settings');
  const [reply] = await h.replies(id);
  return typeof reply?.text === 'string' ? reply.text : '';
};

describe('signed requests', () => {
  it('answers a request signed with the wrong secret with 401 and runs nothing', async () => {
    const forged = slashCommand({ command: '/paperboy', text: 'subscribe 09:00', userId: 'U0ADMIN', responseUrl: h.fake.responseUrl('forged') });
    const response = await h.send(forged, { badSignature: true });
    expect(response.status).toBe(401);
    expect(h.fake.calls('users.info')).toHaveLength(0);
    expect(h.fake.responses('forged')).toHaveLength(0);
    expect(await settingsText()).toContain('not subscribed');
  });

  it('answers a correctly signed request older than five minutes with 401', async () => {
    const old = slashCommand({ command: '/paperboy', text: 'subscribe', userId: 'U0ADMIN', responseUrl: h.fake.responseUrl('old') });
    const response = await h.send(old, { ts: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(response.status).toBe(401);
    expect(h.fake.responses('old')).toHaveLength(0);
    expect(await settingsText()).toContain('not subscribed');
  });

  it('drops a forged reaction event', async () => {
    const response = await h.send(reactionEvent({ eventId: 'EvForged' }), { badSignature: true });
    expect(response.status).toBe(401);
    expect(h.logs()).not.toContain('EvForged');
  });

  it('answers Slack\'s URL verification challenge', async () => {
    const response = await h.send(urlVerification('challenge-123'));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'challenge-123' });
  });
});

describe('logs', () => {
  it('never contain the bot token or the signing secret', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe max:2', { userId: 'U0ADMIN' })).id);
    h.fake.failNext({ method: 'chat.postMessage', error: 'not_in_channel' });
    await h.replies((await h.command('/paperboy', 'today', { userId: 'U0ADMIN' })).id, 2);
    await h.replies((await h.command('/papers', 'memory')).id);
    await h.send(slashCommand({ command: '/papers', text: 'x', responseUrl: h.fake.responseUrl('bad') }), { badSignature: true });
    const logs = h.logs();
    expect(logs).toContain('slack app listening');
    expect(logs).toContain('"level":20');
    expect(logs).toContain('http request');
    for (const secret of [BOT_TOKEN, SECRET, APP_TOKEN, 'verification-token']) expect(logs).not.toContain(secret);
  });
});
