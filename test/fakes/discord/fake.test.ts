import {
  ButtonStyle, Client, MessageFlags, ComponentType, DiscordAPIError, Events, GatewayIntentBits, Partials, Routes,
  type Interaction, type MessageReaction, type PartialMessageReaction, type PartialUser, type TextChannel, type User,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_CHANNEL_ID, FAKE_GUILD_ID, FAKE_SECOND_CHANNEL_ID, FAKE_USER_ID, messageErrors, startDiscordFake, type DiscordFake,
} from './index.js';

const TOKEN = 'fake-token.abc.def';
let fake: DiscordFake;
let client: Client;

async function login(): Promise<Client> {
  const c = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: { api: fake.apiUrl, retries: 1 },
  });
  const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => { resolve(); }));
  await c.login(TOKEN);
  await ready;
  return c;
}

function textChannel(id = FAKE_CHANNEL_ID): TextChannel {
  const channel = client.channels.cache.get(id);
  if (channel?.isTextBased() !== true || channel.isDMBased() || channel.isThread() || channel.isVoiceBased()) throw new Error(`no text channel ${id}`);
  return channel as TextChannel;
}

/** Runs `handle` for the next interaction and settles with its outcome, so handler errors fail the test. */
function onNextInteraction(handle: (interaction: Interaction) => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => { handle(interaction).then(resolve, reject); });
  });
}

describe('fake Discord driven by the real discord.js client', () => {
  beforeEach(async () => {
    fake = await startDiscordFake();
    client = await login();
  });

  afterEach(async () => {
    await client.destroy();
    await fake.stop();
  });

  it('logs in through /gateway/bot, IDENTIFY, READY and GUILD_CREATE with channels', async () => {
    expect(client.user?.id).toBe(fake.ids.botUserId);
    expect(client.guilds.cache.get(FAKE_GUILD_ID)?.channels.cache.has(FAKE_CHANNEL_ID)).toBe(true);
    expect(fake.requestsTo('gateway.bot')[0]?.auth).toBe(`Bot ${TOKEN}`);
    const identify = await fake.waitForIdentify();
    expect(identify.d).toMatchObject({ token: TOKEN, intents: (1 << 0) | (1 << 10), compress: false });
    expect(fake.gatewayConnects()[0]).toContain('encoding=json');
    expect(fake.unknownRequests()).toEqual([]);
  });

  it('delivers a slash command and records deferReply then editReply in order', async () => {
    const handled = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.deferReply();
      const description = `${interaction.options.getSubcommand()} count=${interaction.options.getInteger('count')}`;
      await interaction.editReply({ embeds: [{ title: 'Summary', description }] });
    });
    const sent = fake.interaction({ name: 'papers', subcommand: 'top', options: { count: 5 } });
    await handled;

    const calls = fake.interactionRequests(sent);
    expect(calls.map((r) => [r.route, r.status])).toEqual([['interaction.callback', 204], ['webhook.original.edit', 200]]);
    expect(calls[0]?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(calls[0]?.auth).toBeUndefined();
    expect(calls[1]?.path).toBe(`/api/v10/webhooks/${fake.ids.applicationId}/${sent.token}/messages/@original`);
    expect(calls[1]?.body).toMatchObject({ embeds: [{ title: 'Summary', description: 'top count=5' }] });
    expect(fake.interactionAcks().map((a) => a.type)).toEqual([5]);
  });

  it('rejects a send whose embeds total more than 6000 characters with 50035', async () => {
    const embeds = [1, 2, 3, 4].map((n) => ({ title: `Part ${n}`, description: 'x'.repeat(1600) }));
    const error: unknown = await textChannel().send({ embeds }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50035, status: 400 });
    expect((error as DiscordAPIError).message).toContain('MAX_EMBED_SIZE_EXCEEDED');
    expect(fake.messages(FAKE_CHANNEL_ID)).toEqual([]);
  });

  it('answers 10003 Unknown Channel after the channel is deleted', async () => {
    const channel = textChannel();
    fake.deleteChannel(FAKE_CHANNEL_ID);
    await expect(channel.send('hello')).rejects.toMatchObject({ code: 10003, status: 404 });
  });

  it('delivers a reaction on an uncached message as a partial that fetch() completes', async () => {
    const channel = textChannel();
    const posted = await channel.send('vote on me');
    channel.messages.cache.clear();
    const received = new Promise<[MessageReaction | PartialMessageReaction, User | PartialUser]>((resolve) => {
      client.once(Events.MessageReactionAdd, (reaction, user) => { resolve([reaction, user]); });
    });

    fake.reactionAdd({ messageId: posted.id, emoji: '👍' });
    const [reaction, user] = await received;

    expect(reaction.partial).toBe(true);
    expect(reaction.emoji.name).toBe('👍');
    expect(user.id).toBe(FAKE_USER_ID);
    const message = await reaction.message.fetch();
    expect(message.content).toBe('vote on me');
    expect(message.reactions.cache.get('👍')?.count).toBe(1);
    expect(fake.requestsTo('message.get').map((r) => r.status)).toEqual([200]);
  });

  it('lets discord.js retry a 429 with Retry-After 1 and stores one message', async () => {
    fake.failNext({ method: 'POST', pathPattern: `/channels/${FAKE_CHANNEL_ID}/messages`, status: 429, retryAfter: 1 });
    const message = await textChannel().send('after the rate limit');
    const posts = fake.requestsTo('message.create');
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[0]?.response).toEqual({ message: 'You are being rate limited.', retry_after: 1, global: false });
    expect(fake.messages(FAKE_CHANNEL_ID).map((m) => m.id)).toEqual([message.id]);
  });

  it('lets discord.js retry a 500 and stores one message', async () => {
    fake.failNext({ pathPattern: /^\/channels\/\d+\/messages$/u, status: 500 });
    await textChannel().send('after the outage');
    expect(fake.requestsTo('message.create').map((r) => r.status)).toEqual([500, 200]);
    expect(fake.messages(FAKE_CHANNEL_ID)).toHaveLength(1);
  });

  it('returns the original message for a repeated nonce with enforce_nonce', async () => {
    const channel = textChannel();
    const first = await channel.send({ content: 'digest', nonce: 'digest-2026-06-12', enforceNonce: true });
    const second = await channel.send({ content: 'digest', nonce: 'digest-2026-06-12', enforceNonce: true });
    expect(second.id).toBe(first.id);
    expect(fake.messages(FAKE_CHANNEL_ID)).toHaveLength(1);
    expect(fake.requestsTo('message.create')[1]?.body).toMatchObject({ nonce: 'digest-2026-06-12', enforce_nonce: true });
  });

  it('creates a second message for a repeated nonce once the nonce window has passed', async () => {
    const channel = textChannel();
    const first = await channel.send({ content: 'digest', nonce: 'digest-2026-06-12', enforceNonce: true });
    fake.expireNonces();
    const second = await channel.send({ content: 'digest', nonce: 'digest-2026-06-12', enforceNonce: true });
    expect(second.id).not.toBe(first.id);
    expect(fake.messages(FAKE_CHANNEL_ID)).toHaveLength(2);
  });

  it('lists a channel\'s messages newest first, paged by before, with author, embeds and thread but no nonce', async () => {
    const channel = textChannel();
    const sent = [];
    for (const n of [1, 2, 3]) sent.push(await channel.send({ content: `m${n}`, embeds: [{ title: `t${n}`, url: `https://example.org/${n}` }], nonce: `n${n}`, enforceNonce: true }));
    await sent[0]!.startThread({ name: 'day' });
    const page = (await client.rest.get(Routes.channelMessages(FAKE_CHANNEL_ID), { query: new URLSearchParams({ limit: '2' }) })) as Record<string, unknown>[];
    expect(page.map((m) => m.content)).toEqual(['m3', 'm2']);
    expect(page[0]).toMatchObject({ author: { id: fake.ids.botUserId, bot: true }, embeds: [{ type: 'rich', title: 't3', url: 'https://example.org/3' }] });
    expect(page.some((m) => 'nonce' in m)).toBe(false);
    const older = (await client.rest.get(Routes.channelMessages(FAKE_CHANNEL_ID), { query: new URLSearchParams({ limit: '2', before: sent[1]!.id }) })) as Record<string, unknown>[];
    expect(older).toEqual([expect.objectContaining({ id: sent[0]!.id, thread: expect.objectContaining({ id: sent[0]!.id }) as unknown, flags: 32 })]);
  });

  it('drives button clicks (update) and autocomplete (choices) built by the fake', async () => {
    const posted = await textChannel().send({
      content: 'paper',
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Upvote', custom_id: 'vote:2401.00001' }] }],
    });
    const clicked = onNextInteraction(async (interaction) => {
      if (!interaction.isButton()) throw new Error('expected a button');
      await interaction.update({ content: `voted ${interaction.customId}` });
    });
    fake.interaction({ type: 3, customId: 'vote:2401.00001', messageId: posted.id });
    await clicked;
    expect(fake.message(posted.id)?.content).toBe('voted vote:2401.00001');

    const completed = onNextInteraction(async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
      await interaction.respond([{ name: `${interaction.options.getFocused()}formers`, value: 'transformers' }]);
    });
    fake.interaction({ type: 4, name: 'papers', subcommand: 'search', options: { query: 'trans' } });
    await completed;
    expect(fake.interactionAcks().map((a) => [a.type, a.data])).toEqual([
      [7, expect.objectContaining({ content: 'voted vote:2401.00001' })],
      [8, { choices: [{ name: 'transformers', value: 'transformers' }] }],
    ]);
  });

  it('delivers a message context-menu command with its target message resolved', async () => {
    const target = fake.addMessage(FAKE_CHANNEL_ID, { content: 'see https://arxiv.org/abs/2401.00001' });
    const used = onNextInteraction(async (interaction) => {
      if (!interaction.isMessageContextMenuCommand()) throw new Error('expected a message command');
      await interaction.reply({ content: `${interaction.commandName}: ${interaction.targetMessage.content}`, flags: MessageFlags.Ephemeral });
    });
    fake.interaction({ targetMessageId: String(target.id) });
    await used;
    expect(fake.interactionAcks().map((a) => [a.type, a.data?.content])).toEqual([[4, 'Paperboy: paper card: see https://arxiv.org/abs/2401.00001']]);
  });

  it('accepts capitals, spaces and punctuation in message command names only', async () => {
    const put = (body: unknown[]) => client.rest.put(Routes.applicationGuildCommands(fake.ids.applicationId, FAKE_GUILD_ID), { body });
    await expect(put([{ type: 3, name: 'Paperboy: paper card' }])).resolves.toMatchObject([{ name: 'Paperboy: paper card' }]);
    await expect(put([{ type: 1, name: 'Paperboy: paper card', description: 'x' }])).rejects.toMatchObject({ code: 50035 });
    await expect(put([{ type: 3, name: 'x'.repeat(33) }])).rejects.toMatchObject({ code: 50035 });
  });

  it('starts a thread from a message that then accepts messages', async () => {
    const posted = await textChannel().send('daily digest');
    const thread = await posted.startThread({ name: 'Discussion' });
    await thread.send('first comment');
    expect(thread.id).toBe(posted.id);
    expect(fake.channel(thread.id)).toMatchObject({ type: 11, parent_id: FAKE_CHANNEL_ID, name: 'Discussion' });
    expect(fake.messages(thread.id).map((m) => m.content)).toEqual(['first comment']);
  });

  it('answers 50013 and 50001 for channels the bot may not use', async () => {
    fake.setChannelAccess(FAKE_CHANNEL_ID, 'missing-permissions');
    await expect(textChannel().send('hi')).rejects.toMatchObject({ code: 50013, status: 403 });
    fake.setChannelAccess(FAKE_SECOND_CHANNEL_ID, 'missing-access');
    await expect(textChannel(FAKE_SECOND_CHANNEL_ID).send('hi')).rejects.toMatchObject({ code: 50001, status: 403 });
  });

  it('refuses a second callback for the same interaction with 40060', async () => {
    const replied = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.reply({ content: 'first' });
    });
    const sent = fake.interaction();
    await replied;
    const again = await fetch(`${fake.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 4, data: { content: 'second' } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
    expect(fake.messages(FAKE_CHANNEL_ID).map((m) => m.content)).toEqual(['first']);
  });

  it('parses a multipart upload into the JSON body and stored attachments', async () => {
    const message = await textChannel().send({ content: 'with file', files: [{ attachment: Buffer.from('hello'), name: 'paper.txt' }] });
    const upload = fake.requestsTo('message.create')[0];
    expect(upload?.body).toMatchObject({ content: 'with file' });
    expect(upload?.files).toEqual([{ field: 'files[0]', filename: 'paper.txt', size: 5, contentType: expect.any(String) as string }]);
    expect(message.attachments.first()?.name).toBe('paper.txt');
  });

  it('lets discord.js resume after the gateway drops and replays what it missed', async () => {
    fake.closeGateway(4000);
    const posted = fake.addMessage(FAKE_CHANNEL_ID, { content: 'while away' });
    const received = new Promise<string>((resolve) => {
      client.once(Events.MessageReactionAdd, (reaction) => { resolve(reaction.message.id); });
    });
    fake.reactionAdd({ messageId: String(posted.id) });
    expect(await received).toBe(posted.id);
    expect(fake.gatewayFrames().map((f) => f.op)).toContain(6);
    expect(fake.dispatched().map((d) => d.t)).toContain('RESUMED');
  });

  it('records an unknown route and answers 404 with code 0', async () => {
    await expect(client.rest.get(Routes.guildBans(FAKE_GUILD_ID))).rejects.toMatchObject({ code: 0, status: 404 });
    expect(fake.unknownRequests().map((r) => `${r.method} ${r.routePath}`)).toEqual([`GET /guilds/${FAKE_GUILD_ID}/bans`]);
  });

  it('paces discord.js through the per-channel bucket headers when rate limits are enforced', async () => {
    fake.setRateLimit({ messagesPerChannel: 2, messageWindowMs: 300 });
    const channel = textChannel();
    await Promise.all(['one', 'two', 'three'].map((content) => channel.send(content)));
    expect(fake.messages(FAKE_CHANNEL_ID).map((m) => m.content)).toEqual(['one', 'two', 'three']);
    expect(fake.requestsTo('message.create').map((r) => r.status)).toEqual([200, 200, 200]);
  });
});

describe('fake Discord REST rules', () => {
  beforeEach(async () => {
    fake = await startDiscordFake();
  });

  afterEach(async () => {
    await fake.stop();
  });

  const post = (path: string, body: unknown): Promise<Response> => fetch(`${fake.apiUrl}/v10${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bot ${TOKEN}` },
    body: JSON.stringify(body),
  });

  it('answers 429 with Retry-After and X-RateLimit headers once the channel bucket is empty', async () => {
    fake.setRateLimit({ messagesPerChannel: 2, messageWindowMs: 5000 });
    const statuses: number[] = [];
    for (const content of ['a', 'b', 'c']) statuses.push((await post(`/channels/${FAKE_CHANNEL_ID}/messages`, { content })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await post(`/channels/${FAKE_CHANNEL_ID}/messages`, { content: 'd' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect(fake.messages(FAKE_CHANNEL_ID)).toHaveLength(2);
  });

  it('answers 10062 for a callback to an interaction it never dispatched', async () => {
    const answer = await post('/interactions/123/itoken-123/callback', { type: 4, data: { content: 'hi' } });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ message: 'Unknown interaction', code: 10062 });
  });

  it('counts the 6000 total over trimmed text of all embeds', () => {
    const padded = { description: `  ${'x'.repeat(3000)}  ` };
    expect(messageErrors({ embeds: [padded, padded] })).toBeUndefined();
    expect(messageErrors({ embeds: [padded, padded, { title: 'y' }] })).toEqual({
      embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] },
    });
  });

  it('names every field over its limit in the 50035 error tree', () => {
    const errors = messageErrors({
      content: 'c'.repeat(2001),
      embeds: [{ title: 't'.repeat(257), fields: [{ name: '', value: 'v'.repeat(1025) }], footer: { text: 'f'.repeat(2049) }, author: { name: 'a'.repeat(257) } }],
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'l'.repeat(81), custom_id: 'x' }, { type: 2, style: 1, label: 'dup', custom_id: 'x' }] }],
    });
    expect(errors).toMatchObject({
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] },
      embeds: { 0: {
        title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] },
        fields: { 0: { name: { _errors: [{ code: 'BASE_TYPE_REQUIRED' }] }, value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
        footer: { text: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
        author: { name: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
      } },
      components: { 0: { components: {
        0: { label: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
        1: { custom_id: { _errors: [{ code: 'COMPONENT_CUSTOM_ID_DUPLICATED' }] } },
      } } },
    });
  });
});
