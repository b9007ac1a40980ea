/**
 * Drives the real @slack/bolt 5 App (HTTP receiver and Socket Mode) and its WebClient against
 * the fake Slack, so later end-to-end tests can trust what the fake accepts and rejects.
 */
import type { Server } from 'node:http';
import { App, webApi, type BlockButtonAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blockAction, reactionEvent, sendToBolt, slashCommand, startSlackFake, urlVerification, type SlackFake,
} from './index.js';
import { silentBoltLogger } from './silent-logger.js';

const SECRET = 'test-signing-secret';


/** A promise a listener settles with `fire`; rejects after `ms` so a silent listener fails fast. */
function signal<T>(ms = 3000): { promise: Promise<T>; fire: (value: T) => void } {
  let fire: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`listener did not run within ${ms} ms`)); }, ms);
    fire = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
  });
  return { promise, fire };
}

function webClient(fake: SlackFake, options: webApi.WebClientOptions = {}, token = 'xoxb-test'): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentBoltLogger,
    ...options,
  });
}

let fake: SlackFake;
const apps: App[] = [];

beforeEach(async () => {
  fake = await startSlackFake();
});

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await fake.stop();
});

async function startHttpApp(register: (app: App) => void): Promise<number> {
  const app = new App({
    token: 'xoxb-test',
    signingSecret: SECRET,
    logger: silentBoltLogger,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  register(app);
  apps.push(app);
  const server: Server = await app.start({ port: 0, host: '127.0.0.1' });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Bolt did not listen on a TCP port');
  return address.port;
}

describe('fake Slack with the real Bolt HTTP receiver', () => {
  it('runs a signed slash command, acks with 200 and delivers respond() to the response_url sink', async () => {
    const port = await startHttpApp((app) => {
      app.command('/papers', async ({ ack, respond, command }) => {
        await ack();
        await respond({ response_type: 'ephemeral', text: `searching ${command.text}` });
      });
    });
    const request = slashCommand({ text: 'diffusion', responseUrl: fake.responseUrl('cmd-1') });
    const res = await sendToBolt(port, request, { secret: SECRET });
    expect(res.status).toBe(200);
    const response = await fake.waitForResponse('cmd-1');
    expect(response.body).toEqual({ response_type: 'ephemeral', text: 'searching diffusion' });
    expect(fake.calls('auth.test')[0]).toMatchObject({ token: 'xoxb-test', response: { user_id: 'U0BOT' } });
  });

  it('answers 401 to a bad signature and does not run the listener', async () => {
    let ran = false;
    const port = await startHttpApp((app) => {
      app.command('/papers', async ({ ack }) => {
        ran = true;
        await ack();
      });
    });
    const request = slashCommand({ responseUrl: fake.responseUrl('cmd-2') });
    const res = await sendToBolt(port, request, { secret: SECRET, badSignature: true });
    expect(res.status).toBe(401);
    expect(ran).toBe(false);
  });

  it('answers 401 to a request signed more than 5 minutes ago', async () => {
    const port = await startHttpApp(() => undefined);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await sendToBolt(port, slashCommand({ responseUrl: fake.responseUrl('x') }), { secret: SECRET, ts: stale });
    expect(res.status).toBe(401);
  });

  it('runs the reaction_added listener for a signed event and passes the retry number on', async () => {
    const seen = signal<{ reaction: string; ts: string; retryNum: number | undefined }>();
    const port = await startHttpApp((app) => {
      app.event('reaction_added', ({ event, context }) => {
        seen.fire({ reaction: event.reaction, ts: event.item.ts, retryNum: context.retryNum });
        return Promise.resolve();
      });
    });
    const request = reactionEvent({ reaction: 'arrow_up', ts: '1700000000.000100' });
    const res = await sendToBolt(port, request, { secret: SECRET, retryNum: 1 });
    expect(res.status).toBe(200);
    await expect(seen.promise).resolves.toEqual({ reaction: 'arrow_up', ts: '1700000000.000100', retryNum: 1 });
  });

  it('runs a block action listener with the button value and container', async () => {
    const seen = signal<{ value: string | undefined; channel: string | undefined }>();
    const port = await startHttpApp((app) => {
      app.action<BlockButtonAction>('vote', async ({ ack, action, body, respond }) => {
        await ack();
        await respond({ replace_original: false, text: 'voted' });
        seen.fire({ value: action.value, channel: body.channel?.id });
      });
    });
    const request = blockAction({ actionId: 'vote', value: '2406.12345', responseUrl: fake.responseUrl('act-1') });
    const res = await sendToBolt(port, request, { secret: SECRET });
    expect(res.status).toBe(200);
    await expect(seen.promise).resolves.toEqual({ value: '2406.12345', channel: 'C0001' });
    expect(fake.responses('act-1').map((r) => r.body)).toEqual([{ replace_original: false, text: 'voted' }]);
  });

  it('answers url_verification with the challenge', async () => {
    const port = await startHttpApp(() => undefined);
    const res = await sendToBolt(port, urlVerification('abc123'), { secret: SECRET });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'abc123' });
  });

  it('makes respond() throw when the response_url answers 500', async () => {
    const failed = signal<unknown>();
    const port = await startHttpApp((app) => {
      app.command('/papers', async ({ ack, respond }) => {
        await ack();
        await respond('hello').then(() => { failed.fire('no error'); }, (error: unknown) => { failed.fire(error); });
      });
    });
    fake.failNextResponse({ id: 'cmd-3', status: 500 });
    await sendToBolt(port, slashCommand({ responseUrl: fake.responseUrl('cmd-3') }), { secret: SECRET });
    await expect(failed.promise).resolves.toMatchObject({ code: 'slack_bolt_respond_error' });
  });
});

describe('fake Slack Web API through the real WebClient', () => {
  it('rejects chat.postMessage with 51 blocks as invalid_blocks and stores nothing', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(webClient(fake).chat.postMessage({ channel: 'C0001', text: 'x', blocks }))
      .rejects.toMatchObject({ code: 'slack_webapi_platform_error', data: { error: 'invalid_blocks' } });
    expect(fake.messages('C0001')).toEqual([]);
    expect(fake.calls('chat.postMessage')[0]?.args.blocks).toHaveLength(51);
  });

  it('answers channel_not_found for a channel the workspace does not have', async () => {
    await fake.stop();
    fake = await startSlackFake({ acceptAnyChannel: false, channels: [{ id: 'C0001', name: 'papers' }] });
    await expect(webClient(fake).chat.postMessage({ channel: 'C0404', text: 'hi' }))
      .rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(webClient(fake).chat.postMessage({ channel: 'C0001', text: 'hi' })).resolves.toMatchObject({ ok: true });
  });

  it('retries once after a 429 with Retry-After 1 and stores a single message', async () => {
    fake.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 1 });
    const result = await webClient(fake, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } }).chat.postMessage({ channel: 'C0001', text: 'digest' });
    expect(result.ok).toBe(true);
    const posts = fake.calls('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(posts[0]?.response).toEqual({ ok: false, error: 'ratelimited' });
    expect(fake.messages('C0001').map((m) => m.text)).toEqual(['digest']);
  });

  it('throws a rate-limited error carrying retryAfter when the client rejects rate-limited calls', async () => {
    fake.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 7 });
    await expect(webClient(fake, { rejectRateLimitedCalls: true }).chat.postMessage({ channel: 'C0001', text: 'x' }))
      .rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    expect(fake.messages()).toEqual([]);
  });

  it('returns a posted message with its metadata from conversations.history', async () => {
    const client = webClient(fake);
    const metadata = { event_type: 'paperboy_digest', event_payload: { day: '2026-06-12', papers: 3 } };
    const posted = await client.chat.postMessage({ channel: 'C0001', text: 'Daily papers', metadata });
    const history = await client.conversations.history({ channel: 'C0001', include_all_metadata: true });
    expect(history.messages).toHaveLength(1);
    expect(history.messages?.[0]).toMatchObject({ ts: posted.ts, text: 'Daily papers', metadata });
    const plain = await client.conversations.history({ channel: 'C0001' });
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
  });
});

describe('fake Slack Socket Mode with the real Bolt App', () => {
  it('connects through apps.connections.open, runs a slash command and returns the ack', async () => {
    const app = new App({
      token: 'xoxb-test',
      appToken: 'xapp-test',
      socketMode: true,
      logger: silentBoltLogger,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/papers', async ({ ack, command }) => {
      await ack({ text: `ok ${command.text}` });
    });
    app.event('reaction_added', () => Promise.resolve());
    apps.push(app);
    await app.start();
    expect(fake.calls('apps.connections.open')[0]).toMatchObject({ token: 'xapp-test', response: { ok: true } });
    expect(fake.socketConnections()).toBe(1);

    const command = slashCommand({ text: 'now', responseUrl: fake.responseUrl('sock-1') });
    await expect(fake.sendEnvelope('slash_commands', command.payload)).resolves.toMatchObject({ payload: { text: 'ok now' } });
    const ack = await fake.sendEnvelope('events_api', reactionEvent().payload, { envelopeId: 'env-reaction' });
    expect(ack).toEqual({ envelope_id: 'env-reaction', payload: {}, connection: 1 });
  });
});
