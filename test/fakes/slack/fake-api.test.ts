/**
 * The fake Slack Web API's own rules (limits, channels, reactions, history, faults), exercised
 * through the real @slack/web-api WebClient that Bolt uses.
 */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentBoltLogger } from './silent-logger.js';
import { startSlackFake, type SlackFake, type SlackFakeOptions } from './index.js';

const silent = silentBoltLogger;

let fake: SlackFake;
let client: webApi.WebClient;

async function restart(options: SlackFakeOptions): Promise<void> {
  await fake.stop();
  fake = await startSlackFake(options);
  client = clientFor('xoxb-test');
}

function clientFor(token: string, options: webApi.WebClientOptions = {}): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silent, ...options });
}

beforeEach(async () => {
  fake = await startSlackFake();
  client = clientFor('xoxb-test');
});

afterEach(async () => {
  await fake.stop();
});

/** Deliberately loose: these tests send blocks Slack's own types would forbid. */
type AnyBlock = webApi.Block & Record<string, unknown>;

const section = (text: string): AnyBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, value = 'v'): AnyBlock => ({
  type: 'actions',
  elements: [{ type: 'button', action_id: 'vote', text: { type: 'plain_text', text }, value }],
});

describe('fake Slack message limits', () => {
  it.each([
    ['a section text over 3000', [section('x'.repeat(3001))], 'invalid_blocks'],
    ['a header over 150', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], 'invalid_blocks'],
    ['a context block with 11 elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }], 'invalid_blocks'],
    ['a button text over 75', [button('b'.repeat(76))], 'invalid_blocks'],
    ['a button value over 2000', [button('Vote', 'v'.repeat(2001))], 'invalid_blocks'],
    ['an empty section text', [section('')], 'invalid_blocks'],
    ['a duplicate block_id', [{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }], 'invalid_blocks'],
    ['an unknown block type', [{ type: 'carousel' }], 'invalid_blocks'],
    ['more than 13,200 characters of block text', Array.from({ length: 5 }, () => section('y'.repeat(2700))), 'msg_blocks_too_long'],
  ] as [string, AnyBlock[], string][])('rejects %s', async (_name, blocks, error) => {
    await expect(client.chat.postMessage({ channel: 'C0001', text: 'fallback', blocks }))
      .rejects.toMatchObject({ data: { error } });
    expect(fake.messages()).toEqual([]);
  });

  it('rejects top-level text over 40,000 characters with msg_too_long', async () => {
    await expect(client.chat.postMessage({ channel: 'C0001', text: 'z'.repeat(40_001) }))
      .rejects.toMatchObject({ data: { error: 'msg_too_long' } });
  });

  it('accepts 50 blocks at the limits and reports the failing path of a rejected one', async () => {
    const atLimits: AnyBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      section('s'.repeat(3000)),
      button('b'.repeat(75), 'v'.repeat(2000)),
      ...Array.from({ length: 47 }, () => ({ type: 'divider' })),
    ];
    await expect(client.chat.postMessage({ channel: 'C0001', text: 'ok', blocks: atLimits })).resolves.toMatchObject({ ok: true });
    expect(fake.messages('C0001')[0]?.blocks).toEqual(atLimits);
    await client.chat.postMessage({ channel: 'C0001', text: 'x', blocks: [section('x'.repeat(3001))] }).catch(() => undefined);
    expect(fake.calls('chat.postMessage')[1]?.response.errors).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
  });

  it('rejects a message with neither text nor blocks as no_text', async () => {
    await expect(client.chat.postMessage({ channel: 'C0001', text: '' })).rejects.toMatchObject({ data: { error: 'no_text' } });
  });
});

describe('fake Slack channels, auth and faults', () => {
  it('answers is_archived, not_in_channel and channel_not_found as configured per channel', async () => {
    await restart({ channels: [{ id: 'C0ARCH', archived: true }, { id: 'C0OUT', member: false }, { id: 'C0GONE', notFound: true }] });
    const post = (channel: string): Promise<unknown> => client.chat.postMessage({ channel, text: 'hi' });
    await expect(post('C0ARCH')).rejects.toMatchObject({ data: { error: 'is_archived' } });
    await expect(post('C0OUT')).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    await expect(post('C0GONE')).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(post('D0DM')).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.conversations.info({ channel: 'C0ARCH' })).resolves.toMatchObject({ channel: { is_archived: true } });
  });

  it('answers invalid_auth for a wrong token and records unknown methods', async () => {
    await expect(clientFor('xoxb-wrong').auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(client.apiCall('papers.nothing')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    expect(fake.calls('papers.nothing')).toHaveLength(1);
    expect(fake.calls('auth.test')[0]?.headers.authorization).toBe('Bearer xoxb-wrong');
  });

  it('fails the next call with the injected Slack error, then behaves again', async () => {
    fake.failNext({ method: 'chat.postMessage', error: 'internal_error' });
    await expect(client.chat.postMessage({ channel: 'C0001', text: 'a' })).rejects.toMatchObject({ data: { error: 'internal_error' } });
    await expect(client.chat.postMessage({ channel: 'C0001', text: 'a' })).resolves.toMatchObject({ ok: true });
  });

  it('answers 429 with Retry-After for a second message in the same channel when rate limits are enforced', async () => {
    await restart({ rateLimit: { burst: 1 } });
    const strict = clientFor('xoxb-test', { rejectRateLimitedCalls: true });
    await strict.chat.postMessage({ channel: 'C0001', text: 'one' });
    await expect(strict.chat.postMessage({ channel: 'C0001', text: 'two' }))
      .rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
    await expect(strict.chat.postMessage({ channel: 'C0002', text: 'other channel' })).resolves.toMatchObject({ ok: true });
  });

  it('accepts a JSON body as well as a form', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0001', text: 'json', blocks: [section('hi')] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0001' });
    expect(fake.messages('C0001')[0]?.blocks).toEqual([section('hi')]);
  });

  it('answers used_url after a response_url has been used five times', async () => {
    const post = (): Promise<number> => fetch(fake.responseUrl('r'), { method: 'POST', body: '{"text":"x"}' }).then((r) => r.status);
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push(await post());
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });
});

describe('fake Slack messages, reactions and users', () => {
  it('gives increasing unique ts values and counts thread replies on the parent', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0001', text: 'digest' });
    const reply = await client.chat.postMessage({ channel: 'C0001', text: 'paper 1', thread_ts: parent.ts! });
    expect(parent.ts).toBe('1700000000.000100');
    expect(reply.ts).toBe('1700000000.000200');
    expect(fake.messages('C0001')[0]).toMatchObject({ reply_count: 1, thread_ts: parent.ts, latest_reply: reply.ts });
    const history = await client.conversations.history({ channel: 'C0001' });
    expect(history.messages?.map((m) => m.text)).toEqual(['digest']);
  });

  it('pages conversations.history newest first with limit and oldest', async () => {
    const ts: string[] = [];
    for (const text of ['a', 'b', 'c']) ts.push((await client.chat.postMessage({ channel: 'C0001', text })).ts!);
    const first = await client.conversations.history({ channel: 'C0001', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['c', 'b']);
    expect(first.has_more).toBe(true);
    const newer = await client.conversations.history({ channel: 'C0001', oldest: ts[0]! });
    expect(newer.messages?.map((m) => m.text)).toEqual(['c', 'b']);
  });

  it('updates a bot message and stores ephemerals apart from history', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0001', text: 'v1' });
    await client.chat.update({ channel: 'C0001', ts: ts!, text: 'v2' });
    await client.chat.postEphemeral({ channel: 'C0001', user: 'U0001', text: 'only you' });
    expect(fake.messages('C0001').map((m) => m.text)).toEqual(['v2']);
    expect(fake.ephemerals()).toMatchObject([{ user: 'U0001', text: 'only you' }]);
    const other = fake.addMessage('C0001', { text: 'from alice' });
    await expect(client.chat.update({ channel: 'C0001', ts: other.ts, text: 'x' }))
      .rejects.toMatchObject({ data: { error: 'cant_update_message' } });
  });

  it('answers already_reacted to a duplicate reaction and no_reaction to removing a missing one', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0001', text: 'paper' });
    await client.reactions.add({ channel: 'C0001', timestamp: ts!, name: 'arrow_up' });
    await expect(client.reactions.add({ channel: 'C0001', timestamp: ts!, name: 'arrow_up' }))
      .rejects.toMatchObject({ data: { error: 'already_reacted' } });
    expect(fake.messages('C0001')[0]?.reactions).toEqual([{ name: 'arrow_up', users: ['U0BOT'], count: 1 }]);
    await client.reactions.remove({ channel: 'C0001', timestamp: ts!, name: 'arrow_up' });
    await expect(client.reactions.remove({ channel: 'C0001', timestamp: ts!, name: 'arrow_up' }))
      .rejects.toMatchObject({ data: { error: 'no_reaction' } });
    await expect(client.reactions.add({ channel: 'C0001', timestamp: '1.000000', name: 'x' }))
      .rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('gives a permalink to a stored message and message_not_found for another ts', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0001', text: 'shared card' });
    await expect(client.chat.getPermalink({ channel: 'C0001', message_ts: ts! }))
      .resolves.toMatchObject({ channel: 'C0001', permalink: 'https://paperboy-test.slack.com/archives/C0001/p1700000000000100' });
    await expect(client.chat.getPermalink({ channel: 'C0001', message_ts: '1.000000' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('unfurls only links the message holds, into attachments, and refuses what Slack refuses', async () => {
    const url = 'https://arxiv.org/abs/2401.00001';
    const posted = fake.addMessage('C0001', { text: `see <${url}>` });
    const card = { blocks: [section('A paper')] };
    await expect(client.chat.unfurl({ channel: 'C0001', ts: posted.ts, unfurls: { [url]: card } })).resolves.toMatchObject({ ok: true });
    expect(fake.messages('C0001')[0]?.attachments).toEqual([{ ...card, id: 1, app_unfurl_url: url, is_app_unfurl: true }]);
    await expect(client.chat.unfurl({ channel: 'C0001', ts: posted.ts, unfurls: { 'https://example.com/': card } }))
      .rejects.toMatchObject({ data: { error: 'cannot_unfurl_url' } });
    await expect(client.chat.unfurl({ channel: 'C0001', ts: '1.000000', unfurls: { [url]: card } }))
      .rejects.toMatchObject({ data: { error: 'cannot_find_message' } });
    await expect(client.chat.unfurl({ channel: 'C0001', ts: posted.ts, unfurls: {} })).rejects.toMatchObject({ data: { error: 'missing_unfurls' } });
    await expect(client.chat.unfurl({ channel: 'C0001', ts: posted.ts, unfurls: { [url]: { blocks: [section('x'.repeat(3001))] } } }))
      .rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
  });

  it('reports configured users with their admin, owner and bot flags', async () => {
    await restart({ users: [{ id: 'U0NEW', name: 'nia', is_admin: true }] });
    await expect(client.users.info({ user: 'U0NEW' })).resolves.toMatchObject({ user: { id: 'U0NEW', is_admin: true, is_owner: false } });
    await expect(client.users.info({ user: 'U0OWNER' })).resolves.toMatchObject({ user: { is_owner: true } });
    await expect(client.users.info({ user: 'U0BOT' })).resolves.toMatchObject({ user: { is_bot: true } });
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
  });
});
