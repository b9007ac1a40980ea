/**
 * Socket Mode (SLACK_APP_TOKEN set): the real Bolt app opens the fake's local WebSocket
 * through apps.connections.open, runs envelopes and acks them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reactionEvent, slashCommand } from '../../fakes/slack/index.js';
import { APP_TOKEN, BOT_TOKEN, startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness({ socketMode: true, seed: true });
});
afterEach(async () => {
  await h.stop();
});

describe('Socket Mode', () => {
  it('connects with the app token and listens on no HTTP port', () => {
    expect(h.slack.mode).toBe('socket');
    expect(h.slack.port).toBeUndefined();
    expect(h.fake.calls('apps.connections.open')[0]).toMatchObject({ token: APP_TOKEN, response: { ok: true } });
    expect(h.fake.socketConnections()).toBe(1);
  });

  it('acks a /papers envelope at once and answers through response_url', async () => {
    const command = slashCommand({ command: '/papers', text: 'memory', responseUrl: h.fake.responseUrl('sock-search') });
    const ack = await h.fake.sendEnvelope('slash_commands', command.payload, { envelopeId: 'env-search' });
    expect(ack.envelope_id).toBe('env-search');
    const reply = await h.fake.waitForResponse('sock-search');
    expect(JSON.stringify(reply.body)).toContain('EvoArena');
  });

  it('puts help into the ack payload', async () => {
    const command = slashCommand({ command: '/paperboy', text: 'help', responseUrl: h.fake.responseUrl('sock-help') });
    const ack = await h.fake.sendEnvelope('slash_commands', command.payload);
    expect(JSON.stringify(ack.payload)).toContain('/paperboy subscribe');
  });

  it('subscribes, posts and counts a reaction envelope', async () => {
    const subscribe = slashCommand({ command: '/paperboy', text: 'subscribe max:1', userId: 'U0ADMIN', responseUrl: h.fake.responseUrl('sock-sub') });
    await h.fake.sendEnvelope('slash_commands', subscribe.payload);
    await h.fake.waitForResponse('sock-sub');
    const today = slashCommand({ command: '/paperboy', text: 'today', userId: 'U0ADMIN', responseUrl: h.fake.responseUrl('sock-today') });
    await h.fake.sendEnvelope('slash_commands', today.payload);
    await h.fake.waitForResponse('sock-today', (r) => String(r.body.text).startsWith('Posted'));
    const post = h.fake.messages('C0001').find((m) => m.metadata?.event_type === 'paperboy_paper');
    expect(h.fake.calls('chat.postMessage').every((call) => call.token === BOT_TOKEN)).toBe(true);

    const ack = await h.fake.sendEnvelope('events_api', reactionEvent({ user: 'U0001', ts: post!.ts, eventId: 'EvSock' }).payload);
    expect(ack.payload).toEqual({});
    let attempt = 0;
    await expect.poll(async () => {
      const id = `sock-top-${++attempt}`;
      await h.fake.sendEnvelope('slash_commands', slashCommand({ command: '/paperboy', text: 'top all', responseUrl: h.fake.responseUrl(id) }).payload);
      return JSON.stringify((await h.fake.waitForResponse(id)).body);
    }, { timeout: 2_000 }).toContain('1 vote across all workspaces');
  });
});
