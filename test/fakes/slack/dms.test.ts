/** The fake Slack's direct messages through the real WebClient: conversations.open and its refusals. */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentBoltLogger } from './silent-logger.js';
import { startSlackFake, type SlackFake } from './index.js';

let fake: SlackFake;
let client: webApi.WebClient;

beforeEach(async () => {
  fake = await startSlackFake();
  client = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentBoltLogger });
});

afterEach(async () => {
  await fake.stop();
});

const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(() => 'ok', (error: unknown) => (error as { data?: { error?: string } }).data?.error);

describe('fake Slack direct messages', () => {
  it('opens the same im channel for a user every time, and keeps the bot\'s messages there apart from channels', async () => {
    const first = await client.conversations.open({ users: 'U0001' });
    expect(first.channel?.id).toMatch(/^D/u);
    const second = await client.conversations.open({ users: 'U0001' });
    expect(second).toMatchObject({ channel: { id: first.channel?.id }, already_open: true });
    await client.chat.postMessage({ channel: first.channel?.id ?? '', text: 'hello', metadata: { event_type: 'x', event_payload: { nonce: 'n1' } } });
    expect(fake.dms('U0001').map((message) => message.text)).toEqual(['hello']);
    expect(fake.dms('U0002')).toEqual([]);
    const history = await client.conversations.history({ channel: first.channel?.id ?? '', include_all_metadata: true });
    expect(history.messages?.[0]?.metadata?.event_payload).toEqual({ nonce: 'n1' });
  });

  it('answers Slack\'s errors: no users, an unknown user, a bot, a deactivated account, an im never opened', async () => {
    expect(await errorOf(client.apiCall('conversations.open', {}))).toBe('users_list_not_supplied');
    expect(await errorOf(client.conversations.open({ users: 'U0NOBODY' }))).toBe('user_not_found');
    expect(await errorOf(client.conversations.open({ users: 'U0BOT' }))).toBe('cannot_dm_bot');
    fake.setUser({ id: 'U0002', name: 'bob', deleted: true });
    expect(await errorOf(client.conversations.open({ users: 'U0002' }))).toBe('user_disabled');
    expect(await errorOf(client.chat.postMessage({ channel: 'D0NEVER', text: 'x' }))).toBe('channel_not_found');
  });
});
