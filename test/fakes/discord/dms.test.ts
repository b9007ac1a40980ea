/** The fake Discord's direct messages, driven by the real discord.js client: DM channels and 50007. */
import { Client, DiscordAPIError, Events, GatewayIntentBits, Routes, type APIChannel, type APIMessage } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_SECOND_USER_ID, FAKE_USER_ID, startDiscordFake, type DiscordFake } from './index.js';

let fake: DiscordFake;
let client: Client;

beforeEach(async () => {
  fake = await startDiscordFake();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, retries: 0 } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => { resolve(); }));
  await client.login('fake-token.abc.def');
  await ready;
});

afterEach(async () => {
  await client.destroy();
  await fake.stop();
});

const openDm = async (userId: string): Promise<APIChannel> => (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;

describe('fake Discord direct messages', () => {
  it('opens one DM channel per user (type 1, no guild) and keeps the bot\'s messages there', async () => {
    const first = await openDm(FAKE_USER_ID);
    expect(first).toMatchObject({ type: 1, recipients: [{ id: FAKE_USER_ID }] });
    expect(first).not.toHaveProperty('guild_id');
    expect((await openDm(FAKE_USER_ID)).id).toBe(first.id);
    expect((await openDm(FAKE_SECOND_USER_ID)).id).not.toBe(first.id);

    const sent = (await client.rest.post(Routes.channelMessages(first.id), { body: { content: 'hello', nonce: 'n1', enforce_nonce: true } })) as APIMessage;
    expect(sent).not.toHaveProperty('guild_id');
    const again = (await client.rest.post(Routes.channelMessages(first.id), { body: { content: 'hello', nonce: 'n1', enforce_nonce: true } })) as APIMessage;
    expect(again.id).toBe(sent.id);
    expect(fake.dms(FAKE_USER_ID).map((message) => message.content)).toEqual(['hello']);
    expect(fake.dms(FAKE_SECOND_USER_ID)).toEqual([]);
    // Without the DM intents the bot's own DM is not echoed on the gateway.
    expect(fake.dispatched().filter((record) => record.t === 'MESSAGE_CREATE').every((record) => record.droppedForIntent !== undefined)).toBe(true);
  });

  it('opens the channel of a user whose DMs are closed, then refuses the message with 50007', async () => {
    fake.setDmsClosed(FAKE_USER_ID, true);
    const channel = await openDm(FAKE_USER_ID);
    const refused = await client.rest.post(Routes.channelMessages(channel.id), { body: { content: 'hello' } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ code: 50007, status: 403 });
    fake.setDmsClosed(FAKE_USER_ID, false);
    await client.rest.post(Routes.channelMessages(channel.id), { body: { content: 'hello' } });
    expect(fake.dms(FAKE_USER_ID)).toHaveLength(1);
  });

  it('refuses a recipient that is not a snowflake, and an unknown user', async () => {
    await expect(client.rest.post(Routes.userChannels(), { body: { recipient_id: 'alice' } })).rejects.toMatchObject({ code: 50035 });
    await expect(openDm('9999999999999999999')).rejects.toMatchObject({ code: 10013 });
    await expect(openDm(fake.ids.botUserId).then((channel) => client.rest.post(Routes.channelMessages(channel.id), { body: { content: 'x' } })))
      .rejects.toMatchObject({ code: 50007 });
  });
});
