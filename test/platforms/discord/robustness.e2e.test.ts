/**
 * What must hold whatever happens: every interaction gets its first answer in time, failures
 * become a short ephemeral message while the log gets the error, no message the bot sends can
 * ping anyone, and neither the bot token nor an interaction token ever reaches the log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CHANNEL_ID, PERMISSIONS, type RecordedRequest } from '../../fakes/discord/index.js';
import { INTERNAL_ERROR_REPLY } from '../../../src/formatter/replies.js';
import { DISCORD_TOKEN, EPHEMERAL, UPVOTE, bodyOf, contentOf, messageOf, startDiscordHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness({ seed: true });
});
afterEach(async () => {
  await h.stop();
});

const edited = (calls: RecordedRequest[]) => calls.some((call) => call.route === 'webhook.original.edit');
/** Routes whose body is a message the bot sends (callback type 4/7 data, edits, posts). */
const MESSAGE_ROUTES = new Set(['message.create', 'message.edit', 'webhook.original.edit', 'webhook.followup', 'webhook.message.edit']);

describe('answering in time', () => {
  it('answers twenty concurrent searches, each deferring before its edit and within 3 s', async () => {
    const sent = Array.from({ length: 20 }, (_, i) => ({ at: Date.now(), interaction: h.fake.interaction({ name: 'papers', options: { query: i % 2 === 0 ? 'memory' : `agents ${i}` } }) }));
    await Promise.all(sent.map(({ interaction }) =>
      h.fake.waitForRequest(() => edited(h.fake.interactionRequests(interaction)), 5_000)));
    for (const { at, interaction } of sent) {
      const calls = h.fake.interactionRequests(interaction);
      expect(calls.map((call) => [call.route, call.status])).toEqual([['interaction.callback', 204], ['webhook.original.edit', 200]]);
      expect(calls[0]!.time - at).toBeLessThan(3_000);
    }
  });

  it('reports time to first response in the command latency metric', async () => {
    await h.deferred({ name: 'papers', options: { query: 'memory' } });
    const { sent } = await h.reply(h.admin('help'));
    await h.waitForLog((entry) => entry.msg === 'interaction handled' && entry.interaction === sent.id);
    const metrics = h.paperboy.metrics.registry.render();
    expect(metrics).toMatch(/paperboy_command_duration_seconds_count\{[^}]*platform="discord"[^}]*command="\/papers"[^}]*\} 1/u);
    expect(metrics).toMatch(/paperboy_command_duration_seconds_count\{[^}]*command="\/paperboy help"[^}]*\} 1/u);
  });

  it('reports the gateway connection for /healthz', () => {
    expect(h.paperboy.platforms.map((platform) => platform.isConnected())).toEqual([true]);
  });
});

describe('failures', () => {
  it('turns a failed handler into a short ephemeral message and logs the error without the interaction token', async () => {
    // Every try of the results edit fails (1 + 3 retries); the fifth edit carries the apology.
    h.fake.failNext({ route: 'webhook.original.edit', status: 500, count: 4 });
    const { sent, calls } = await h.interact({ name: 'papers', options: { query: 'memory' } },
      (all) => all.filter((call) => call.route === 'webhook.original.edit').length === 5);
    const last = calls.at(-1);
    expect(last?.status).toBe(200);
    expect(bodyOf(last)).toMatchObject({ content: INTERNAL_ERROR_REPLY, embeds: [], components: [], allowed_mentions: { parse: [] } });
    expect(h.fake.message((last?.response as { id: string }).id)?.flags).toBe(EPHEMERAL);

    const failure = await h.waitForLog((entry) => entry.msg === 'interaction failed');
    expect(failure).toMatchObject({ level: 50, interaction: sent.id, err: { type: 'HTTPError', status: 500, method: 'PATCH' } });
    expect((failure.err as { url: string }).url).toContain('/webhooks/1000000000000000001/[redacted]/messages');
    expect(h.logs()).not.toContain(sent.token);
  });

  it('survives an interaction it can no longer answer and keeps serving', async () => {
    h.fake.failNext({ route: 'interaction.callback', status: 404, body: { message: 'Unknown interaction', code: 10062 }, count: 2 });
    const lost = h.fake.interaction({ name: 'papers', options: { query: 'memory' } });
    await h.waitForLog((entry) => entry.msg === 'could not tell the user about the failure' && entry.interaction === lost.id);
    expect(h.logs()).not.toContain(lost.token);

    const { calls } = await h.deferred({ name: 'papers', options: { query: 'memory' } });
    expect(contentOf(calls.at(-1))).toContain('Results for "memory"');
  });

  it('logs a failed upvote reaction and still posts the paper', async () => {
    h.fake.failNext({ route: 'reaction.add', status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    await h.reply(h.admin('subscribe', { max_papers: 2 }));
    const { calls } = await h.deferred(h.admin('today'));
    expect(contentOf(calls.at(-1))).toBe('Posted 2 papers of 2026-06-12.');
    expect(h.fake.requestsTo('reaction.add').map((request) => request.status)).toEqual([403, 204]);
    expect(await h.waitForLog((entry) => entry.msg === 'could not add the upvote reaction')).toMatchObject({ level: 40, err: { code: 50013 } });
  });
});

describe('what the bot sends', () => {
  it('switches mentions off on every message, and keeps both tokens out of the log', async () => {
    await h.reply(h.admin('subscribe', { keywords: '@everyone, memory', thread: true, max_papers: 2 }));
    await h.reply(h.admin('settings'));
    await h.reply(h.admin('help', {}, PERMISSIONS.member));
    await h.deferred({ name: 'papers', options: { query: '@everyone memory <@&1>' } });
    await h.deferred({ name: 'papers', options: { query: 'nothing matches this' } });
    await h.deferred(h.admin('today'));
    const thread = String(h.fake.messages(FAKE_CHANNEL_ID).find((message) => message.webhook_id === undefined)?.id);
    const voted = String(h.fake.messages(thread)[0]?.id);
    h.fake.reactionAdd({ channelId: thread, messageId: voted, emoji: UPVOTE });
    await h.fake.waitForRoute('message.edit', (request) => request.params.message === voted);
    await h.reply(h.admin('top', {}, PERMISSIONS.member));
    h.fake.failNext({ route: 'webhook.original.edit', status: 400, body: { message: 'Invalid Form Body', code: 50035 }, count: 1 });
    await h.interact({ name: 'papers', options: { query: 'memory' } }, (calls) => calls.filter((call) => call.route === 'webhook.original.edit').length === 2);

    const messages = h.fake.requests.filter((request) =>
      MESSAGE_ROUTES.has(request.route) || (request.route === 'interaction.callback' && [4, 7].includes(Number(bodyOf(request).type))));
    expect(messages.length).toBeGreaterThan(10);
    for (const request of messages) expect(messageOf(request).allowed_mentions, `${request.method} ${request.routePath}`).toEqual({ parse: [] });

    const logs = h.logs();
    expect(logs).not.toContain(DISCORD_TOKEN);
    expect(logs).not.toContain(DISCORD_TOKEN.split('.')[2]);
    for (const ack of h.fake.interactionAcks()) expect(logs).not.toContain(ack.token);
    expect(logs).not.toMatch(/Bot [A-Za-z0-9]/u);
  });
});
